package standard

import (
	"fmt"
	"math"
	"strings"
)

// Config holds the thresholds of SPEC §4 and the targets of SPEC §5. A city that runs a
// different standard edits its configuration file (section `standard:`), never the code.
type Config struct {
	// Community holds the full-employment community thresholds (SPEC §4).
	Community CommunityConfig `yaml:"community" json:"community"`
	// Street holds the full-employment street thresholds (SPEC §4).
	Street StreetConfig `yaml:"street" json:"street"`
	// Targets lists the city's percentage targets (SPEC §5). Default: the eight of SPEC.
	Targets []Target `yaml:"targets" json:"targets"`
	// ProjectionMonths is how many recent as-of months the projection fits its pace on.
	// Default 6; at least 2.
	ProjectionMonths int `yaml:"projection_months" json:"projection_months"`
}

// CommunityConfig holds the community standard's thresholds.
type CommunityConfig struct {
	// EmploymentRate is the minimum employment rate in December, in percent. Default 96.
	EmploymentRate float64 `yaml:"employment_rate" json:"employment_rate"`
	// QuarterEndClearing requires no outstanding zero-employment household at each quarter
	// end (item 2). Default true.
	QuarterEndClearing bool `yaml:"quarter_end_clearing" json:"quarter_end_clearing"`
	// SpotCheck makes a failed city spot check fail the standard (item 3). Default true.
	SpotCheck bool `yaml:"spot_check" json:"spot_check"`
}

// StreetConfig holds the street standard's thresholds.
type StreetConfig struct {
	// EmploymentRate is the minimum street employment rate in December, percent. Default 96.
	EmploymentRate float64 `yaml:"employment_rate" json:"employment_rate"`
	// QuarterEndClearing requires no outstanding zero-employment household in its assessed
	// communities at each quarter end. Default true.
	QuarterEndClearing bool `yaml:"quarter_end_clearing" json:"quarter_end_clearing"`
	// RuralLabourRate is the minimum rural-labour employment rate, percent. Default 85.
	RuralLabourRate float64 `yaml:"rural_labour_rate" json:"rural_labour_rate"`
	// GraduateRate is the minimum graduate employment rate, percent. Default 90.
	GraduateRate float64 `yaml:"graduate_rate" json:"graduate_rate"`
	// CommunitiesMeeting is the minimum share of assessed communities meeting the community
	// standard, percent. Default 80.
	CommunitiesMeeting float64 `yaml:"communities_meeting" json:"communities_meeting"`
	// MinScore is the minimum basic-work score out of 100. Default 90.
	MinScore float64 `yaml:"min_score" json:"min_score"`
}

// Target is one percentage target of SPEC §5: the share of communities (or streets) in its
// scope meeting the standard at the end of Year must reach Percent.
type Target struct {
	// ID identifies the target, e.g. "T2009-city".
	ID string `yaml:"id" json:"id"`
	// Name is the target's English name, e.g. "2009 city: communities meeting"; empty
	// falls back to NameZh, then to ID (see Label).
	Name string `yaml:"name" json:"name"`
	// NameZh is the target's Chinese name, e.g. "2009年全市社区达标率"; empty falls back
	// to Name, then to ID.
	NameZh string `yaml:"name_zh" json:"name_zh"`
	// Year is the year whose end is the deadline.
	Year int `yaml:"year" json:"year"`
	// Groups restricts the scope to district groups (main_urban, xiaoshan, yuhang, county);
	// empty means the whole city.
	Groups []string `yaml:"groups" json:"groups,omitempty"`
	// CommunityType restricts the scope to old or converted communities; empty means both.
	// Only for the communities measure.
	CommunityType string `yaml:"community_type" json:"community_type,omitempty"`
	// Measure is "communities" (meeting ÷ assessed communities) or "streets" (meeting ÷
	// streets with assessed communities).
	Measure string `yaml:"measure" json:"measure"`
	// Percent is the target share, 0–100.
	Percent float64 `yaml:"percent" json:"percent"`
}

// Label is the target's name in Chinese (zh) or English, falling back to the other
// language's name and then to the ID, so a configured target without a name shows its ID.
func (t Target) Label(zh bool) string {
	first, second := t.Name, t.NameZh
	if zh {
		first, second = second, first
	}
	for _, s := range []string{first, second} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return t.ID
}

// Measures of a target.
const (
	MeasureCommunities = "communities"
	MeasureStreets     = "streets"
)

var groupNames = []string{"main_urban", "xiaoshan", "yuhang", "county"}

