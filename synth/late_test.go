package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"fullemp/warehouse"
)

// TestLateLedgers checks the demo's missing ledgers: a handful of 2010-12 ledgers, mostly in
// the counties, from communities and streets failing 2010 anyway; one or two 2009-05 ledgers
// from communities meeting 2009; no rows for those months in the files and rows for every
// other one; the published figures and the 2010 street targets unchanged.
func TestLateLedgers(t *testing.T) {
	res := generateDemo(t)
	city, plan, figs := res.city, res.plan, res.figs
	dec := res.Figures.Missing[LastMonth]
	districts, counties := map[string]int{}, 0
	for _, code := range dec {
		c := communityByCode(t, city, code)
		districts[c.Street.District.Code]++
		if c.Group() == "county" {
			counties++
		}
		if plan.Outcome[c.Index][Years-1] != ItemMissing || !figs[c.Index][LastMonth].Missing {
			t.Errorf("%s: planned %s for 2010, December missing %v", code, plan.Outcome[c.Index][Years-1], figs[c.Index][LastMonth].Missing)
		}
		meet := func(c *Community) bool {
			return CommunityResult(&figs[c.Index], 2010, c.AssessedFrom, plan.spotFailed(c.Index, Years-1)) == ItemNone
		}
		if got := streetOutcome(c.Street, Years-1, figs, meet, res.score[c.Street.Index][Years-1]); got != "rate" {
			t.Errorf("%s: street %s 2010 %q, want failing item 1 (December ledger missing)", code, c.Street.Code, got)
		}
		if got := streetOutcome(c.Street, Years-1, figs, meet, -1); got == "" {
			t.Errorf("%s: street %s would meet 2010 without its score", code, c.Street.Code)
		}
	}
	if len(dec) < 8 || len(dec) > 15 || len(districts) < 3 || len(districts) > 5 || 2*counties <= len(dec) {
		t.Errorf("2010-12 missing from %d communities in %d districts (%d in the counties): %v", len(dec), len(districts), counties, districts)
	}
	if got := res.Figures.Years[Years-1].Failing[ItemMissing]; got != len(dec) {
		t.Errorf("2010: %d communities failing for a missing ledger, %d missing December", got, len(dec))
	}
	gap := res.Figures.Missing[GapMonth]
	if len(gap) < 1 || len(gap) > 2 {
		t.Errorf("2009-05 missing from %v", gap)
	}
	spanning := false
	for _, code := range gap {
		c := communityByCode(t, city, code)
		if CommunityResult(&figs[c.Index], 2009, c.AssessedFrom, plan.spotFailed(c.Index, 2)) != ItemNone {
			t.Errorf("%s misses 2009-05 and does not meet 2009", code)
		}
		for _, e := range plan.Events[c.Index] {
			if e.Start < GapMonth && e.End == GapMonth {
				spanning = true
				// Zero-employment in April and May, employed in June: with May missing the
				// household is eliminated in June, compared with April.
				if figs[c.Index][GapMonth+1].Eliminated == 0 {
					t.Errorf("%s: household zero in April–May not eliminated in June: %+v", code, figs[c.Index][GapMonth+1])
				}
			}
		}
	}
	if !spanning {
		t.Errorf("no 2009-05 gap across a zero-employment household: %v", gap)
	}
	for m, codes := range res.Figures.Missing {
		if len(codes) > 0 && m != GapMonth && m != LastMonth {
			t.Errorf("%s missing from %v", monthNames[m], codes)
		}
	}

	// The files: rows for exactly the months each community has a ledger.
	rows := map[[2]string]int{}
	for y := 2009; y <= 2010; y++ {
		_, recs := readCSV(t, filepath.Join(demoDir, fmt.Sprintf("ledger-%d.csv", y)), false)
		for _, r := range recs {
			rows[[2]string{r[0], r[3]}]++
		}
	}
	for _, c := range city.Communities {
		for m := 24; m < Months; m++ {
			n := rows[[2]string{monthNames[m], c.Code}]
			if plan.HasLedger(c.Index, m) != (n > 0) {
				t.Errorf("%s %s: %d ledger rows, has a ledger %v", c.Code, monthNames[m], n, plan.HasLedger(c.Index, m))
			}
		}
	}

	y9, y10 := res.Figures.Years[2], res.Figures.Years[3]
	if y9.Meeting != 636 || y10.Meeting != 770 || y9.StreetsMeeting != [2]int{35, 21} || y10.StreetsMeeting != [2]int{43, 30} {
		t.Errorf("2009: %d meeting, streets %v; 2010: %d, streets %v; want 636, [35 21]; 770, [43 30] as in the README",
			y9.Meeting, y9.StreetsMeeting, y10.Meeting, y10.StreetsMeeting)
	}
}

func communityByCode(t *testing.T, city *City, code string) *Community {
	t.Helper()
	for _, c := range city.Communities {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no community %s", code)
	return nil
}

// TestLateLedgersSameBytes generates only the communities with missing ledgers, twice with
// the same seed and different numbers of workers: the same bytes; and the plan's choice is
// the same from one call to the next.
func TestLateLedgersSameBytes(t *testing.T) {
	const seed = 7
	a, b := NewPlan(NewCity(), seed), NewPlan(NewCity(), seed)
	if !reflect.DeepEqual(a.Missing, b.Missing) || !reflect.DeepEqual(a.Outcome, b.Outcome) {
		t.Fatal("two plans with the same seed differ")
	}
	late := func(c *Community) bool { return a.Missing[c.Index] != 0 }
	var runs [2]map[string]string
	for k := range runs {
		dir := t.TempDir()
		res, err := Generate(context.Background(), Options{Dir: dir, Scale: 0.01, Seed: seed, Workers: 1 + k, only: late})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Mismatches) > 0 {
			t.Errorf("plan mismatches: %v", res.Mismatches)
		}
		if got := len(res.Figures.Missing[LastMonth]) + len(res.Figures.Missing[GapMonth]); got < 9 {
			t.Errorf("seed %d: only %d missing ledgers", seed, got)
		}
		runs[k] = hashes(t, dir)
	}
	if !reflect.DeepEqual(runs[0], runs[1]) {
		t.Errorf("same seed, different bytes:\n%v\n%v", runs[0], runs[1])
	}
}

