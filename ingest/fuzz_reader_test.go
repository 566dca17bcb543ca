package ingest

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/campaign"
)

// The readers' fuzz targets run a file's bytes through the same code as an ingest — the
// source, the workers' record splitting (fileRun.records) and each row's validation
// (fileRun.check) — without a database: rows that pass stay in the worker's buffer, and
// rejected rows are counted instead of quarantined. `go test` runs their seeds (f.Add and
// testdata/fuzz/FuzzXxx); `make fuzz` fuzzes each for a while.

// fuzzCodes are the region codes the fuzzed rows may refer to: the test city's.
var fuzzCodes = &known{
	communities: map[string]struct{}{community1: {}, community2: {}},
	streets:     map[string]struct{}{street: {}},
}

// rowCall is one data row the workers handed to validation.
type rowCall struct {
	n     uint32
	split bool // rejected because the record could not be split into cells
	bytes int  // the bytes of its cells
}

// rowRun validates rows as a worker does and checks that every row handed over has one
// outcome: loaded (in the buffer) or rejected (with a reason).
type rowRun struct {
	t       *testing.T
	fr      *fileRun
	tbl     table
	r       row
	p       problems
	calls   []rowCall
	fields  []string
	loaded  int
	rejects int
}

func newRowRun(t *testing.T, lay layout, gbk bool, maxLine int) *rowRun {
	in := &Ingester{opts: Options{Limits: Limits{MaxLineBytes: maxLine}}.withDefaults()}
	fr := &fileRun{in: in, lay: lay, fileID: 1, base: 1, codes: fuzzCodes, gbk: gbk}
	return &rowRun{t: t, fr: fr, tbl: newTable(lay.kind, 1, fuzzCodes, 1<<16),
		r: row{cells: make([]string, len(campaign.Columns[lay.kind]))}}
}

// one is the workers' per-row callback.
func (rr *rowRun) one(n uint32, cells []string, nums uint64, strict, xlsx bool, split error) error {
	t := rr.t
	if len(rr.calls) > 0 && n <= rr.calls[len(rr.calls)-1].n {
		t.Fatalf("row %d handed over after row %d: rows must come in file order, each once", n, rr.calls[len(rr.calls)-1].n)
	}
	if len(cells) == 0 {
		t.Fatalf("row %d has no cells", n)
	}
	size := 0
	for _, c := range cells {
		size += len(c)
	}
	rr.calls = append(rr.calls, rowCall{n: n, split: split != nil, bytes: size})
	before := rr.tbl.len()
	rr.p.reset()
	rr.r.n, rr.r.version, rr.r.numbers = n, rr.fr.base+uint64(n), nums
	out := rr.fr.check(&rr.r, cells, strict, xlsx, split, rr.tbl, &rr.p)
	added := rr.tbl.len() - before
	switch {
	case added < 0 || added > 1:
		t.Fatalf("row %d: the buffer grew by %d rows", n, added)
	case rr.p.none() && added != 1:
		t.Fatalf("row %d has no problem but was not buffered", n)
	case !rr.p.none() && added != 0:
		t.Fatalf("row %d was buffered and rejected (%s)", n, rr.p.reason())
	case !rr.p.none() && (rr.p.reason() == "" || len(out) == 0):
		t.Fatalf("row %d rejected without a reason or cells: %q %q", n, rr.p.reason(), out)
	case rr.p.none():
		rr.loaded++
	default:
		rr.rejects++
	}
	return nil
}

// FuzzCSV: whatever the bytes, the CSV path never panics; a file it refuses is refused as
// a whole (no header, old-Mac line endings, a first line past the limit); otherwise the
// chunks are numbered without gap by physical line, together they span every line of the
// file (counted here from the raw bytes), every non-blank line is a row handed to
// validation or a continuation line of a quoted cell, rows come in order and each is
// loaded or rejected (read = loaded + rejected), and no row or buffer holds more than the
// line limit allows (a row's cells at most max_line_bytes, the source's buffer at most
// 1.5 chunks and a line).
func FuzzCSV(f *testing.F) {
	for _, s := range csvSeeds(f) {
		f.Add(s.data, s.gbk, s.maxLine, s.chunk, s.kind)
	}
	f.Fuzz(func(t *testing.T, data []byte, gbk bool, maxLine, chunk uint16, kind uint8) {
		readCSV(t, data, gbk, 16+int(maxLine)%4096, 1+int(chunk)%8192, kind)
	})
}