// Default returns SPEC §4–5's standard and targets.
func Default() Config {
	outer := []string{"xiaoshan", "yuhang", "county"}
	return Config{
		Community: CommunityConfig{EmploymentRate: 96, QuarterEndClearing: true, SpotCheck: true},
		Street: StreetConfig{EmploymentRate: 96, QuarterEndClearing: true, RuralLabourRate: 85,
			GraduateRate: 90, CommunitiesMeeting: 80, MinScore: 90},
		Targets: []Target{
			{ID: "T2008", Name: "2008 city: communities meeting", NameZh: "2008年全市社区达标率",
				Year: 2008, Measure: MeasureCommunities, Percent: 40},
			{ID: "T2009-city", Name: "2009 city: communities meeting", NameZh: "2009年全市社区达标率",
				Year: 2009, Measure: MeasureCommunities, Percent: 60},
			{ID: "T2009-old", Name: "2009 main-urban old communities", NameZh: "2009年主城区老社区达标率",
				Year: 2009, Groups: []string{"main_urban"}, CommunityType: "old", Measure: MeasureCommunities, Percent: 100},
			{ID: "T2009-converted", Name: "2009 converted communities (city)", NameZh: "2009年全市撤村建居社区达标率",
				Year: 2009, CommunityType: "converted", Measure: MeasureCommunities, Percent: 60},
			{ID: "T2009-outer", Name: "2009 Xiaoshan, Yuhang and the five counties: communities", NameZh: "2009年萧山、余杭及五县(市)社区达标率",
				Year: 2009, Groups: outer, Measure: MeasureCommunities, Percent: 50},
			{ID: "T2009-streets", Name: "2009 main-urban streets meeting", NameZh: "2009年主城区街道达标率",
				Year: 2009, Groups: []string{"main_urban"}, Measure: MeasureStreets, Percent: 70},
			{ID: "T2010-streets", Name: "2010 main-urban streets meeting", NameZh: "2010年主城区街道达标率",
				Year: 2010, Groups: []string{"main_urban"}, Measure: MeasureStreets, Percent: 90},
			{ID: "T2010-outer-streets", Name: "2010 Xiaoshan, Yuhang and the five counties: streets", NameZh: "2010年萧山、余杭及五县(市)街道达标率",
				Year: 2010, Groups: outer, Measure: MeasureStreets, Percent: 50},
		},
		ProjectionMonths: 6,
	}
}

// Validate names the first bad key, e.g. "standard.community.employment_rate: must be 0–100".
func (c Config) Validate() error {
	pcts := []struct {
		key string
		v   float64
	}{
		{"community.employment_rate", c.Community.EmploymentRate},
		{"street.employment_rate", c.Street.EmploymentRate},
		{"street.rural_labour_rate", c.Street.RuralLabourRate},
		{"street.graduate_rate", c.Street.GraduateRate},
		{"street.communities_meeting", c.Street.CommunitiesMeeting},
		{"street.min_score", c.Street.MinScore},
	}
	for _, p := range pcts {
		if err := checkPercent(p.v); err != nil {
			return fmt.Errorf("standard.%s: %w", p.key, err)
		}
	}
	if c.ProjectionMonths < 2 || c.ProjectionMonths > 24 {
		return fmt.Errorf("standard.projection_months: must be 2–24, got %d", c.ProjectionMonths)
	}
	seen := map[string]bool{}
	for i, t := range c.Targets {
		key := fmt.Sprintf("standard.targets[%d]", i)
		switch {
		case strings.TrimSpace(t.ID) == "":
			return fmt.Errorf("%s.id: must not be empty", key)
		case seen[t.ID]:
			return fmt.Errorf("%s.id: %q repeats another target's id", key, t.ID)
		case t.Year < 1990 || t.Year > 2100:
			return fmt.Errorf("%s.year: must be a year (1990–2100), got %d", key, t.Year)
		case t.Measure != MeasureCommunities && t.Measure != MeasureStreets:
			return fmt.Errorf("%s.measure: must be %q or %q, got %q", key, MeasureCommunities, MeasureStreets, t.Measure)
		case t.CommunityType != "" && t.CommunityType != "old" && t.CommunityType != "converted":
			return fmt.Errorf("%s.community_type: must be old, converted or empty, got %q", key, t.CommunityType)
		case t.CommunityType != "" && t.Measure == MeasureStreets:
			return fmt.Errorf("%s.community_type: only for the communities measure", key)
		}
		if err := checkPercent(t.Percent); err != nil {
			return fmt.Errorf("%s.percent: %w", key, err)
		}
		for _, g := range t.Groups {
			if !contains(groupNames, g) {
				return fmt.Errorf("%s.groups: unknown district group %q (want %s)", key, g, strings.Join(groupNames, ", "))
			}
		}
		seen[t.ID] = true
	}
	return nil
}

// checkPercent accepts 0–100 with at most two decimals, so that comparisons stay exact in
// integers (see AtLeast).
func checkPercent(v float64) error {
	if math.IsNaN(v) || v < 0 || v > 100 {
		return fmt.Errorf("must be 0–100, got %v", v)
	}
	if h := v * 100; math.Abs(h-math.Round(h)) > 1e-6 {
		return fmt.Errorf("at most two decimals, got %v", v)
	}
	return nil
}

// AtLeast reports exactly, in integers, whether num ÷ den ≥ pct % (pct with at most two
// decimals): num × 10000 ≥ round(pct × 100) × den. An empty denominator is judged by
// ifEmpty (SPEC: an empty target group counts as 100 %).
func AtLeast(num, den uint64, pct float64, ifEmpty bool) bool {
	if den == 0 {
		return ifEmpty
	}
	p := uint64(math.Round(pct * 100))
	return num*10000 >= p*den
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
