package warehouse_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// A later row with the same key (higher version, read with FINAL) changes the aggregates
// after Refresh, and so does a person moving to another community.
func TestRefreshReplacedRowAndMove(t *testing.T) {
	ctx := context.Background()
	s := whtest.Open(t)
	insertRegions(t, s, community{commA, "old", 2007}, community{commB, "old", 2007})
	p := person("1980-02-02", false, 1)
	q := person("1981-03-03", true, 2)
	base := []row{
		{month: "2009-12", id: p, community: commA, household: "0001", status: "employed"},
		{month: "2009-12", id: q, community: commA, household: "0002", status: "employed"},
		{month: "2009-12", id: person("1982-04-04", true, 3), community: commB, household: "0001", status: "employed"},
	}
	refresh(t, s, insertLedger(t, s, base))
	counts := func() map[string][2]uint64 {
		out := map[string][2]uint64{}
		for _, c := range []string{commA, commB} {
			f, err := s.Figures(ctx, c, month("2009-12"))
			if err != nil {
				t.Fatal(err)
			}
			out[c] = [2]uint64{f.TargetGroup, f.Employed}
		}
		return out
	}
	if got, want := counts(), map[string][2]uint64{commA: {2, 2}, commB: {1, 1}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("before: %v, want %v", got, want)
	}
	// p's row is replaced: unemployed now (version 2).
	refresh(t, s, insertLedger(t, s, []row{{month: "2009-12", id: p, community: commA, household: "0001", status: "unemployed", version: 2}}))
	if got, want := counts(), map[string][2]uint64{commA: {2, 1}, commB: {1, 1}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after the replaced row: %v, want %v", got, want)
	}
	f, _ := s.Figures(ctx, commA, month("2009-12"))
	if f.Zero.Outstanding != 1 || f.Zero.Formed != 1 {
		t.Errorf("p's household: outstanding %d formed %d, want 1 and 1", f.Zero.Outstanding, f.Zero.Formed)
	}
	// q moves to community B (version 3): A loses him, B gains him; p's household clears
	// when p is matched by a contribution record.
	ch := insertLedger(t, s, []row{{month: "2009-12", id: q, community: commB, household: "0007", status: "employed", version: 3}})
	refresh(t, s, ch, insertContributions(t, s, []contribution{{"2009-12", p, "西湖电子"}}))
	if got, want := counts(), map[string][2]uint64{commA: {1, 1}, commB: {2, 2}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after the move: %v, want %v", got, want)
	}
	f, _ = s.Figures(ctx, commA, month("2009-12"))
	if f.Matched != 1 || f.Zero.Outstanding != 0 || f.Zero.Formed != 0 {
		t.Errorf("after the match: matched %d outstanding %d formed %d", f.Matched, f.Zero.Outstanding, f.Zero.Formed)
	}
	// RefreshAll gives the same.
	if err := s.RefreshAll(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := counts(), map[string][2]uint64{commA: {1, 1}, commB: {2, 2}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after RefreshAll: %v, want %v", got, want)
	}
}

func TestZeroEvents(t *testing.T) {
	m := func(s string) time.Time { return month(s) }
	cases := []struct {
		name        string
		months      []time.Time
		zero        []bool
		formed, eli []time.Time
	}{
		{"first seen zero forms", []time.Time{m("2009-01")}, []bool{true}, []time.Time{m("2009-01")}, nil},
		{"formed and eliminated", []time.Time{m("2009-01"), m("2009-02"), m("2009-03")}, []bool{false, true, false}, []time.Time{m("2009-02")}, []time.Time{m("2009-03")}},
		// Unsorted input; a gap month: the previous ledger month is what counts.
		{"gap", []time.Time{m("2009-05"), m("2009-01")}, []bool{false, true}, []time.Time{m("2009-01")}, []time.Time{m("2009-05")}},
		{"stays", []time.Time{m("2009-01"), m("2009-02")}, []bool{true, true}, []time.Time{m("2009-01")}, nil},
		{"twice", []time.Time{m("2009-01"), m("2009-02"), m("2009-03"), m("2009-04")}, []bool{true, false, true, false},
			[]time.Time{m("2009-01"), m("2009-03")}, []time.Time{m("2009-02"), m("2009-04")}},
	}
	for _, c := range cases {
		f, e := warehouse.ZeroEvents(c.months, c.zero)
		if !reflect.DeepEqual(f, c.formed) || !reflect.DeepEqual(e, c.eli) {
			t.Errorf("%s: formed %v eliminated %v", c.name, f, e)
		}
	}
}

func TestNewRate(t *testing.T) {
	cases := []struct {
		num, den uint64
		ifEmpty  float64
		want     float64
	}{
		{0, 0, 100, 100}, // an empty target group counts as 100 %
		{0, 0, 0, 0},     // registered unemployment: 0 when both parts are 0
		{2, 3, 100, 66.7},
		{1, 8, 0, 12.5},
	}
	for _, c := range cases {
		if r := warehouse.NewRate(c.num, c.den, c.ifEmpty); r.Percent != c.want || r.Num != c.num || r.Den != c.den {
			t.Errorf("NewRate(%d, %d) = %+v, want %v", c.num, c.den, r, c.want)
		}
	}
}

// A refresh drops the staging tables that a process which died mid-refresh left behind,
// once they are hours old, and leaves a running refresh's recent ones alone.
func TestRefreshDropsStaleStaging(t *testing.T) {
	ctx := context.Background()
	s := whtest.Open(t)
	insertRegions(t, s, community{commA, "old", 2007})
	old := fmt.Sprintf("agg_community_month_staging_%d", time.Now().Add(-7*time.Hour).UnixNano())
	recent := fmt.Sprintf("agg_household_month_staging_%d", time.Now().Add(-time.Minute).UnixNano())
	for _, name := range []string{old, recent} {
		if err := s.Conn.Exec(ctx, "CREATE TABLE "+name+" (x UInt8) ENGINE = Memory"); err != nil {
			t.Fatal(err)
		}
	}
	refresh(t, s, insertLedger(t, s, []row{{month: "2009-12", id: person("1980-02-02", false, 1), community: commA, household: "0001", status: "employed"}}))
	exists := func(name string) bool {
		var n uint8
		if err := s.Conn.QueryRow(ctx, "EXISTS TABLE "+name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	if exists(old) {
		t.Errorf("stale staging table %s survived a refresh", old)
	}
	if !exists(recent) {
		t.Errorf("recent staging table %s was dropped", recent)
	}
}
