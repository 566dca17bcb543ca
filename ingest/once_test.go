package ingest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/idcard"
	"fullemp/warehouse/whtest"
)

// TestReingestChangesNothing ingests a file twice: the second time it is skipped and no
// table changes.
func TestReingestChangesNothing(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	rows := append(fixture(campaign.Ledger), []string{"2008-12", "bad", "王五", community1, "H3", "employed", "Y", "Y", "N", "N", "N", "N", "", "N"})
	p := writeFile(t, dir, "ledger.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	first := mustFiles(t, newIngester(s, Options{}), p)[0]
	if first.Loaded != 2 || first.Rejected != 1 || first.Skipped {
		t.Fatalf("first ingest: %+v", first)
	}
	raw := func(table string) uint64 {
		var n uint64
		if err := s.Conn.QueryRow(context.Background(), "SELECT count() FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := []uint64{raw("ledger"), raw("quarantine"), raw("ingest_log")}
	// A copy under another name is the same content: skipped too.
	copyPath := writeFile(t, dir, "again/ledger-copy.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	sums := mustFiles(t, newIngester(s, Options{}), p, copyPath)
	for _, again := range sums {
		if !again.Skipped || again.Read != 0 || again.Loaded != 0 || again.Status() != "skipped (already ingested)" {
			t.Errorf("second ingest: %+v", again)
		}
	}
	after := []uint64{raw("ledger"), raw("quarantine"), raw("ingest_log")}
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("rows (ledger, quarantine, ingest_log) before %v, after %v", before, after)
	}
	var status string
	var read, loaded, rejected uint64
	if err := s.Conn.QueryRow(context.Background(), "SELECT toString(status), rows_read, rows_loaded, rows_rejected FROM ingest_log WHERE file_id = ? ORDER BY version DESC LIMIT 1", first.FileID).
		Scan(&status, &read, &loaded, &rejected); err != nil {
		t.Fatal(err)
	}
	if status != "done" || read != 3 || loaded != 2 || rejected != 1 {
		t.Errorf("ingest_log: %s %d %d %d", status, read, loaded, rejected)
	}
}

// TestCorrectedRowReplaces sends a corrected row in a later file: FINAL shows the new
// value, the count is unchanged and the later file counts one replaced key. It also
// checks that a 15-digit ID is stored as its 18-character form.
func TestCorrectedRowReplaces(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	old15 := "330102580312101" // 15-digit pre-1999 number of man: 330102 58 0312 101
	if n, _ := idcard.Normalize(old15); n != man {
		t.Fatalf("fixture: %s normalizes to %s, want %s", old15, n, man)
	}
	a := fixture(campaign.Ledger)
	a[0][1] = old15
	pa := writeFile(t, dir, "a.csv", csvBytes(t, withHeader(campaign.Ledger, false, a), utf8Plain))
	sa := mustFiles(t, newIngester(s, Options{}), pa)[0]
	if sa.Loaded != 2 || sa.Replaced != 0 {
		t.Fatalf("first file: %+v", sa)
	}
	if n := count(t, s, "ledger", "id_number = ?", man); n != 1 {
		t.Fatalf("15-digit ID not stored as %s (%d rows)", man, n)
	}
	b := [][]string{append([]string(nil), fixture(campaign.Ledger)[0]...)}
	b[0][5] = "flexible"
	pb := writeFile(t, dir, "b.csv", csvBytes(t, withHeader(campaign.Ledger, false, b), utf8Plain))
	sb := mustFiles(t, newIngester(s, Options{}), pb)[0]
	if sb.Loaded != 1 || sb.Replaced != 1 {
		t.Errorf("correction: %+v, want 1 loaded, 1 replaced", sb)
	}
	if n := count(t, s, "ledger", ""); n != 2 {
		t.Errorf("count() FINAL = %d, want 2", n)
	}
	if n := count(t, s, "ledger", "id_number = ? AND status = 'flexible'", man); n != 1 {
		t.Errorf("corrected row not the one FINAL shows")
	}
}

// TestKilledHalfwayThenRerun cancels an ingest after its first batch (as a killed process
// would stop), its committed batches in the file's staging table: nothing of the file
// reaches the ledger or the quarantine. A staging table left by a crashed attempt (junk
// rows here) is replaced by the re-run, whose counts are exact, nothing duplicated.
func TestKilledHalfwayThenRerun(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	var rows [][]string
	for i := 0; i < 3000; i++ {
		id := idcard.Make("330102", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), 1+2*(i%400))
		status := "employed"
		if i%100 == 7 {
			status = "bogus" // 30 rejected rows
		}
		rows = append(rows, []string{"2009-01", id, "甲", community1, fmt.Sprint("H", i), status, "Y", "Y", "N", "N", "N", "N", "", "N"})
	}
	p := writeFile(t, dir, "big.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	ctx, cancel := context.WithCancel(context.Background())
	in := newIngester(s, Options{Workers: 2, BatchRows: 200})
	in.afterBatch = cancel
	in.insertEach = true // each batch committed, as parts of a killed run may be
	sums, err := in.Files(ctx, []string{p})
	if !errors.Is(err, context.Canceled) || len(sums) != 1 || sums[0].Error == "" {
		t.Fatalf("killed run: err %v, %+v", err, sums)
	}
	if n := count(t, s, "ledger", ""); n != 0 {
		t.Fatalf("the stopped run left %d rows in the ledger; want none", n)
	}
	if n := count(t, s, "quarantine", ""); n != 0 {
		t.Fatalf("the stopped run left %d rows in the quarantine; want none", n)
	}
	st := stagingFor(campaign.Ledger, sums[0].FileID)
	if err := st.create(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	junkRow, err := s.Conn.PrepareBatch(context.Background(), "INSERT INTO "+st.data+" (month, id_number, community_code, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	if err := junkRow.Append(time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC), "JUNK", community1, sums[0].FileID, uint32(99999), uint64(1)); err != nil {
		t.Fatal(err)
	}
	if err := junkRow.Send(); err != nil {
		t.Fatal(err)
	}
	junk, err := s.Conn.PrepareBatch(context.Background(), "INSERT INTO "+st.quarantine+" (file_id, source_row, reason, version)")
	if err != nil {
		t.Fatal(err)
	}
	if err := junk.Append(sums[0].FileID, uint32(99999), "junk of a crashed attempt", uint64(1)); err != nil {
		t.Fatal(err)
	}
	if err := junk.Send(); err != nil {
		t.Fatal(err)
	}
	status, err := lastStatus(context.Background(), s.Conn, sums[0].FileID)
	if err != nil || status != "started" {
		t.Fatalf("log state after kill: %q %v", status, err)
	}
	again := mustFiles(t, newIngester(s, Options{Workers: 2, BatchRows: 200}), p)[0]
	if again.Skipped || again.Read != 3000 || again.Loaded != 2970 || again.Rejected != 30 || again.Replaced != 0 {
		t.Errorf("re-run: %+v", again)
	}
	if n := count(t, s, "ledger", ""); n != 2970 {
		t.Errorf("count() FINAL = %d, want 2970", n)
	}
	if n := count(t, s, "quarantine", "file_id = ?", again.FileID); n != 30 {
		t.Errorf("quarantine FINAL rows = %d, want 30", n)
	}
	var dupKeys uint64
	if err := s.Conn.QueryRow(context.Background(), "SELECT count() FROM (SELECT month, id_number, count() AS c FROM ledger FINAL GROUP BY month, id_number) WHERE c > 1").Scan(&dupKeys); err != nil || dupKeys != 0 {
		t.Errorf("duplicate keys after FINAL: %d %v", dupKeys, err)
	}
}

// TestLogKeepsTheSummary checks that ingest_log records what the screen shows: the
// counts, the header cells that named no column, and the seconds the file took.
func TestLogKeepsTheSummary(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	records := withHeader(campaign.Ledger, false, fixture(campaign.Ledger))
	records[0] = append(records[0], "remark")
	for i := 1; i < len(records); i++ {
		records[i] = append(records[i], "x")
	}
	sum := mustFiles(t, newIngester(s, Options{}), writeFile(t, dir, "ledger.csv", csvBytes(t, records, utf8Plain)))[0]
	if len(sum.Unknown) != 1 || sum.Unknown[0] != "remark" {
		t.Fatalf("summary unknown columns = %v, want [remark]", sum.Unknown)
	}
	var unknown []string
	var seconds float64
	var loaded uint64
	if err := s.Conn.QueryRow(context.Background(), "SELECT unknown_columns, seconds, rows_loaded FROM ingest_log WHERE file_id = ? AND status = 'done'", sum.FileID).
		Scan(&unknown, &seconds, &loaded); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(unknown) != "[remark]" || seconds <= 0 || loaded != uint64(sum.Loaded) {
		t.Errorf("ingest_log: unknown %v, seconds %g, loaded %d; want [remark], > 0, %d", unknown, seconds, loaded, sum.Loaded)
	}
}
