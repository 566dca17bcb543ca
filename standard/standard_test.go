package standard

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func m(s string) time.Time {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAtLeastAndPercent(t *testing.T) {
	cases := []struct {
		num, den uint64
		pct      float64
		empty    bool
		want     bool
		shown    float64
	}{
		{96, 100, 96, true, true, 96},
		{24, 25, 96, true, true, 96},
		{23, 24, 96, true, false, 95.8}, // 95.83
		{959, 1000, 96, true, false, 95.9},
		{9599, 10000, 96, true, false, 96}, // shown 96.0 but below: compared exactly
		{0, 0, 96, true, true, 100},
		{0, 0, 96, false, false, 100},
		{17, 20, 85, true, true, 85},
		{1, 3, 33.33, true, true, 33.3},
		{1, 3, 33.34, true, false, 33.3},
	}
	for _, c := range cases {
		if got := AtLeast(c.num, c.den, c.pct, c.empty); got != c.want {
			t.Errorf("AtLeast(%d, %d, %v) = %v", c.num, c.den, c.pct, got)
		}
		if got := Percent(c.num, c.den, 100); got != c.shown {
			t.Errorf("Percent(%d, %d) = %v, want %v", c.num, c.den, got, c.shown)
		}
	}
	if Needed(5, 60) != 3 || Needed(2, 70) != 2 || Needed(754, 40) != 302 || Needed(0, 50) != 0 {
		t.Error("Needed")
	}
}

func TestQuarterEndsAndAsOf(t *testing.T) {
	if got := QuarterEnds(2009, m("2009-02")); len(got) != 0 {
		t.Errorf("Feb: %v", got)
	}
	if got := QuarterEnds(2009, m("2009-07")); len(got) != 2 || !got[1].Equal(m("2009-06")) {
		t.Errorf("Jul: %v", got)
	}
	if got := QuarterEnds(2009, m("2009-12")); len(got) != 4 {
		t.Errorf("Dec: %v", got)
	}
	if !AsOf(2009, time.Time{}).Equal(m("2009-12")) || !AsOf(2009, m("2010-03")).Equal(m("2009-12")) || !AsOf(2009, m("2009-04").AddDate(0, 0, 9)).Equal(m("2009-04")) {
		t.Error("AsOf")
	}
}

func full(tg, emp uint64) *Month { return &Month{TargetGroup: tg, Employed: emp} }

func TestEvaluateCommunity(t *testing.T) {
	base := Community{Code: "330102001001", Street: "330102001", District: "330102", Group: "main_urban", Type: "old", AssessedFrom: 2007}
	year := func(over map[string]*Month, drop ...string) map[time.Time]*Month {
		out := map[time.Time]*Month{}
		for i := 1; i <= 12; i++ {
			out[time.Date(2009, time.Month(i), 1, 0, 0, 0, 0, time.UTC)] = full(100, 97)
		}
		for k, v := range over {
			out[m(k)] = v
		}
		for _, k := range drop {
			delete(out, m(k))
		}
		return out
	}
	cases := []struct {
		name   string
		in     CommunityInput
		asOf   string
		met    bool
		failed string // ids of failed items, comma-separated
		reason string
	}{
		{"meets", CommunityInput{Community: base, Months: year(nil)}, "2009-12", true, "", ""},
		{"rate exactly 96", CommunityInput{Community: base, Months: year(map[string]*Month{"2009-12": full(25, 24)})}, "2009-12", true, "", ""},
		{"rate 95.8", CommunityInput{Community: base, Months: year(map[string]*Month{"2009-12": full(24, 23)})}, "2009-12", false, "employment_rate", "23/24 = 95.8% < 96%"},
		{"empty target group", CommunityInput{Community: base, Months: year(map[string]*Month{"2009-12": full(0, 0)})}, "2009-12", true, "", ""},
		{"December missing", CommunityInput{Community: base, Months: year(nil, "2009-12")}, "2009-12", false, "employment_rate,zero_households", "2009-12 ledger missing"},
		{"open at Q2", CommunityInput{Community: base, Months: year(map[string]*Month{"2009-06": {TargetGroup: 100, Employed: 97, Open: []string{"0042"}}})}, "2009-12", false, "zero_households", "household 330102001001-0042 open at end of Q2"},
		{"open in May only", CommunityInput{Community: base, Months: year(map[string]*Month{"2009-05": {TargetGroup: 100, Employed: 97, Open: []string{"0042"}}})}, "2009-12", true, "", ""},
		{"as of May: Q2 not reached", CommunityInput{Community: base, Months: year(map[string]*Month{"2009-06": {TargetGroup: 100, Employed: 97, Open: []string{"0042"}}})}, "2009-05", true, "", ""},
		{"as of May: rate at May", CommunityInput{Community: base, Months: year(map[string]*Month{"2009-05": full(100, 90)})}, "2009-05", false, "employment_rate", "2009-05 90/100"},
		{"spot check failed", CommunityInput{Community: base, Months: year(nil), SpotCheck: "fail"}, "2009-12", false, "spot_check", "failed the city's 2009 spot check"},
	}
	for _, c := range cases {
		r := EvaluateCommunity(Default(), 2009, m(c.asOf), c.in)
		sameVerdicts(t, c.name, r.Met, r.Items, QuickCommunity(Default(), 2009, m(c.asOf), c.in))
		var ids []string
		var reasons []string
		for _, it := range Failed(r.Items) {
			ids = append(ids, it.ID)
			reasons = append(reasons, it.Reason)
		}
		if r.Met != c.met || strings.Join(ids, ",") != c.failed || !strings.Contains(strings.Join(reasons, "|"), c.reason) {
			t.Errorf("%s: met %v failed %v reasons %q", c.name, r.Met, ids, reasons)
		}
	}
	next := base
	next.AssessedFrom = 2010
	if r := EvaluateCommunity(Default(), 2009, m("2009-12"), CommunityInput{Community: next}); r.Assessed || r.Met || len(r.Items) != 0 {
		t.Errorf("assessed from next year: %+v", r)
	}
	cfg := Default()
	cfg.Community.EmploymentRate = 90
	cfg.Community.SpotCheck = false
	if r := EvaluateCommunity(cfg, 2009, m("2009-12"), CommunityInput{Community: base, Months: year(map[string]*Month{"2009-12": full(10, 9)}), SpotCheck: "fail"}); !r.Met {
		t.Errorf("configured 90 %% without spot check: %+v", Failed(r.Items))
	}
}

func TestEvaluateStreet(t *testing.T) {
	score := func(v float64) *float64 { return &v }
	comm := func(code string, from int, dec *Month) CommunityInput {
		ms := map[time.Time]*Month{}
		for _, q := range []string{"2009-03", "2009-06", "2009-09"} {
			ms[m(q)] = full(10, 10)
		}
		if dec != nil {
			ms[m("2009-12")] = dec
		}
		return CommunityInput{Community: Community{Code: code, Street: "330102001", AssessedFrom: from}, Months: ms}
	}
	good := &Month{TargetGroup: 100, Employed: 97, RuralTarget: 20, RuralEmployed: 17, GraduateTarget: 10, GraduateEmployed: 9}
	cases := []struct {
		name    string
		score   *float64
		members []CommunityInput
		met     bool
		failed  string
		reason  string
	}{
		{"meets", score(90), []CommunityInput{comm("a", 2007, good), comm("b", 2007, good)}, true, "", ""},
		{"no score", nil, []CommunityInput{comm("a", 2007, good)}, false, "score", "no 2009 score"},
		{"score 87", score(87), []CommunityInput{comm("a", 2007, good)}, false, "score", "score 87 < 90"},
		{"rural 16/20", score(95), []CommunityInput{comm("a", 2007, &Month{TargetGroup: 100, Employed: 97, RuralTarget: 20, RuralEmployed: 16})}, false, "rural_labour_rate", "16/20 = 80% < 85%"},
		{"graduates 8/10", score(95), []CommunityInput{comm("a", 2007, &Month{TargetGroup: 100, Employed: 97, GraduateTarget: 10, GraduateEmployed: 8})}, false, "graduate_rate", "< 90%"},
		{"member missing December", score(95), []CommunityInput{comm("a", 2007, good), comm("b", 2007, nil)}, false, "employment_rate,zero_households,communities_meeting", "ledger missing for b"},
		{"next year's community left out", score(95), []CommunityInput{comm("a", 2007, good), comm("b", 2010, nil)}, true, "", ""},
	}
	for _, c := range cases {
		var results []CommunityResult
		for _, in := range c.members {
			results = append(results, EvaluateCommunity(Default(), 2009, m("2009-12"), in))
		}
		r := EvaluateStreet(Default(), 2009, m("2009-12"), Street{Code: "330102001", Score: c.score}, c.members, results)
		q := QuickStreet(Default(), 2009, m("2009-12"), Street{Code: "330102001", Score: c.score}, c.members, results)
		sameVerdicts(t, c.name, r.Met, r.Items, CommunityResult{Met: q.Met, Items: q.Items})
		var ids, reasons []string
		for _, it := range Failed(r.Items) {
			ids = append(ids, it.ID)
			reasons = append(reasons, it.Reason)
		}
		if r.Met != c.met || strings.Join(ids, ",") != c.failed || !strings.Contains(strings.Join(reasons, "|"), c.reason) {
			t.Errorf("%s: met %v failed %v reasons %q", c.name, r.Met, ids, reasons)
		}
	}
	if r := EvaluateStreet(Default(), 2009, m("2009-12"), Street{Code: "x"}, []CommunityInput{comm("a", 2010, nil)}, nil); r.Assessed {
		t.Error("a street without assessed communities is not assessed")
	}
}

func TestProject(t *testing.T) {
	tg := Target{ID: "t", Year: 2009, Measure: MeasureCommunities, Percent: 60}
	pts := func(nums ...uint64) []Point {
		var out []Point
		for i, n := range nums {
			out = append(out, Point{Month: time.Date(2009, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC), Num: n, Den: 100})
		}
		return out
	}
	// 10 more per month from 20 in June: 60 needed, 40 to go → 4 months → October.
	r := EvaluateTarget(tg, pts(0, 0, 0, 0, 10, 20), 3)
	if r.Gap != 40 || r.Met || r.Projection.Reached == nil || !r.Projection.Reached.Equal(m("2009-10")) || !r.Projection.BeforeDeadline || r.Projection.PerMonth != 10 {
		t.Errorf("linear: %+v %+v", r, r.Projection)
	}
	// 5 per month from 20 in June: 8 months → February 2010, after the deadline: no date,
	// the pace needed (40 in 6 months).
	r = EvaluateTarget(tg, pts(0, 0, 0, 10, 15, 20), 3)
	if r.Projection.Reached != nil || r.Projection.BeforeDeadline || r.Projection.State != StateOffPace || r.Projection.NeededPerMonth != 6.7 {
		t.Errorf("late: %+v", r.Projection)
	}
	if r = EvaluateTarget(tg, pts(30, 30, 30), 6); r.Projection.Reached != nil {
		t.Errorf("flat: %+v", r.Projection)
	}
	if r = EvaluateTarget(tg, pts(61), 6); !r.Met || r.Gap != 0 || r.Projection.State != StateMet {
		t.Errorf("met: %+v", r)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Community.EmploymentRate = 101 }, "standard.community.employment_rate: must be 0–100"},
		{func(c *Config) { c.Street.MinScore = -1 }, "standard.street.min_score: must be 0–100"},
		{func(c *Config) { c.Street.GraduateRate = 90.125 }, "standard.street.graduate_rate: at most two decimals"},
		{func(c *Config) { c.Targets[1].Measure = "towns" }, "standard.targets[1].measure"},
		{func(c *Config) { c.Targets[0].Groups = []string{"westlake"} }, "standard.targets[0].groups: unknown district group"},
		{func(c *Config) { c.Targets[2].ID = c.Targets[1].ID }, "standard.targets[2].id"},
		{func(c *Config) { c.Targets[5].CommunityType = "old" }, "standard.targets[5].community_type"},
		{func(c *Config) { c.ProjectionMonths = 1 }, "standard.projection_months"},
	}
	for _, c := range cases {
		cfg := Default()
		c.edit(&cfg)
		if err := cfg.Validate(); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
}

