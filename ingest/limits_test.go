package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/warehouse/whtest"
)

// TestXLSXWideRowRejectedAlone: a workbook row with a value in column XFD is rejected
// alone, naming the column and ingest.max_columns; a row whose far cell is only styled
// (empty) loads; the other rows load.
func TestXLSXWideRowRejectedAlone(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	rows := withHeader(campaign.Ledger, false, namedRows([]string{"甲", "乙", "丙", "丁"}))
	f := excelize.NewFile()
	defer f.Close()
	for i, rec := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(rec))
		for j, v := range rec {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellValue("Sheet1", "XFD3", "stray"); err != nil { // data row 2
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err := f.SetCellStyle("Sheet1", "XFD4", "XFD4", style); err != nil { // data row 3: empty, styled
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	sum := mustFiles(t, newIngester(s, Options{}), writeFile(t, dir, "wide.xlsx", b.Bytes()))[0]
	if sum.Read != 4 || sum.Loaded != 3 || sum.Rejected != 1 {
		t.Fatalf("read %d loaded %d rejected %d, want 4 = 3 + 1", sum.Read, sum.Loaded, sum.Rejected)
	}
	if r := sum.Rejections[0]; r.Row != 2 || !strings.Contains(r.Reason, "XFD") || !strings.Contains(r.Reason, "ingest.max_columns") {
		t.Errorf("rejection %d %q, want row 2 naming column XFD and ingest.max_columns", r.Row, r.Reason)
	}
}

// TestXLSXZipBombRefused: a 100 KB workbook that unpacks to 64 MB is refused whole with a
// reason naming ingest.max_unzipped_bytes; a sheet past ingest.max_rows stops its file,
// which loads nothing.
func TestXLSXZipBombRefused(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	book := xlsxBytes(t, withHeader(campaign.Ledger, false, namedRows([]string{"甲", "乙", "丙"})))
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := e.Open()
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	w, _ := zw.Create("xl/media/image1.bin")
	if _, err := w.Write(make([]byte, 64<<20)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if out.Len() > 200<<10 {
		t.Fatalf("the bomb is %d bytes; the test wants a small one", out.Len())
	}
	in := newIngester(s, Options{Limits: Limits{MaxUnzippedBytes: 32 << 20}})
	sums, err := in.Files(context.Background(), []string{writeFile(t, dir, "bomb.xlsx", out.Bytes())})
	if err == nil || !strings.Contains(sums[0].Error, "ingest.max_unzipped_bytes") {
		t.Errorf("zip bomb: %v %q, want a refusal naming ingest.max_unzipped_bytes", err, sums[0].Error)
	}

	tall := xlsxBytes(t, withHeader(campaign.Ledger, false, namedRows(strings.Split("甲乙丙丁戊己庚辛壬癸", ""))))
	in = newIngester(s, Options{Limits: Limits{MaxRows: 5}})
	sums, err = in.Files(context.Background(), []string{writeFile(t, dir, "tall.xlsx", tall)})
	if err == nil || !strings.Contains(sums[0].Error, "ingest.max_rows") {
		t.Errorf("10 rows with max_rows 5: %v %q, want a refusal naming ingest.max_rows", err, sums[0].Error)
	}
	if n := count(t, s, "ledger", ""); n != 0 {
		t.Errorf("the refused files left %d ledger rows; want none", n)
	}
}

// TestTooManyRejectedLoadsNothing: a file with more rejected rows than
// ingest.max_rejected_rows stops, is logged failed with its first reasons, and leaves
// nothing in the ledger, the quarantine or a staging table; its good rows are not
// half-loaded.
func TestTooManyRejectedLoadsNothing(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	names := make([]string, 2000)
	for i := range names {
		names[i] = "甲"
	}
	rows := namedRows(names)
	for i := 0; i < len(rows); i += 4 {
		rows[i][5] = "bogus" // 500 bad statuses
	}
	p := writeFile(t, dir, "broken.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	in := newIngester(s, Options{Workers: 2, BatchRows: 100, Limits: Limits{MaxRejectedRows: 100}})
	sums, err := in.Files(context.Background(), []string{p})
	if err == nil || !strings.Contains(sums[0].Error, "ingest.max_rejected_rows") || !strings.Contains(sums[0].Error, "status") {
		t.Fatalf("err %v, summary error %q: want a failure naming ingest.max_rejected_rows and the first reasons", err, sums[0].Error)
	}
	if !sums[0].Unreadable || sums[0].Loaded != 0 {
		t.Errorf("summary: unreadable %v loaded %d, want a file-level failure with nothing loaded", sums[0].Unreadable, sums[0].Loaded)
	}
	for _, table := range []string{"ledger", "quarantine"} {
		if n := count(t, s, table, ""); n != 0 {
			t.Errorf("%s holds %d rows of the stopped file; want none", table, n)
		}
	}
	if status, err := lastStatus(context.Background(), s.Conn, sums[0].FileID); err != nil || status != statusFailed {
		t.Errorf("ingest_log state %q %v, want failed", status, err)
	}
	var staging uint64
	if err := s.Conn.QueryRow(context.Background(), "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name LIKE 'ingest_staging%'").Scan(&staging); err != nil || staging != 0 {
		t.Errorf("%d staging tables left (%v)", staging, err)
	}
}

// TestReplacedExactWhateverTheMerges: B corrects every key of A while the ledger is
// merged after each of B's batches (as a busy server may); B's replaced count is still
// every key, not the keys that happened to be unmerged when counted.
func TestReplacedExactWhateverTheMerges(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	names := make([]string, 3000)
	for i := range names {
		names[i] = "甲"
	}
	rows := namedRows(names)
	a := writeFile(t, dir, "a.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	mustFiles(t, newIngester(s, Options{}), a)
	for _, r := range rows {
		r[5] = "flexible"
	}
	b := writeFile(t, dir, "b.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	in := newIngester(s, Options{Workers: 2, BatchRows: 250})
	in.insertEach = true
	in.afterBatch = func() {
		if err := s.Conn.Exec(context.Background(), "OPTIMIZE TABLE ledger FINAL"); err != nil {
			t.Error(err)
		}
	}
	sum := mustFiles(t, in, b)[0]
	if sum.Loaded != 3000 || sum.Replaced != 3000 {
		t.Errorf("B loaded %d replaced %d, want 3000 and 3000", sum.Loaded, sum.Replaced)
	}
	if n := count(t, s, "ledger", "status = 'flexible'"); n != 3000 {
		t.Errorf("%d flexible rows after B, want 3000", n)
	}
}

// TestParquetListColumnRefused: a Parquet file whose name column is a list is refused,
// naming the column and its type, instead of storing the text ["甲","乙"].
func TestParquetListColumnRefused(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	hdr := campaign.Ledger.Headers()
	var fields []arrow.Field
	for _, h := range hdr {
		typ := arrow.DataType(arrow.BinaryTypes.String)
		if h == "name" {
			typ = arrow.ListOf(arrow.BinaryTypes.String)
		}
		fields = append(fields, arrow.Field{Name: h, Type: typ, Nullable: true})
	}
	schema := arrow.NewSchema(fields, nil)
	rb := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer rb.Release()
	for _, rec := range namedRows([]string{"甲"}) {
		for j, v := range rec {
			switch fb := rb.Field(j).(type) {
			case *array.StringBuilder:
				fb.Append(v)
			case *array.ListBuilder:
				fb.Append(true)
				fb.ValueBuilder().(*array.StringBuilder).AppendValues([]string{"甲", "乙"}, nil)
			}
		}
	}
	sums, err := newIngester(s, Options{}).Files(context.Background(), []string{writeFile(t, dir, "list.parquet", parquetOf(t, schema, rb))})
	if err == nil || !strings.Contains(sums[0].Error, "column name") || !strings.Contains(sums[0].Error, "list") {
		t.Errorf("list column: %v %q, want a refusal naming the column and its list type", err, sums[0].Error)
	}
	if n := count(t, s, "ledger", ""); n != 0 {
		t.Errorf("%d ledger rows stored from the list column; want none", n)
	}
}