// readCSV reads data as FuzzCSV does, with lines of at most lim bytes read in chunks of
// cb, checks the invariants and returns the rows' outcomes (nil when the file is refused).
func readCSV(t *testing.T, data []byte, gbk bool, lim, cb int, kind uint8) *rowRun {
	src, err := newCSVSourceChunked(bytes.NewReader(data), !gbk, lim, cb)
	if err != nil {
		return nil // refused as a whole, with a reason: nothing is half-read
	}
	text := data
	if gbk {
		text, _ = simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	}
	text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
	lines := strings.Split(string(text), "\n")
	if strings.HasSuffix(string(text), "\n") {
		lines = lines[:len(lines)-1]
	}
	physical := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		physical++
	}
	if len(lines) != physical {
		t.Fatalf("decoding changed the line count: %d lines in the bytes, %d in the text", physical, len(lines))
	}
	rr := newRowRun(t, fuzzLayout(src.header(), kind), gbk, lim)
	hdrLines := src.next // data row n is physical line n+1: the header takes lines 1..next
	next := src.next
	bound := cb + cb/2 + lim
	for {
		c, err := src.chunk()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("chunk after row %d: %v", next, err)
		}
		if c.first != next {
			t.Fatalf("chunk starts at row %d, want %d: rows lost or counted twice", c.first, next)
		}
		if len(c.text) > bound || len(src.buf) > bound {
			t.Fatalf("chunk of %d bytes, buffer of %d: over 1.5 × %d + %d", len(c.text), len(src.buf), cb, lim)
		}
		rows, err := rr.fr.records(c, &rr.fields, rr.one)
		if err != nil {
			t.Fatal(err)
		}
		if rows == 0 {
			t.Fatalf("chunk at row %d spans no line", c.first)
		}
		next += rows
	}
	if int(next) != physical {
		t.Fatalf("the chunks span lines up to %d, the file has %d", next, physical)
	}
	if got := len(rr.calls); got != rr.loaded+rr.rejects {
		t.Fatalf("read %d ≠ loaded %d + rejected %d", got, rr.loaded, rr.rejects)
	}
	// Every data line is a row, a continuation of the row before it, or blank.
	row := make([]int, physical) // index into calls of the row starting on the line, or -1
	for i := range row {
		row[i] = -1
	}
	for i, c := range rr.calls {
		if c.n < hdrLines || int(c.n) >= physical {
			t.Fatalf("row %d is outside the data lines %d..%d", c.n, hdrLines, physical-1)
		}
		if c.bytes > lim {
			t.Fatalf("row %d holds %d bytes of cells, over the line limit %d", c.n, c.bytes, lim)
		}
		if blank(trimEOL(lines[c.n])) {
			t.Fatalf("row %d is a blank line %q", c.n, lines[c.n])
		}
		row[c.n] = i
	}
	last := -1
	for k := int(hdrLines); k < physical; k++ {
		if row[k] >= 0 {
			last = row[k]
			continue
		}
		if blank(trimEOL(lines[k])) {
			continue
		}
		if last < 0 {
			t.Fatalf("line %d (%q) is neither a row nor a continuation", k+1, lines[k])
		}
		c := rr.calls[last]
		if c.split || k-int(c.n) >= maxRecordLines || !strings.Contains(lines[c.n], `"`) {
			t.Fatalf("line %d (%q) is not a row but cannot continue row %d (%q)", k+1, lines[k], c.n, lines[c.n])
		}
	}
	return rr
}