func TestTargetScope(t *testing.T) {
	d := Default()
	old := d.Targets[2] // T2009-old: main_urban, old
	if !old.InScope("main_urban", "old") || old.InScope("main_urban", "converted") || old.InScope("xiaoshan", "old") {
		t.Error("T2009-old scope")
	}
	outer := d.Targets[4]
	if !outer.InScope("county", "converted") || outer.InScope("main_urban", "old") {
		t.Error("T2009-outer scope")
	}
}

func TestSample(t *testing.T) {
	var met []CommunityResult
	for d, n := range map[string]int{"330102": 25, "330109": 3, "330110": 0} {
		for i := 0; i < n; i++ {
			met = append(met, CommunityResult{Community: Community{Code: d + "001" + string(rune('a'+i/10)) + string(rune('0'+i%10)), District: d}, Met: true})
		}
	}
	met = append(met, CommunityResult{Community: Community{Code: "330183001001", District: "330183"}, Met: false})
	a := Sample(met, 0.10, 7)
	per := map[string]int{}
	for _, c := range a {
		per[c.District]++
	}
	// ceil(2.5) = 3 of 25; at least one of 3; none where nothing meets.
	if per["330102"] != 3 || per["330109"] != 1 || per["330183"] != 0 || len(a) != 4 {
		t.Errorf("sample per district %v", per)
	}
	b := Sample(met, 0.10, 7)
	c := Sample(met, 0.10, 8)
	same := func(x, y []CommunityResult) bool {
		for i := range x {
			if x[i].Code != y[i].Code {
				return false
			}
		}
		return len(x) == len(y)
	}
	if !same(a, b) {
		t.Error("same seed, different sample")
	}
	if same(a, c) && same(Sample(met, 0.1, 9), a) {
		t.Error("seeds do not change the sample")
	}
}

