package standard

import "time"

// Community is a community of the regions table with its place in the hierarchy.
type Community struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Street       string `json:"street"`
	StreetName   string `json:"street_name"`
	District     string `json:"district"`
	DistrictName string `json:"district_name"`
	Group        string `json:"group"`
	Type         string `json:"type"` // old or converted
	AssessedFrom int    `json:"assessed_from"`
}

// Assessed reports whether the community is in the assessment base of year.
func (c Community) Assessed(year int) bool { return c.AssessedFrom <= year }

// Month holds one community's counts for one month that has a ledger (SPEC §3).
type Month struct {
	TargetGroup      uint64 `json:"target_group"`
	Employed         uint64 `json:"employed"` // effectively employed members of the target group
	RuralTarget      uint64 `json:"rural_target"`
	RuralEmployed    uint64 `json:"rural_employed"`
	GraduateTarget   uint64 `json:"graduate_target"`
	GraduateEmployed uint64 `json:"graduate_employed"`
	// Open lists the household ids of outstanding zero-employment households in the month.
	Open []string `json:"open,omitempty"`
}

// CommunityInput is everything the community standard looks at for one year.
type CommunityInput struct {
	Community
	// Months holds the months of the year that have a ledger for the community (first day,
	// UTC); a month absent from the map is missing.
	Months map[time.Time]*Month
	// SpotCheck is the city's spot-check result for the year: "pass", "fail" or "" (none).
	SpotCheck string
}

// Street is a street with its basic-work score for the year (nil: no score).
type Street struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	District     string   `json:"district"`
	DistrictName string   `json:"district_name"`
	Group        string   `json:"group"`
	Score        *float64 `json:"score"`
}

// QuarterEnds returns the quarter-end months (Mar, Jun, Sep, Dec) of year reached by asOf.
func QuarterEnds(year int, asOf time.Time) []time.Time {
	var out []time.Time
	for m := time.March; m <= time.December; m += 3 {
		t := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
		if !t.After(asOf) {
			out = append(out, t)
		}
	}
	return out
}

// MonthStart returns the first day (UTC) of t's month.
func MonthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// AsOf returns the month the year is evaluated at: asOf when it lies within year, else
// December of year.
func AsOf(year int, asOf time.Time) time.Time {
	if asOf.IsZero() || asOf.Year() != year {
		return time.Date(year, time.December, 1, 0, 0, 0, 0, time.UTC)
	}
	return MonthStart(asOf)
}