// TestReadCSVOutcomes pins what FuzzCSV's reading gives on a few files, so that its
// checks run on rows that load as well as on rows that are rejected.
func TestReadCSVOutcomes(t *testing.T) {
	good := strings.Join(fixture(campaign.Ledger)[0], ",") + "\n"
	hdr := strings.Join(campaign.Ledger.Headers(), ",") + "\n"
	gbkFile := csvBytes(t, withHeader(campaign.Ledger, true, fixture(campaign.Ledger)), gbk)
	cases := []struct {
		name             string
		data             []byte
		gbk              bool
		loaded, rejected int
	}{
		{"valid", csvBytes(t, withHeader(campaign.Ledger, false, fixture(campaign.Ledger)), utf8Plain), false, 2, 0},
		{"gbk", gbkFile, true, 2, 0},
		{"unbalanced quote", []byte(hdr + good + strings.Replace(good, ",张三,", `,"张三,`, 1) + good), false, 2, 1},
		{"quoted line break", []byte(hdr + strings.Replace(good, ",张三,", ",\"张\n三\",", 1) + good), false, 2, 0},
		{"long line", []byte(hdr + good + strings.Replace(good, "张三", strings.Repeat("长", 80), 1) + good), false, 2, 1},
		{"blank lines", []byte(hdr + "\n" + good + " , \r\n\n" + good), false, 2, 0},
	}
	for _, c := range cases {
		for _, cb := range []int{1, 7, csvChunkBytes} {
			rr := readCSV(t, c.data, c.gbk, 200, cb, 0)
			if rr == nil {
				t.Fatalf("%s: refused", c.name)
			}
			if rr.loaded != c.loaded || rr.rejects != c.rejected {
				t.Errorf("%s in chunks of %d: loaded %d, rejected %d; want %d, %d", c.name, cb, rr.loaded, rr.rejects, c.loaded, c.rejected)
			}
		}
	}
}

// fuzzLayout is the header's layout when it names a kind; otherwise the cells are taken
// as the columns of a kind chosen by the fuzzer, in order, so that rows are validated
// whatever the header.
func fuzzLayout(header []string, kind uint8) layout {
	if lay, err := match(header, ""); err == nil {
		return lay
	}
	k := campaign.Kinds[int(kind)%len(campaign.Kinds)]
	cols := campaign.Columns[k]
	lay := layout{kind: k, header: header, index: make([]int, len(cols))}
	for i := range cols {
		lay.index[i] = -1
		if i < len(header) {
			lay.index[i] = i
		}
		if _, ok := dateLayouts[cols[i].Name]; ok {
			lay.dates = append(lay.dates, i)
		}
	}
	return lay
}

type csvSeed struct {
	data           []byte
	gbk            bool
	maxLine, chunk uint16
	kind           uint8
}

// csvSeeds are valid files of each kind and the hostile cases of the readers' tests, each
// read in one chunk and in chunks of a few bytes.
func csvSeeds(t testing.TB) []csvSeed {
	ledger := func(rows ...string) string {
		return strings.Join(campaign.Ledger.Headers(), ",") + "\n" + strings.Join(rows, "")
	}
	good := strings.Join(fixture(campaign.Ledger)[0], ",") + "\n"
	goodZh := strings.Join(fixture(campaign.Ledger)[1], ",") + "\n"
	var seeds []csvSeed
	add := func(data []byte, gbk bool) {
		seeds = append(seeds, csvSeed{data, gbk, 4096 - 16, 8191, 1}, csvSeed{data, gbk, 48, 7, 1})
	}
	for _, k := range campaign.Kinds {
		add(csvBytes(t, withHeader(k, false, fixture(k)), utf8Plain), false)
	}
	add(csvBytes(t, withHeader(campaign.Ledger, true, fixture(campaign.Ledger)), utf8BOM), false)
	add(csvBytes(t, withHeader(campaign.Ledger, true, fixture(campaign.Ledger)), gbk), true)
	add([]byte(strings.ReplaceAll(ledger(good, goodZh), "\n", "\r\n")), false)          // CRLF
	add([]byte(ledger(good, strings.Replace(good, ",张三,", `,"张三,`, 1), goodZh)), false) // unbalanced quote
	add([]byte(ledger(strings.Replace(good, ",张三,", ",\"张\n三\",", 1), goodZh)), false)  // a quoted line break
	add([]byte(ledger(strings.Replace(good, ",张三,", `,"张""三",`, 1))), false)            // a doubled quote
	add([]byte(ledger(strings.Replace(good, ",张三,", `,"张三"x,`, 1))), false)             // text after the closing quote
	add([]byte(strings.ReplaceAll(ledger(good, goodZh), "\n", "\r")), false)            // CR-only line endings
	gbkName, _ := simplifiedchinese.GBK.NewEncoder().String("张三")
	add([]byte(ledger(strings.Replace(good, "张三", gbkName, 1), goodZh)), false) // GBK bytes in UTF-8
	cut := strings.TrimSuffix(good, "N\n") + "否"
	add([]byte(ledger(good, cut[:len(cut)-1])), false)                                                          // the last character cut off
	add([]byte(ledger(strings.Replace(good, "张三", "张\x00三", 1), goodZh)), false)                                // NUL
	add([]byte(ledger(good, "\n", " , ,\n", "\r\n", goodZh, ",,,")), false)                                     // blank lines
	add([]byte(ledger(good, strings.Replace(good, ",张三,", ","+strings.Repeat("长", 30)+",", 1), goodZh)), false) // a long line
	add([]byte(ledger(strings.Replace(good, "H001", `="00007"`, 1))), false)                                    // a formula-quoted ID
	add([]byte(ledger()), false)                                                                                // header only
	add([]byte{}, false)
	return seeds
}