// sameVerdicts checks that the quick evaluation (no reasons) decides exactly as the full one.
func sameVerdicts(t *testing.T, name string, met bool, items []Item, q CommunityResult) {
	t.Helper()
	if q.Met != met || len(q.Items) != len(items) {
		t.Errorf("%s: quick met %v (%d items), full %v (%d items)", name, q.Met, len(q.Items), met, len(items))
		return
	}
	for i, it := range items {
		qi := q.Items[i]
		if qi.ID != it.ID || qi.Held != it.Held || qi.Num != it.Num || qi.Den != it.Den || qi.Value != it.Value || qi.Reason != "" {
			t.Errorf("%s: quick item %+v, full %+v", name, qi, it)
		}
	}
}

func TestTargetNames(t *testing.T) {
	d := Default()
	if len(d.Targets) != 8 {
		t.Fatalf("%d default targets, want SPEC's 8", len(d.Targets))
	}
	for _, tg := range d.Targets {
		if tg.Name == "" || tg.NameZh == "" || !strings.HasPrefix(tg.NameZh, strconv.Itoa(tg.Year)+"年") {
			t.Errorf("%s: names %q / %q", tg.ID, tg.Name, tg.NameZh)
		}
	}
	if got := d.Targets[2].Label(true); got != "2009年主城区老社区达标率" {
		t.Errorf("T2009-old: %q", got)
	}
	if got := d.Targets[7].Label(true); got != "2010年萧山、余杭及五县(市)街道达标率" {
		t.Errorf("T2010-outer-streets: %q", got)
	}
	// A YAML target without a name is accepted and shows its ID; one name serves both
	// languages.
	cfg := Default()
	doc := `targets:
  - {id: T2009-x, year: 2009, measure: communities, percent: 50}
  - {id: T2009-y, year: 2009, measure: streets, percent: 50, name_zh: 2009年街道}
`
	if err := yaml.Unmarshal([]byte(doc), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("a target without a name: %v", err)
	}
	x, y := cfg.Targets[0], cfg.Targets[1]
	if x.Label(true) != "T2009-x" || x.Label(false) != "T2009-x" || y.Label(false) != "2009年街道" {
		t.Errorf("labels %q %q %q", x.Label(true), x.Label(false), y.Label(false))
	}
	if r := EvaluateTarget(x, []Point{{Num: 1, Den: 2}}, 6); r.Name != "T2009-x" || r.NameZh != "T2009-x" {
		t.Errorf("result names %q %q", r.Name, r.NameZh)
	}
}

