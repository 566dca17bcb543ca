package warehouse_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"fullemp/standard"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// The 2009 city of the standards tests (street 330102001: B C; street 330102002: D E F G).
const (
	cB = "330102001002" // zero household formed Feb, eliminated Mar: passes item 2; meets
	cC = "330102001003" // formed Mar, eliminated Apr: open at end of Q1, fails item 2
	cD = "330102002001" // December ledger missing
	cE = "330102002002" // 24 of 25 employed in December: exactly 96 %, meets
	cF = "330102002003" // 23 of 24: 95.8 %, fails; also failed the spot check
	cG = "330102002004" // assessed from 2010: outside the 2009 base
)

// yearRows builds 2009's ledgers: each community has `employed` people employed all year in
// household 0001 and one more person z whose status by month is zStatus (in household zHH).
func yearRows(idx int, code string, employed int, zHH string, zStatus func(m int) string, skip func(m int) bool) []row {
	var rows []row
	for m := 1; m <= 12; m++ {
		if skip != nil && skip(m) {
			continue
		}
		ms := fmt.Sprintf("2009-%02d", m)
		for i := 0; i < employed; i++ {
			rows = append(rows, row{month: ms, id: person("1975-05-05", i%2 == 0, idx*40+i), community: code, household: "0001", status: "employed"})
		}
		rows = append(rows, row{month: ms, id: person("1980-08-08", true, idx*40+39), community: code, household: zHH, status: zStatus(m), since: "2009-01-01"})
	}
	return rows
}

func standardsCity(t *testing.T) *warehouse.Store {
	s := whtest.Open(t)
	insertRegions(t, s, community{cB, "old", 2007}, community{cC, "converted", 2008}, community{cD, "old", 2007},
		community{cE, "old", 2009}, community{cF, "old", 2007}, community{cG, "converted", 2010})
	emp := func(int) string { return "employed" }
	unemp := func(int) string { return "unemployed" }
	var rows []row
	rows = append(rows, yearRows(1, cB, 24, "0042", func(m int) string {
		if m == 2 {
			return "unemployed"
		}
		return "employed"
	}, nil)...)
	rows = append(rows, yearRows(2, cC, 24, "0042", func(m int) string {
		if m == 3 {
			return "unemployed"
		}
		return "employed"
	}, nil)...)
	rows = append(rows, yearRows(3, cD, 24, "0042", emp, func(m int) bool { return m == 12 })...)
	rows = append(rows, yearRows(4, cE, 24, "0001", unemp, nil)...)
	rows = append(rows, yearRows(5, cF, 23, "0001", unemp, nil)...)
	// G: five unemployed people, one household each: five zero-employment households.
	for m := 1; m <= 12; m++ {
		for i := 0; i < 5; i++ {
			rows = append(rows, row{month: fmt.Sprintf("2009-%02d", m), id: person("1970-01-01", true, 6*40+i), community: cG, household: fmt.Sprintf("%04d", i+1), status: "unemployed"})
		}
	}
	ch := insertLedger(t, s, rows)
	ctx := context.Background()
	b, _ := s.Conn.PrepareBatch(ctx, "INSERT INTO spot_checks (year, community_code, result, note, file_id, source_row, version)")
	_ = b.Append(uint16(2009), cB, "pass", "", uint64(1), uint32(1), uint64(1))
	_ = b.Append(uint16(2009), cF, "fail", "台帐不实", uint64(1), uint32(2), uint64(2))
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	b, _ = s.Conn.PrepareBatch(ctx, "INSERT INTO street_scores (year, street_code, score, file_id, source_row, version)")
	_ = b.Append(uint16(2009), "330102001", 92.0, uint64(1), uint32(1), uint64(1))
	_ = b.Append(uint16(2008), "330102002", 95.0, uint64(1), uint32(2), uint64(2)) // another year
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	refresh(t, s, ch)
	return s
}

func item(items []standard.Item, id string) standard.Item {
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	return standard.Item{ID: "absent " + id}
}

