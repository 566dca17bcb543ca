package standard

import (
	"fmt"
	"time"
)

// Item is one item of a standard with its value, its threshold and whether it held, so a
// page can say why a community or street failed.
type Item struct {
	// ID is stable: employment_rate, zero_households, spot_check, rural_labour_rate,
	// graduate_rate, communities_meeting, score.
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameZH string `json:"name_zh"`
	// Num and Den give a rate's parts (or a count in Num); Value is the shown value (a
	// percent rounded to one decimal, a score, or a count) and Threshold what it must reach.
	Num       uint64  `json:"num"`
	Den       uint64  `json:"den"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	Held      bool    `json:"held"`
	// Reason and ReasonZH say why in words, e.g. "score 87 < 90".
	Reason   string `json:"reason"`
	ReasonZH string `json:"reason_zh"`
}

// CommunityResult is the community standard evaluated for one community.
type CommunityResult struct {
	Community
	Year int       `json:"year"`
	AsOf time.Time `json:"as_of"`
	// Assessed is false for a community outside the assessment base of Year; it then has no
	// items and is not counted anywhere.
	Assessed bool   `json:"assessed"`
	Met      bool   `json:"met"`
	Items    []Item `json:"items"`
}

// StreetResult is the street standard evaluated for one street.
type StreetResult struct {
	Street
	Year int       `json:"year"`
	AsOf time.Time `json:"as_of"`
	// Assessed is false for a street without any assessed community.
	Assessed       bool   `json:"assessed"`
	Communities    int    `json:"communities"`     // assessed communities
	CommunitiesMet int    `json:"communities_met"` // of which meeting the community standard
	Met            bool   `json:"met"`
	Items          []Item `json:"items"`
}

// Failed returns the items that did not hold.
func Failed(items []Item) []Item {
	var out []Item
	for _, it := range items {
		if !it.Held {
			out = append(out, it)
		}
	}
	return out
}

// Percent returns num ÷ den in percent rounded to one decimal, or ifEmpty when den is 0.
func Percent(num, den uint64, ifEmpty float64) float64 {
	if den == 0 {
		return ifEmpty
	}
	return float64(num*1000/den+boolU(num*1000%den*2 >= den)) / 10
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func pct(v float64) string { return fmt.Sprintf("%g%%", v) }

func monthStr(t time.Time) string { return t.Format("2006-01") }
