package ingest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/idcard"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestCrashBeforeRefresh: a process that marked its files done and died before the
// refresh leaves the figures owed, and the next process that opens the warehouse puts
// them right before anything reads them. (Before pending refreshes were recorded, the
// re-run skipped the done files and the figures stayed empty.)
func TestCrashBeforeRefresh(t *testing.T) {
	ctx := context.Background()
	cfg := whtest.Config(t)
	first, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = first.Conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+cfg.Database)
		first.Close()
	})
	dir := t.TempDir()
	loadRegions(t, first, dir)
	p := writeFile(t, dir, "ledger.csv", csvBytes(t, withHeader(campaign.Ledger, false, fixture(campaign.Ledger)), utf8Plain))
	in := newIngester(first, Options{})
	crash := errors.New("killed")
	in.beforeRefresh = func() error { return crash }
	if _, err := in.Files(ctx, []string{p}); !errors.Is(err, crash) {
		t.Fatalf("the crashed run: %v", err)
	}
	dec := time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC)
	f, err := first.Figures(ctx, street, dec)
	if err != nil {
		t.Fatal(err)
	}
	if f.Reporting != 0 {
		t.Fatalf("before the next process: %d communities reporting; the crash did not leave the refresh owed", f.Reporting)
	}
	// A re-run skips the done file: the figures must not depend on it.
	again := mustFiles(t, newIngester(first, Options{}), p)
	if !again[0].Skipped {
		t.Fatalf("re-run: %+v", again[0])
	}
	next, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	f, err = next.Figures(ctx, street, dec)
	if err != nil {
		t.Fatal(err)
	}
	if f.Reporting != 2 || f.Persons != 2 || f.Employed != 1 {
		t.Errorf("after the next process opened the warehouse: %d reporting, %d persons, %d employed; want 2, 2, 1", f.Reporting, f.Persons, f.Employed)
	}
	var open uint64
	if err := next.Conn.QueryRow(ctx, "SELECT count() FROM pending_refresh FINAL WHERE cleared = 0").Scan(&open); err != nil || open != 0 {
		t.Errorf("refreshes still owed: %d (%v)", open, err)
	}
}

// TestRerunKeepsFirstVersions is the revert case: file A is killed while it loads; a
// correction B then makes a person unemployed; re-running A and B must keep B's row.
// (A re-run used to take new, higher versions and put A's "flexible" back.)
func TestRerunKeepsFirstVersions(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	var rows [][]string
	for i := 0; i < 2000; i++ {
		id := idcard.Make("330102", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), 1+2*(i%400))
		rows = append(rows, []string{"2009-01", id, "甲", community1, fmt.Sprint("H", i), "flexible", "Y", "Y", "N", "N", "N", "N", "", "N"})
	}
	target := rows[0][1]
	a := writeFile(t, dir, "a.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	ctx, cancel := context.WithCancel(context.Background())
	in := newIngester(s, Options{Workers: 1, BatchRows: 100})
	in.afterBatch = cancel
	in.insertEach = true
	if _, err := in.Files(ctx, []string{a}); !errors.Is(err, context.Canceled) {
		t.Fatalf("killed run: %v", err)
	}
	b := writeFile(t, dir, "b.csv", csvBytes(t, withHeader(campaign.Ledger, false, [][]string{
		{"2009-01", target, "甲", community1, "H0", "unemployed", "Y", "Y", "N", "N", "N", "N", "2009-01-01", "N"}}), utf8Plain))
	mustFiles(t, newIngester(s, Options{}), b)
	mustFiles(t, newIngester(s, Options{}), a, b)
	var status string
	if err := s.Conn.QueryRow(context.Background(), "SELECT toString(status) FROM ledger FINAL WHERE month = toDate('2009-01-01') AND id_number = ?", target).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if status != "unemployed" {
		t.Errorf("after re-running A: %s, want B's unemployed", status)
	}
	if n := count(t, s, "ledger", ""); n != 2000 {
		t.Errorf("count() FINAL = %d, want 2000", n)
	}
}
