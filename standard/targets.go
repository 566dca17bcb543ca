package standard

import (
	"fmt"
	"math"
	"time"
)

// Point is a target's measure as of one month: Num of Den communities or streets meet.
type Point struct {
	Month time.Time `json:"month"`
	Num   uint64    `json:"num"`
	Den   uint64    `json:"den"`
}

// TargetResult is a target of SPEC §5 evaluated as of a month of its year. Its Name and
// NameZh are never empty: each falls back as Label does (the other language's name, then
// the ID).
type TargetResult struct {
	Target
	AsOf  time.Time `json:"as_of"`
	Num   uint64    `json:"num"`
	Den   uint64    `json:"den"`
	Value float64   `json:"value"` // percent, one decimal
	Met   bool      `json:"met"`
	// Gap is how many more communities (or streets) must meet for the target to hold; 0
	// when it holds.
	Gap uint64 `json:"gap"`
	// History is the measure as of each month of the year up to AsOf.
	History    []Point    `json:"history"`
	Projection Projection `json:"projection"`
}

// Projection extrapolates the recent monthly pace of the measure's numerator.
type Projection struct {
	// PerMonth is the fitted change of the numerator per month (least squares).
	PerMonth float64 `json:"per_month"`
	// Months is how many as-of months the fit used.
	Months int `json:"months"`
	// Reached is the month the target is (or would be) reached; nil when the pace never
	// gets there (flat or falling) or there are fewer than two months to fit.
	Reached *time.Time `json:"reached"`
	// BeforeDeadline reports whether Reached is no later than December of the target year.
	BeforeDeadline bool   `json:"before_deadline"`
	Note           string `json:"note"`
}

// InScope reports whether a community belongs to the target's scope (group and type).
func (t Target) InScope(group, communityType string) bool {
	if len(t.Groups) > 0 && !contains(t.Groups, group) {
		return false
	}
	return t.CommunityType == "" || t.CommunityType == communityType
}

// Needed returns the least numerator that reaches pct % of den, exactly.
func Needed(den uint64, pct float64) uint64 {
	p := uint64(math.Round(pct * 100))
	return (p*den + 9999) / 10000
}

// Count counts, for the target, the assessed communities (or streets) in scope and how
// many of them meet the standard. keep restricts further (e.g. to a region); nil keeps all.
func (t Target) Count(comms []CommunityResult, streets []StreetResult, keep func(code string) bool) (num, den uint64) {
	if keep == nil {
		keep = func(string) bool { return true }
	}
	if t.Measure == MeasureStreets {
		for _, s := range streets {
			if s.Assessed && t.InScope(s.Group, "") && keep(s.Code) {
				den++
				if s.Met {
					num++
				}
			}
		}
		return num, den
	}
	for _, c := range comms {
		if c.Assessed && t.InScope(c.Group, c.Type) && keep(c.Code) {
			den++
			if c.Met {
				num++
			}
		}
	}
	return num, den
}

// EvaluateTarget judges the target from its history (the measure as of each month of its
// year up to the as-of month, oldest first; the last point is the current one).
func EvaluateTarget(t Target, history []Point, window int) TargetResult {
	t.Name, t.NameZh = t.Label(false), t.Label(true)
	r := TargetResult{Target: t, History: history}
	if len(history) == 0 {
		return r
	}
	cur := history[len(history)-1]
	r.AsOf, r.Num, r.Den = cur.Month, cur.Num, cur.Den
	r.Value = Percent(cur.Num, cur.Den, 100)
	r.Met = AtLeast(cur.Num, cur.Den, t.Percent, true)
	if need := Needed(cur.Den, t.Percent); need > cur.Num {
		r.Gap = need - cur.Num
	}
	r.Projection = Project(t, history, window)
	return r
}

// Project fits a line to the last window points' numerators and returns the month the
// numerator would reach the target's share of the current denominator.
func Project(t Target, history []Point, window int) Projection {
	var p Projection
	deadline := time.Date(t.Year, time.December, 1, 0, 0, 0, 0, time.UTC)
	cur := history[len(history)-1]
	need := Needed(cur.Den, t.Percent)
	if cur.Num >= need {
		m := cur.Month
		p.Reached = &m
		p.BeforeDeadline = !m.After(deadline)
		p.Note = "reached"
		return p
	}
	pts := history
	if len(pts) > window {
		pts = pts[len(pts)-window:]
	}
	p.Months = len(pts)
	if len(pts) < 2 {
		p.Note = "too few months for a pace"
		return p
	}
	// Least squares over x = 0..n-1 (consecutive as-of months); the line's slope is the
	// pace, counted on from the current value.
	n := float64(len(pts))
	var sx, sy, sxx, sxy float64
	for i, q := range pts {
		x, y := float64(i), float64(q.Num)
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	p.PerMonth = (n*sxy - sx*sy) / (n*sxx - sx*sx)
	if p.PerMonth <= 0 {
		p.Note = "no progress at the recent pace"
		return p
	}
	months := int(math.Ceil(float64(need-cur.Num)/p.PerMonth - 1e-9))
	if months < 1 {
		months = 1
	}
	m := cur.Month.AddDate(0, months, 0)
	p.Reached = &m
	p.BeforeDeadline = !m.After(deadline)
	p.Note = fmt.Sprintf("%.1f more per month; %d needed, %d now", p.PerMonth, need, cur.Num)
	return p
}
