package warehouse_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

const (
	commA = "330102001001"
	commB = "330102001002"
)

// definitionRows is one community's December 2009 ledger, built so that every definition
// of SPEC §3 and its age edges decide a count (last day: 2009-12-31; long-term cutoff:
// unemployed since on or before 2008-12-31).
func definitionRows() ([]row, []contribution) {
	p := map[int]string{
		1:  person("1993-12-31", true, 1),  // man, exactly 16: working age
		2:  person("1994-01-01", true, 2),  // man, 15: not
		3:  person("1954-12-31", false, 3), // woman, exactly 55: not working age
		4:  person("1955-01-01", false, 4), // woman, 54: working age, 4050
		5:  person("1949-12-31", true, 5),  // man, exactly 60: not working age
		6:  person("1950-01-01", true, 6),  // man, 59: 4050
		7:  person("1969-12-31", false, 7), // woman, exactly 40: 4050
		8:  person("1970-01-01", false, 8), // woman, 39: not 4050
		9:  person("1959-12-31", true, 9),  // man, exactly 50: 4050
		10: person("1960-01-01", true, 10), // man, 49: not 4050
		11: person("1979-06-01", true, 11),
		12: "330102700505123", // 15-digit number of a man born 1970-05-05
		13: person("1984-03-03", false, 13),
		14: person("1974-03-03", true, 14),
	}
	r := func(n int, hh, status string) row {
		return row{month: "2009-12", id: p[n], community: commA, household: hh, status: status}
	}
	rows := []row{
		r(1, "0001", "employed"),
		r(2, "0001", "employed"),
		r(3, "0044", "unemployed"),
		func() row { x := r(4, "0042", "unemployed"); x.since = "2008-12-31"; return x }(), // long-term
		r(5, "0002", "unemployed"),
		r(6, "0002", "employed"),
		r(7, "0003", "flexible"),
		func() row { x := r(8, "0003", "employed"); x.notAble = true; return x }(), // labour force, not target group
		r(9, "0045", "unemployed"), // matched
		func() row { x := r(10, "0043", "unemployed"); x.since = "2009-01-01"; x.hard = true; return x }(),
		r(11, "0046", "out_of_labor_force"),
		func() row { x := r(12, "0046", "employed"); x.graduate = true; return x }(),
		func() row {
			x := r(13, "0043", "unemployed")
			x.graduate, x.rural, x.since = true, true, "2009-06-01"
			return x
		}(),
		func() row { x := r(14, "0047", "employed"); x.rural = true; return x }(),
	}
	contribs := []contribution{
		{"2009-12", p[9], "西湖电子"},                               // matched, in the target group
		{"2009-12", p[3], "上城商贸"},                               // matched, outside working age
		{"2009-11", p[10], "上城商贸"},                              // another month: not matched in December
		{"2009-12", person("1980-01-01", true, 99), "nobody's"}, // not on the ledger
	}
	return rows, contribs
}