func TestStandards2009(t *testing.T) {
	ctx := context.Background()
	s := standardsCity(t)
	st, err := s.Standards(ctx, standard.Default(), 2009, time.Time{}, "3301")
	if err != nil {
		t.Fatal(err)
	}
	if !st.AsOf.Equal(month("2009-12")) || len(st.Communities) != 6 || len(st.Streets) != 2 {
		t.Fatalf("as of %v, %d communities, %d streets", st.AsOf, len(st.Communities), len(st.Streets))
	}
	byCode := map[string]standard.CommunityResult{}
	for _, c := range st.Communities {
		byCode[c.Code] = c
	}
	met := map[string]bool{}
	for code, c := range byCode {
		met[code] = c.Met
	}
	if want := map[string]bool{cB: true, cC: false, cD: false, cE: true, cF: false, cG: false}; !reflect.DeepEqual(met, want) {
		t.Errorf("met %v, want %v", met, want)
	}
	checks := []struct {
		code, item string
		held       bool
		num, den   uint64
		reason     string
	}{
		{cB, "employment_rate", true, 25, 25, "25/25 = 100% ≥ 96%"},
		{cB, "zero_households", true, 0, 0, "no zero-employment household open at 4 quarter end(s)"},
		{cB, "spot_check", true, 0, 0, "passed the city's 2009 spot check"},
		{cC, "zero_households", false, 1, 0, "household 330102001003-0042 open at end of Q1"},
		{cD, "employment_rate", false, 0, 0, "2009-12 ledger missing"},
		{cD, "zero_households", false, 0, 0, "330102002001 ledger missing at end of Q4 (2009-12)"},
		{cE, "employment_rate", true, 24, 25, "24/25 = 96% ≥ 96%"},
		{cF, "employment_rate", false, 23, 24, "23/24 = 95.8% < 96%"},
		{cF, "spot_check", false, 0, 0, "failed the city's 2009 spot check"},
	}
	for _, c := range checks {
		it := item(byCode[c.code].Items, c.item)
		if it.Held != c.held || it.Num != c.num || it.Den != c.den || !strings.Contains(it.Reason, c.reason) {
			t.Errorf("%s %s: held %v %d/%d %q; want %v %d/%d containing %q", c.code, c.item, it.Held, it.Num, it.Den, it.Reason, c.held, c.num, c.den, c.reason)
		}
		if it.ReasonZH == "" {
			t.Errorf("%s %s: no Chinese reason", c.code, c.item)
		}
	}
	if g := byCode[cG]; g.Assessed || len(g.Items) != 0 {
		t.Errorf("G assessed %v items %v", g.Assessed, g.Items)
	}

	s1, s2 := st.Streets[0], st.Streets[1]
	if s1.Met || s1.Communities != 2 || s1.CommunitiesMet != 1 || s2.Met || s2.Communities != 3 || s2.CommunitiesMet != 1 {
		t.Errorf("streets %+v / %+v", s1, s2)
	}
	sChecks := []struct {
		st       standard.StreetResult
		item     string
		held     bool
		num, den uint64
		reason   string
	}{
		{s1, "employment_rate", true, 50, 50, "50/50 = 100%"},
		{s1, "zero_households", false, 1, 0, "household 330102001003-0042 open at end of Q1"},
		{s1, "rural_labour_rate", true, 0, 0, "group empty, counts as 100%"},
		{s1, "graduate_rate", true, 0, 0, "group empty"},
		{s1, "communities_meeting", false, 1, 2, "1 of 2 communities meet = 50% < 80%"},
		{s1, "score", true, 0, 0, "score 92 ≥ 90"},
		// D is missing; E and F: 47 of 49; G (not assessed) is left out.
		{s2, "employment_rate", false, 47, 49, "ledger missing for 330102002001"},
		{s2, "communities_meeting", false, 1, 3, "1 of 3"},
		{s2, "score", false, 0, 0, "no 2009 score"},
	}
	for _, c := range sChecks {
		it := item(c.st.Items, c.item)
		if it.Held != c.held || it.Num != c.num || it.Den != c.den || !strings.Contains(it.Reason, c.reason) {
			t.Errorf("street %s %s: held %v %d/%d %q; want %v %d/%d containing %q", c.st.Code, c.item, it.Held, it.Num, it.Den, it.Reason, c.held, c.num, c.den, c.reason)
		}
	}

	// As of June: C already fails (Q1), D has its June ledger.
	jun, err := s.Standards(ctx, standard.Default(), 2009, month("2009-06"), "330102002")
	if err != nil {
		t.Fatal(err)
	}
	if len(jun.Communities) != 4 || !jun.Communities[0].Met || len(jun.Streets) != 1 {
		t.Errorf("June, street 2: %+v", jun.Communities)
	}
}

