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