func TestFiguresDefinitions(t *testing.T) {
	ctx := context.Background()
	s := whtest.Open(t)
	insertRegions(t, s, community{commA, "old", 2007}, community{commB, "old", 2007})
	rows, contribs := definitionRows()
	refresh(t, s, insertLedger(t, s, rows), insertContributions(t, s, contribs))

	f, err := s.Figures(ctx, commA, month("2009-12"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]uint64{
		"persons": f.Persons, "households": f.Households, "labour_force": f.LabourForce,
		"lf_employed": f.LabourForceEmployed, "target_group": f.TargetGroup, "employed": f.Employed,
		"ledger_employed": f.LedgerEmployed, "matched": f.Matched, "matched_all": f.MatchedAll,
		"reg_num": f.RegisteredUnemployment.Num, "reg_den": f.RegisteredUnemployment.Den,
		"4050": f.Age4050, "4050_employed": f.Age4050Employed, "hard": f.HardToEmploy,
		"hard_employed": f.HardToEmployEmployed, "long_term": f.LongTermUnemployed,
		"grad_num": f.GraduateRate.Num, "grad_den": f.GraduateRate.Den,
		"rural_num": f.RuralLabourRate.Num, "rural_den": f.RuralLabourRate.Den,
		"zero_outstanding": f.Zero.Outstanding, "zero_formed": f.Zero.Formed,
	}
	want := map[string]uint64{
		// 14 rows in 9 households.
		"persons": 14, "households": 9,
		// Working age: 1 4 6 7 8 9 10 11 12 13 14 (not 2: 15; 3: woman 55; 5: man 60);
		// labour force drops 11 (out of the labour force).
		"labour_force": 10,
		// Effectively employed in it: 1 6 7(flexible) 8 9(matched) 12 14.
		"lf_employed": 7,
		// Target group: the labour force but 8 (not able).
		"target_group": 9, "employed": 6, "ledger_employed": 5, "matched": 1,
		// Matched anywhere on the ledger: 9 and 3 (3 is outside working age).
		"matched_all": 2,
		// Registered unemployed: 4 10 13; base 7 + 3.
		"reg_num": 3, "reg_den": 10,
		// 4050: 4 (woman 54) 6 (man 59) 7 (woman 40) 9 (man 50); employed 6 7 9.
		"4050": 4, "4050_employed": 3,
		"hard": 1, "hard_employed": 0,
		// Long-term: 4 (since 2008-12-31); not 10 (since 2009-01-01).
		"long_term": 1,
		// Graduates in the target group: 12 (employed) 13; rural: 13 14 (employed).
		"grad_num": 1, "grad_den": 2, "rural_num": 1, "rural_den": 2,
		// Zero-employment: 0042 (4) and 0043 (10, 13); not 0044 (no labour force), not
		// 0045 (matched). First seen zero: formed.
		"zero_outstanding": 2, "zero_formed": 2,
	}
	if !reflect.DeepEqual(got, want) {
		for k := range want {
			if got[k] != want[k] {
				t.Errorf("%s = %d, want %d", k, got[k], want[k])
			}
		}
	}
	if f.EmploymentRate.Percent != 66.7 || f.RegisteredUnemployment.Percent != 30 {
		t.Errorf("rates %v %v, want 66.7 and 30", f.EmploymentRate, f.RegisteredUnemployment)
	}
	if f.Reporting != 1 || len(f.Missing) != 0 {
		t.Errorf("community reporting %d missing %v", f.Reporting, f.Missing)
	}

	// The street and the city sum the community; commB has no ledger: missing, no figures.
	for _, code := range []string{"330102001", "330102", "main_urban", "3301"} {
		g, err := s.Figures(ctx, code, month("2009-12"))
		if err != nil {
			t.Fatal(err)
		}
		if g.TargetGroup != 9 || g.Employed != 6 || g.Communities != 2 || g.Reporting != 1 || !reflect.DeepEqual(g.Missing, []string{commB}) {
			t.Errorf("%s: target %d employed %d communities %d reporting %d missing %v", code, g.TargetGroup, g.Employed, g.Communities, g.Reporting, g.Missing)
		}
	}
	kids, err := s.ChildFigures(ctx, "330102001", month("2009-12"))
	if err != nil || len(kids) != 2 || kids[0].Reporting != 1 || kids[1].Reporting != 0 || kids[1].Persons != 0 {
		t.Errorf("children: %v %+v", err, kids)
	}
	// Another month: nothing reports.
	if g, err := s.Figures(ctx, commA, month("2009-11")); err != nil || g.Reporting != 0 || len(g.Missing) != 1 {
		t.Errorf("November: %v %+v", err, g)
	}
	if _, err := s.Figures(ctx, "330199", month("2009-12")); !errors.Is(err, warehouse.ErrUnknownRegion) {
		t.Errorf("unknown region: %v", err)
	}

	// The 15-digit number is stored in its 18-digit form.
	var n uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM ledger WHERE id_number = '330102197005051234'").Scan(&n); err != nil || n != 1 {
		t.Errorf("normalized 15-digit id: %d rows, %v", n, err)
	}

	// Outstanding households, listed.
	hh, err := s.ZeroHouseholds(ctx, "330102", month("2009-12"))
	if err != nil {
		t.Fatal(err)
	}
	if len(hh) != 2 || hh[0].HouseholdID != "0042" || hh[1].HouseholdID != "0043" || hh[1].LabourForce != 2 || !hh[0].Since.Equal(month("2009-12")) {
		t.Errorf("zero households %+v", hh)
	}
}
