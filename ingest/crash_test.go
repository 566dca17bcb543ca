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

// openAgain opens the warehouse of cfg as a new fullemp process would.
func openAgain(t *testing.T, cfg warehouse.Config) *warehouse.Store {
	t.Helper()
	s, err := warehouse.Open(context.Background(), cfg, whtest.Log())
	if err != nil {
		t.Fatalf("open the warehouse again: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestDiedBeforeRefreshIsCompleted stops an ingest right after its file is logged 'done'
// and before the refresh (as a process killed there would): the next process that opens
// the warehouse completes the refresh, so its figures match the loaded rows, and the
// re-run, which skips the file, leaves them so.
func TestDiedBeforeRefreshIsCompleted(t *testing.T) {
	cfg := whtest.Config(t)
	s := openAgain(t, cfg)
	t.Cleanup(func() { _ = s.Conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+cfg.Database) })
	dir := t.TempDir()
	p, sums := stopAfterDone(t, s, dir)
	if status, err := lastStatus(context.Background(), s.Conn, sums[0].FileID); err != nil || status != statusDone {
		t.Fatalf("log state: %q %v, want done", status, err)
	}
	if n := count(t, s, "agg_community_month", ""); n != 0 {
		t.Fatalf("the stopped run refreshed %d community-months; the test needs none", n)
	}
	figures := func(s *warehouse.Store) string {
		t.Helper()
		f, err := s.Figures(context.Background(), district, time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("reporting %d, persons %d, target group %d, employed %d", f.Reporting, f.Persons, f.TargetGroup, f.Employed)
	}
	const want = "reporting 2, persons 2, target group 2, employed 1"
	next := openAgain(t, cfg)
	if got := figures(next); got != want {
		t.Errorf("figures after the next open: %s, want %s", got, want)
	}
	if ch, err := next.Pending(context.Background()); err != nil || len(ch.Files) != 0 {
		t.Errorf("still pending after the next open: %v %v", ch.Files, err)
	}
	again := mustFiles(t, newIngester(next, Options{}), p)[0]
	if !again.Skipped {
		t.Errorf("re-run: %+v, want skipped", again)
	}
	if got := figures(openAgain(t, cfg)); got != want {
		t.Errorf("figures after the re-run: %s, want %s", got, want)
	}
}

// TestRerunKeepsLaterCorrection is the revert case: file A is killed while 'started',
// correction B then loads (a person becomes unemployed), and re-running A B must not put
// A's older 'flexible' back: A keeps the versions of its first attempt.
func TestRerunKeepsLaterCorrection(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	rows := [][]string{{"2009-01", man, "张三", community1, "H001", "flexible", "Y", "Y", "N", "N", "N", "N", "", "N"}}
	for i := 0; i < 2000; i++ {
		id := idcard.Make("330102", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), 1+2*(i%400))
		rows = append(rows, []string{"2009-01", id, "甲", community1, fmt.Sprint("H", i), "employed", "Y", "Y", "N", "N", "N", "N", "", "N"})
	}
	pa := writeFile(t, dir, "a.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	killed := newIngester(s, Options{Workers: 1, BatchRows: 200})
	killed.afterBatch = cancel
	killed.insertEach = true
	if _, err := killed.Files(ctx, []string{pa}); !errors.Is(err, context.Canceled) {
		t.Fatalf("killed run of A: %v", err)
	}
	b := [][]string{{"2009-01", man, "张三", community1, "H001", "unemployed", "Y", "Y", "N", "N", "N", "N", "2009-01-05", "N"}}
	pb := writeFile(t, dir, "b.csv", csvBytes(t, withHeader(campaign.Ledger, false, b), utf8Plain))
	mustFiles(t, newIngester(s, Options{}), pb)
	sums := mustFiles(t, newIngester(s, Options{}), pa, pb)
	if sums[0].Loaded != 2001 || !sums[1].Skipped {
		t.Fatalf("re-run: A %+v, B %+v", sums[0], sums[1])
	}
	var status string
	if err := s.Conn.QueryRow(context.Background(), "SELECT toString(status) FROM ledger FINAL WHERE month = toDate('2009-01-01') AND id_number = ?", man).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if status != "unemployed" {
		t.Errorf("after re-running A then B: status %q, want B's correction 'unemployed'", status)
	}
}

// TestPendingRefreshCompletedByNextIngest: a refresh left pending in a process that goes
// on (serve, watch: ClickHouse stopped mid-refresh, or the run cancelled) is completed
// by its next ingest, whatever that ingest loads.
func TestPendingRefreshCompletedByNextIngest(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	stopAfterDone(t, s, dir)
	spot := writeFile(t, dir, "spot.csv", csvBytes(t, withHeader(campaign.SpotChecks, false, fixture(campaign.SpotChecks)), utf8Plain))
	mustFiles(t, newIngester(s, Options{}), spot)
	f, err := s.Figures(context.Background(), district, time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if f.Reporting != 2 || f.Persons != 2 {
		t.Errorf("after the next ingest: reporting %d, persons %d; want 2 and 2", f.Reporting, f.Persons)
	}
}

// stopAfterDone loads the fixture regions and ledger into dir and s, stopping the ingest
// right after the ledger is logged 'done' and before its refresh, as a process killed
// there would; it returns the ledger's path and the stopped run's summaries.
func stopAfterDone(t *testing.T, s *warehouse.Store, dir string) (string, []Summary) {
	t.Helper()
	loadRegions(t, s, dir)
	p := writeFile(t, dir, "ledger.csv", csvBytes(t, withHeader(campaign.Ledger, false, fixture(campaign.Ledger)), utf8Plain))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := newIngester(s, Options{})
	in.afterDone = cancel
	sums, err := in.Files(ctx, []string{p})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: err %v, want context.Canceled (a stopped run must not exit 0)", err)
	}
	return p, sums
}
