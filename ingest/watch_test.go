package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/warehouse/whtest"
)

// TestWatchMovesFiles drops a good file, a corrupt workbook and a file with an unknown
// header into a watched folder and waits for them in done/ and failed/.
func TestWatchMovesFiles(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []Summary
	done := make(chan error, 1)
	go func() {
		done <- newIngester(s, Options{}).Watch(ctx, dir, 50*time.Millisecond, func(s Summary) { got = append(got, s) })
	}()
	writeFile(t, dir, "regions.csv", csvBytes(t, withHeader(campaign.Regions, false, fixture(campaign.Regions)), utf8Plain))
	writeFile(t, dir, "spot.xlsx", xlsxBytes(t, withHeader(campaign.SpotChecks, true, fixture(campaign.SpotChecks))))
	writeFile(t, dir, "corrupt.xlsx", []byte("PK\x03\x04garbage"))
	writeFile(t, dir, "unknown.csv", []byte("a,b,c\n1,2,3\n"))
	writeFile(t, dir, "notes.md", []byte("left alone"))
	want := []string{"done/regions.csv", "done/spot.xlsx", "failed/corrupt.xlsx", "failed/unknown.csv"}
	deadline := time.Now().Add(30 * time.Second)
	for _, w := range want {
		for {
			if _, err := os.Stat(filepath.Join(dir, w)); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never appeared", w)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("watch: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.md")); err != nil {
		t.Errorf("non-data file moved: %v", err)
	}
	if n := count(t, s, "spot_checks", ""); n != 2 {
		t.Errorf("spot_checks FINAL %d, want 2", n)
	}
	if len(got) != 4 {
		t.Errorf("reported %d summaries, want 4", len(got))
	}
	var failed uint64
	if err := s.Conn.QueryRow(context.Background(), "SELECT count() FROM ingest_log WHERE status = 'failed' AND file_id != 0").Scan(&failed); err != nil || failed != 2 {
		t.Errorf("ingest_log failed rows: %d %v, want 2", failed, err)
	}
}

// TestWatchRetriesOnWarehouseError takes a table away under a watched folder: the file
// fails for the warehouse's sake, so it stays in the folder (not failed/) and is tried
// again; once the table is back, it is ingested and moved to done/.
func TestWatchRetriesOnWarehouseError(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, t.TempDir())
	exec := func(q string) {
		if err := s.Conn.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	exec("RENAME TABLE spot_checks TO spot_checks_away")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sums := make(chan Summary, 100)
	done := make(chan error, 1)
	go func() {
		done <- newIngester(s, Options{}).Watch(ctx, dir, 50*time.Millisecond, func(s Summary) { sums <- s })
	}()
	writeFile(t, dir, "spot.csv", csvBytes(t, withHeader(campaign.SpotChecks, false, fixture(campaign.SpotChecks)), utf8Plain))
	for tries := 0; tries < 2; {
		select {
		case sum := <-sums:
			if sum.Error == "" || sum.Unreadable {
				t.Fatalf("with the table gone: %+v, want a warehouse error", sum)
			}
			tries++
		case <-time.After(30 * time.Second):
			t.Fatal("the file was not tried twice")
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "spot.csv")); err != nil {
		t.Fatalf("file moved away after a warehouse error: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "failed", "spot.csv")); err == nil {
		t.Fatal("file in failed/ after a warehouse error")
	}
	exec("RENAME TABLE spot_checks_away TO spot_checks")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "done", "spot.csv")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("file never reached done/ once the table was back")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("watch: %v", err)
	}
	if n := count(t, s, "spot_checks", ""); n != 2 {
		t.Errorf("spot_checks FINAL %d, want 2", n)
	}
}
