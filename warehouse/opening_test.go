package warehouse_test

import (
	"context"
	"testing"

	"fullemp/warehouse/whtest"
)

// TestOpeningMonth: the pages open on the latest month that enough communities reported.
// With four communities reporting 2009-11 and one of them already 2009-12, they open on
// 2009-11; once two of four report 2009-12 (half the most), on 2009-12.
func TestOpeningMonth(t *testing.T) {
	ctx := context.Background()
	s := whtest.Open(t)
	codes := []string{"330102001001", "330102001002", "330102001003", "330102001004"}
	var cs []community
	for _, c := range codes {
		cs = append(cs, community{c, "old", 2007})
	}
	insertRegions(t, s, cs...)
	var rows []row
	for i, c := range codes {
		rows = append(rows, row{month: "2009-11", id: person("1980-02-02", i%2 == 0, i), community: c, household: "0001", status: "employed"})
	}
	rows = append(rows, row{month: "2009-12", id: person("1980-02-02", true, 0), community: codes[0], household: "0001", status: "employed"})
	refresh(t, s, insertLedger(t, s, rows))
	check := func(want string) {
		t.Helper()
		m, ok, err := s.OpeningMonth(ctx)
		if err != nil || !ok || m.Format("2006-01") != want {
			t.Errorf("opening month %s %v %v, want %s", m.Format("2006-01"), ok, err, want)
		}
	}
	check("2009-11")
	more := []row{{month: "2009-12", id: person("1980-02-02", false, 1), community: codes[1], household: "0001", status: "employed", version: 2}}
	refresh(t, s, insertLedger(t, s, more))
	check("2009-12")
}