// TestMeasureSkipsMissingLedgers: a month without a ledger has no figures, and a household's
// zero-employment events compare it with its previous ledger month.
func TestMeasureSkipsMissingLedgers(t *testing.T) {
	const apr, may, jun, jul = 3, 4, 5, 6
	a := person(0, Employed) // zero in April and May
	a.Status[apr], a.Status[may] = Unemployed, Unemployed
	b := person(1, Employed) // zero in May only
	b.Status[may] = Unemployed
	c := person(2, Employed) // zero in April and June, working in May
	c.Status[apr], c.Status[jun] = Unemployed, Unemployed
	people := []Person{a, b, c}
	full, gap := Measure(people, 3, 0), Measure(people, 3, 1<<may)
	if full[may].Formed != 1 || full[may].Eliminated != 1 || full[jun].Eliminated != 2 || full[jun].Formed != 1 {
		t.Fatalf("without a gap: May %+v, June %+v", full[may], full[jun])
	}
	if gap[may] != (MonthFigures{Missing: true}) {
		t.Errorf("missing May has figures: %+v", gap[may])
	}
	// a: eliminated in June (against April); b: never seen zero; c: zero in April and June,
	// no event in June, eliminated in July.
	if gap[apr].Formed != 2 || gap[jun].Formed != 0 || gap[jun].Eliminated != 1 || gap[jun].Zero != 1 || gap[jul].Eliminated != 1 {
		t.Errorf("with May missing: April %+v, June %+v, July %+v", gap[apr], gap[jun], gap[jul])
	}
	for m := range full {
		if m != may && m != jun && gap[m] != full[m] {
			t.Errorf("month %d changed by the gap: %+v, was %+v", m, gap[m], full[m])
		}
	}
	first := Measure([]Person{a}, 1, 1<<apr) // the first ledger month showing zero forms it
	if first[may].Formed != 1 || first[jun].Eliminated != 1 {
		t.Errorf("April missing: May %+v, June %+v", first[may], first[jun])
	}
}

// TestMeasureGapsLikeTheWarehouse compares Measure's formed and eliminated households with
// the warehouse's reading of SPEC §3 (warehouse.ZeroEvents over each household's ledger
// months) on random households and random missing months.
func TestMeasureGapsLikeTheWarehouse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		const households = 6
		var missing uint64
		for m := 0; m < Months; m++ {
			if r.IntN(5) == 0 {
				missing |= 1 << m
			}
		}
		people := make([]Person, households)
		var formed, eliminated [Months]int
		for h := range people {
			p := person(int32(h), Employed)
			var months []time.Time
			var zero []bool
			for m := 0; m < Months; m++ {
				if r.IntN(3) == 0 {
					p.Status[m] = Unemployed
				}
				if missing&(1<<m) == 0 {
					months = append(months, time.Date(FirstYear, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC))
					zero = append(zero, p.Status[m] == Unemployed)
				}
			}
			people[h] = p
			f, e := warehouse.ZeroEvents(months, zero)
			for _, d := range f {
				formed[monthIndex(d)]++
			}
			for _, d := range e {
				eliminated[monthIndex(d)]++
			}
		}
		got := Measure(people, households, missing)
		for m := range got {
			if got[m].Formed != formed[m] || got[m].Eliminated != eliminated[m] || got[m].Missing != (missing&(1<<m) != 0) {
				t.Fatalf("trial %d, month %d: Measure %+v; warehouse formed %d, eliminated %d", trial, m, got[m], formed[m], eliminated[m])
			}
		}
	}
}

func monthIndex(d time.Time) int { return (d.Year()-FirstYear)*12 + int(d.Month()) - 1 }

// TestCommunityStandardMissingLedgers: the as-of month's or a quarter end's missing ledger
// fails the community standard; another month's does not.
func TestCommunityStandardMissingLedgers(t *testing.T) {
	ok := func(missing ...int) *[Months]MonthFigures {
		var f [Months]MonthFigures
		for m := range f {
			f[m] = MonthFigures{Target: 25, Employed: 25}
		}
		for _, m := range missing {
			f[m] = MonthFigures{Missing: true}
		}
		return &f
	}
	cases := []struct {
		name   string
		f      *[Months]MonthFigures
		mo     int
		want   Item
		street string
	}{
		{"December missing", ok(47), 11, ItemMissing, "rate"},
		{"June missing, as of December", ok(41), 11, ItemMissing, "zero"},
		{"May missing, as of December", ok(40), 11, ItemNone, ""},
		{"May missing, as of May", ok(40), 4, ItemMissing, ""},
		{"May missing, as of April", ok(40), 3, ItemNone, ""},
	}
	for _, c := range cases {
		if got := CommunityAsOf(c.f, 2010, c.mo, 2007, false); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		if c.mo != 11 {
			continue
		}
		cm := &Community{AssessedFrom: 2007}
		s := &Street{Communities: []*Community{cm}}
		if got := streetOutcome(s, 3, [][Months]MonthFigures{*c.f}, func(*Community) bool { return true }, 95); got != c.street {
			t.Errorf("%s: street %q, want %q", c.name, got, c.street)
		}
	}
}