func TestZeroSeries(t *testing.T) {
	s := standardsCity(t)
	z, err := s.ZeroSeries(context.Background(), "330102", month("2009-01"), month("2009-12"))
	if err != nil {
		t.Fatal(err)
	}
	type fe struct{ formed, eliminated, outstanding uint64 }
	var got []fe
	for _, m := range z {
		got = append(got, fe{m.Formed, m.Eliminated, m.Outstanding})
	}
	// G's five households form in January (first seen) and stay; B's forms in February and
	// goes in March; C's forms in March and goes in April.
	want := []fe{{5, 0, 5}, {1, 0, 6}, {1, 1, 6}, {0, 1, 5}, {0, 0, 5}, {0, 0, 5}, {0, 0, 5}, {0, 0, 5}, {0, 0, 5}, {0, 0, 5}, {0, 0, 5}, {0, 0, 5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("zero series %v, want %v", got, want)
	}
	if z[11].Reporting != 5 || z[11].Missing != 1 {
		t.Errorf("December reporting %d missing %d, want 5 and 1 (D)", z[11].Reporting, z[11].Missing)
	}
}

func TestProgress2009(t *testing.T) {
	ctx := context.Background()
	s := standardsCity(t)
	cfg := standard.Default()
	cfg.Targets = []standard.Target{
		{ID: "all-40", Year: 2009, Measure: standard.MeasureCommunities, Percent: 40},
		{ID: "all-60", Year: 2009, Measure: standard.MeasureCommunities, Percent: 60},
		{ID: "converted-50", Year: 2009, CommunityType: "converted", Measure: standard.MeasureCommunities, Percent: 50},
		{ID: "streets-70", Year: 2009, Groups: []string{"main_urban"}, Measure: standard.MeasureStreets, Percent: 70},
		{ID: "outer", Year: 2009, Groups: []string{"xiaoshan"}, Measure: standard.MeasureCommunities, Percent: 50},
		{ID: "other-year", Year: 2010, Measure: standard.MeasureCommunities, Percent: 50},
	}
	p, err := s.Progress(ctx, cfg, 2009, month("2009-12"), "3301")
	if err != nil {
		t.Fatal(err)
	}
	type tr struct {
		id       string
		num, den uint64
		met      bool
		gap      uint64
	}
	var got []tr
	for _, r := range p.Targets {
		got = append(got, tr{r.ID, r.Num, r.Den, r.Met, r.Gap})
	}
	want := []tr{
		{"all-40", 2, 5, true, 0},        // B E of B C D E F: exactly 40 %
		{"all-60", 2, 5, false, 1},       // 3 needed
		{"converted-50", 0, 1, false, 1}, // C (G is outside the base)
		{"streets-70", 0, 2, false, 2},   // ceil(1.4) = 2
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("targets %v, want %v", got, want)
	}
	// As of each month: Jan–Feb B C D E meet (F fails); from March C fails its Q1; in
	// December D's ledger is missing.
	var hist []uint64
	for _, pt := range p.Targets[0].History {
		hist = append(hist, pt.Num)
	}
	if want := []uint64{4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2}; !reflect.DeepEqual(hist, want) {
		t.Errorf("history %v, want %v", hist, want)
	}
	// As of December the year is closed: final values, no projection.
	if pr := p.Targets[1].Projection; pr.Reached != nil || pr.State != standard.StateFinal || pr.BeforeDeadline || !p.Targets[1].Closed {
		t.Errorf("all-60 projection %+v, want final, missed", pr)
	}
	if pr := p.Targets[0].Projection; pr.Reached != nil || pr.State != standard.StateFinal || !pr.BeforeDeadline || p.Targets[0].FirstMet == nil || !p.Targets[0].FirstMet.Equal(month("2009-01")) {
		t.Errorf("all-40 projection %+v first met %v, want final, met since January", pr, p.Targets[0].FirstMet)
	}
	// As of June the year is open: all-60 (3 of 5 needed, 3 meet from March on) is off pace
	// or met; all-40 is met since January.
	pj, err := s.Progress(ctx, cfg, 2009, month("2009-06"), "3301")
	if err != nil {
		t.Fatal(err)
	}
	if pr := pj.Targets[0].Projection; pj.Targets[0].Closed || pr.State != standard.StateMet || pr.MonthsLeft != 6 {
		t.Errorf("all-40 as of June: %+v", pr)
	}
	if got := pj.CommunityHistory; len(got) != 6 || got[0].Num != 4 || got[5].Num != 3 || got[5].Den != 5 {
		t.Errorf("community history as of June %+v", got)
	}
	if p.CommunitiesAssessed != 5 || p.CommunitiesMet != 2 || p.ConvertedAssessed != 1 || p.StreetsAssessed != 2 || !reflect.DeepEqual(p.MissingLedger, []string{cD}) {
		t.Errorf("summary %+v", p)
	}
	// Within street 1: the street target and the community ones restricted to B and C.
	p1, err := s.Progress(ctx, cfg, 2009, month("2009-12"), "330102001")
	if err != nil {
		t.Fatal(err)
	}
	if len(p1.Targets) != 4 || p1.Targets[0].Num != 1 || p1.Targets[0].Den != 2 || p1.Targets[3].Den != 1 {
		t.Errorf("street 1 targets %+v", p1.Targets)
	}
}