// TestApplicable: each area gets its own targets; the city keeps the city-wide ones.
func TestApplicable(t *testing.T) {
	ids := func(ts []Target) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.ID)
		}
		return strings.Join(s, ",")
	}
	targets := Default().Targets
	chunan := []Kind{{"county", "old"}, {"county", "converted"}}
	shangcheng := []Kind{{"main_urban", "old"}, {"main_urban", "converted"}}
	city := append(append([]Kind{}, chunan...), shangcheng...)
	for _, c := range []struct {
		year  int
		kinds []Kind
		want  string
		own   string
	}{
		{2009, chunan, "T2009-converted,T2009-outer", "T2009-outer"},
		{2009, chunan[:1], "T2009-outer", "T2009-outer"},
		{2009, shangcheng, "T2009-old,T2009-converted,T2009-streets", "T2009-old"},
		{2009, city, "T2009-city,T2009-old,T2009-converted,T2009-outer,T2009-streets", "T2009-city"},
		{2008, chunan, "T2008", "T2008"},
		{2010, chunan, "T2010-outer-streets", "T2010-outer-streets"},
		{2007, chunan, "", ""},
	} {
		got := Applicable(targets, c.year, c.kinds)
		own := ""
		if o := Own(got, c.kinds); o != nil {
			own = o.ID
		}
		if ids(got) != c.want || own != c.own {
			t.Errorf("%d %v: %s (own %s), want %s (own %s)", c.year, c.kinds, ids(got), own, c.want, c.own)
		}
	}
	if y := Years(targets); fmt.Sprint(y) != "[2008 2009 2010]" {
		t.Errorf("years %v", y)
	}
}

