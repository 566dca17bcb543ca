package ingest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"fullemp/campaign"
	"fullemp/warehouse/whtest"
)

// TestStructureErrorsStayLocal: an unbalanced quote at row 10 of 1,000, a line past the
// limit inside a chunk and a 3 MB line are each rejected alone with their raw text in
// quarantine; the reader recovers at the next line and read = loaded + rejected counts
// every line. A file whose lines end with CR alone is named as such.
func TestStructureErrorsStayLocal(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	names := make([]string, 1000)
	for i := range names {
		names[i] = "甲"
	}
	var lines []string
	for _, r := range namedRows(names) {
		lines = append(lines, strings.Join(r, ","))
	}
	badQuote := strings.Replace(lines[9], ",甲,", `,"张三,`, 1)
	lines[9] = badQuote
	lines[499] = strings.Replace(lines[499], ",甲,", ","+strings.Repeat("长", 4000)+",", 1)  // 12 KB
	lines[699] = strings.Replace(lines[699], ",甲,", ","+strings.Repeat("x", 3<<20)+",", 1) // 3 MB
	text := strings.Join(campaign.Ledger.Headers(), ",") + "\n" + strings.Join(lines, "\n") + "\n"
	p := writeFile(t, dir, "ledger.csv", []byte(text))
	in := newIngester(s, Options{Limits: Limits{MaxLineBytes: 4096}, BatchRows: 100})
	sum, err := in.Files(context.Background(), []string{p})
	if err != nil {
		t.Fatal(err, sum)
	}
	got := sum[0]
	if got.Read != 1000 || got.Loaded != 997 || got.Rejected != 3 {
		t.Fatalf("read %d loaded %d rejected %d, want 1000 = 997 + 3", got.Read, got.Loaded, got.Rejected)
	}
	want := map[uint32]string{10: "unbalanced quote", 500: "max_line_bytes", 700: "max_line_bytes"}
	for _, r := range got.Rejections {
		if !strings.Contains(r.Reason, want[r.Row]) || want[r.Row] == "" {
			t.Errorf("row %d rejected for %q, want %q", r.Row, r.Reason, want[r.Row])
		}
	}
	var cells string
	if err := s.Conn.QueryRow(context.Background(), "SELECT raw FROM quarantine FINAL WHERE file_id = ? AND source_row = 10", got.FileID).Scan(&cells); err != nil {
		t.Fatal(err)
	}
	var raw []string
	if err := json.Unmarshal([]byte(cells), &raw); err != nil || len(raw) != 1 || raw[0] != badQuote {
		t.Errorf("quarantine cells of row 10: %q, want the raw line %q", cells, badQuote)
	}
	if err := s.Conn.QueryRow(context.Background(), "SELECT raw FROM quarantine FINAL WHERE file_id = ? AND source_row = 700", got.FileID).Scan(&cells); err != nil {
		t.Fatal(err)
	}
	if len(cells) < 4096 || len(cells) > 5000 {
		t.Errorf("quarantine of the 3 MB line holds %d bytes, want its first 4096", len(cells))
	}

	mac := strings.ReplaceAll(strings.Join(campaign.Ledger.Headers(), ",")+"\n"+strings.Join(lines[:5], "\n")+"\n", "\n", "\r")
	sums, err := in.Files(context.Background(), []string{writeFile(t, dir, "mac.csv", []byte(mac))})
	if err == nil || !strings.Contains(sums[0].Error, "old Mac") {
		t.Errorf("CR-only file: %v %q, want an error naming old Mac line endings", err, sums[0].Error)
	}
}