// FuzzXLSX: whatever the bytes, the XLSX reader never panics; a workbook it opens gives
// rows numbered without gap, each loaded or rejected.
func FuzzXLSX(f *testing.F) {
	for _, b := range xlsxSeeds(f) {
		f.Add(b, uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		src, err := newXLSXSource(bytes.NewReader(data), DefaultLimits())
		if err != nil {
			return
		}
		defer src.close()
		rr := newRowRun(t, fuzzLayout(src.header(), kind), false, DefaultLimits().MaxLineBytes)
		next := uint32(1)
		for {
			c, err := src.chunk()
			if err == io.EOF {
				break
			}
			if err != nil {
				return // a broken sheet fails the file
			}
			if c.first != next {
				t.Fatalf("chunk starts at row %d, want %d", c.first, next)
			}
			rows, err := rr.fr.records(c, &rr.fields, rr.one)
			if err != nil {
				t.Fatal(err)
			}
			if int(rows) != len(c.rows) {
				t.Fatalf("chunk of %d rows counted as %d", len(c.rows), rows)
			}
			next += rows
		}
		if got := len(rr.calls); got != rr.loaded+rr.rejects {
			t.Fatalf("read %d ≠ loaded %d + rejected %d", got, rr.loaded, rr.rejects)
		}
	})
}

// xlsxSeeds are small workbooks written by excelize: each kind, Chinese headers, real date
// cells, a blank row, an empty sheet, a second sheet, and a workbook cut in half.
func xlsxSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	for _, k := range campaign.Kinds {
		seeds = append(seeds, xlsxBytes(t, withHeader(k, k == campaign.Ledger, fixture(k))))
	}
	build := func(fill func(f *excelize.File)) []byte {
		f := excelize.NewFile()
		defer f.Close()
		fill(f)
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	dated := build(func(f *excelize.File) {
		rows := withHeader(campaign.Ledger, false, fixture(campaign.Ledger))
		for i, rec := range rows {
			vals := make([]any, len(rec))
			for j, v := range rec {
				vals[j] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow("Sheet1", cell, &vals)
		}
		f.SetCellValue("Sheet1", "A2", time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC)) // a real date cell
		f.SetCellValue("Sheet1", "M2", 39600.5)                                      // a serial number
		f.SetCellValue("Sheet1", "A5", "2008-12")                                    // after a blank row
	})
	empty := build(func(f *excelize.File) {})
	two := build(func(f *excelize.File) {
		f.NewSheet("第二页")
		f.SetCellValue("第二页", "A1", "month")
	})
	seeds = append(seeds, dated, empty, two, dated[:len(dated)/2], []byte("PK\x03\x04"))
	return seeds
}