// TestProjectStates: a closed year is final, a met target says since when, a pace that
// cannot make the deadline gives the pace needed, never a month past the deadline.
func TestProjectStates(t *testing.T) {
	tg := Target{ID: "t", Year: 2009, Measure: MeasureCommunities, Percent: 60}
	pts := func(nums ...uint64) []Point {
		var out []Point
		for i, n := range nums {
			out = append(out, Point{Month: time.Date(2009, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC), Num: n, Den: 100})
		}
		return out
	}
	// Closed: December reached.
	r := EvaluateTarget(tg, pts(0, 10, 20, 30, 40, 50, 55, 57, 58, 59, 59, 59), 6)
	if !r.Closed || r.Met || r.Projection.State != StateFinal || r.Projection.Reached != nil {
		t.Errorf("closed, missed: %+v %+v", r, r.Projection)
	}
	r = EvaluateTarget(tg, pts(0, 10, 20, 30, 40, 50, 60, 61, 61, 61, 61, 61), 6)
	if !r.Closed || !r.Met || r.FirstMet == nil || !r.FirstMet.Equal(m("2009-07")) || r.Projection.State != StateFinal {
		t.Errorf("closed, met: %+v %+v", r, r.Projection)
	}
	// Met in June, first met in May.
	r = EvaluateTarget(tg, pts(0, 20, 40, 50, 60, 62), 6)
	if r.Closed || !r.Met || r.FirstMet == nil || !r.FirstMet.Equal(m("2009-05")) || r.Projection.State != StateMet || r.Projection.Reached != nil {
		t.Errorf("met: %+v %+v", r, r.Projection)
	}
	// 1 per month from 20 in June: 40 to go in 6 months → 6.7 needed a month, off pace.
	r = EvaluateTarget(tg, pts(15, 16, 17, 18, 19, 20), 6)
	if p := r.Projection; p.State != StateOffPace || p.Reached != nil || p.NeededPerMonth != 6.7 || p.MonthsLeft != 6 || p.BeforeDeadline {
		t.Errorf("off pace: %+v", p)
	}
	// Flat: off pace too, with the pace needed.
	if p := EvaluateTarget(tg, pts(30, 30, 30), 6).Projection; p.State != StateOffPace || p.Reached != nil || p.NeededPerMonth != 3.3 {
		t.Errorf("flat: %+v", p)
	}
}
