package ingest

import (
	"context"
	"errors"
	"testing"
	"time"

	"fullemp/campaign"
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
