package ingest

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"fullemp/campaign"
	"fullemp/spreadsheet"
)

// fileRun is the state of one file's ingest shared by its workers.
type fileRun struct {
	in     *Ingester
	lay    layout
	fileID uint64
	base   uint64 // row n is stored with version base+n
	codes  *known
	gbk    bool // a CSV decoded as GB18030
	q      *quarantineWriter
	prog   *progress
	guard  *guard // nil unless the file is a scoped upload
	stage  string // the staging table the rows go to (see fileStaging)

	read, loaded, rejected atomic.Int64
	last                   atomic.Uint32 // highest data row number seen

	mu     sync.Mutex
	months map[time.Time]bool
	// households gathers the workers' notes on a ledger's household IDs (households.go),
	// published its (community, ID) pairs with leading zeros.
	households householdSeen
	published  [][2]string
}

// pump reads chunks from src and runs the workers on them until src ends, a worker fails
// or ctx ends. Each worker validates its rows into its own columnar buffer and inserts it
// every BatchRows rows.
func (fr *fileRun) pump(ctx context.Context, src source) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	chunks := make(chan chunk, fr.in.opts.Workers)
	var wg sync.WaitGroup
	for i := 0; i < fr.in.opts.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fr.work(ctx, chunks); err != nil {
				cancel(err)
			}
		}()
	}
	var readErr error
	for {
		c, err := src.chunk()
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		select {
		case chunks <- c:
			continue
		case <-ctx.Done():
		}
		break
	}
	close(chunks)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	if readErr != nil {
		return unreadable(readErr)
	}
	return nil
}

// work validates and buffers the rows of the chunks it receives.
func (fr *fileRun) work(ctx context.Context, chunks <-chan chunk) error {
	kind := fr.lay.kind
	tbl := newTable(kind, fr.fileID, fr.codes, fr.in.opts.BatchRows)
	ins := &inserter{conn: fr.in.store.Conn, each: fr.in.insertEach, into: fr.stage}
	defer ins.abort()
	var sent int64 // rows in the open INSERT, loaded when it ends
	r := row{cells: make([]string, len(campaign.Columns[kind]))}
	var p problems
	var fields []string
	var hs householdSeen
	if kind == campaign.Ledger {
		hs = householdSeen{}
	}
	one := func(n uint32, cells []string, nums uint64, strict, xlsx bool, splitErr error) error {
		fr.read.Add(1)
		p.reset()
		r.n, r.version, r.numbers = n, fr.base+uint64(n), nums
		cells = fr.check(&r, cells, strict, xlsx, splitErr, tbl, &p)
		if p.none() && hs != nil {
			hs.note(&r)
		}
		if !p.none() {
			if fr.rejected.Add(1) > fr.in.opts.Limits.MaxRejectedRows {
				return &tooManyRejected{limit: fr.in.opts.Limits.MaxRejectedRows, row: n}
			}
			return fr.q.add(ctx, Rejection{Row: n, Column: p.column(), Value: p.value(), Reason: p.reason(),
				Problems: append([]Problem(nil), p.list...), Cells: append([]string(nil), cells...)}, r.version)
		}
		if tbl.len() >= fr.in.opts.BatchRows {
			n, err := fr.flush(ctx, tbl, ins)
			sent += n
			return err
		}
		return nil
	}
	for c := range chunks {
		if ctx.Err() != nil {
			continue // drain so the reader never blocks
		}
		rows, err := fr.records(c, &fields, one)
		if err != nil {
			return err
		}
		for {
			last := fr.last.Load()
			if c.first+rows-1 <= last || fr.last.CompareAndSwap(last, c.first+rows-1) {
				break
			}
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	n, err := fr.flush(ctx, tbl, ins)
	if err != nil {
		return err
	}
	sent += n
	if err := ins.finish(); err != nil {
		return err
	}
	fr.loaded.Add(sent)
	if len(hs) > 0 {
		fr.mu.Lock()
		if fr.households == nil {
			fr.households = householdSeen{}
		}
		fr.households.merge(hs)
		fr.mu.Unlock()
	}
	return nil
}

// tooManyRejected stops a file whose rejected rows pass Limits.MaxRejectedRows.
type tooManyRejected struct {
	limit int64
	row   uint32
	first []Rejection
}

func (e *tooManyRejected) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stopped at data row %d: more than %d rows rejected (ingest.max_rejected_rows), so nothing of the file was loaded; fix the file as a whole and send it again (超过 %d 行被拒收，整个文件未入库，请修正后重新上传)",
		e.row, e.limit, e.limit)
	for i, r := range e.first {
		if i == 3 {
			break
		}
		fmt.Fprintf(&b, "; row %d: %s", r.Row, r.Reason)
	}
	return b.String()
}

// check validates one data row: the cells as read (split is the CSV record's split error,
// strict asks for exactly the header's cells, xlsx that serial dates be read as dates). A
// row without problems goes into tbl; otherwise p says what is wrong and the returned
// cells are the ones to quarantine.
func (fr *fileRun) check(r *row, cells []string, strict, xlsx bool, split error, tbl table, p *problems) []string {
	kind := fr.lay.kind
	switch {
	case split != nil:
		en, zh := split.Error(), "本行无法按 CSV 拆分"
		if re, ok := split.(*rowError); ok {
			zh = re.zh
		}
		p.add("(row)", clip(cells[0], 200), en, zh)
	case strict && len(cells) != len(fr.lay.header):
		p.add("(row)", "", fmt.Sprintf("row has %d cells, the header has %d", len(cells), len(fr.lay.header)), fmt.Sprintf("本行有%d个单元格，表头有%d个", len(cells), len(fr.lay.header)))
	case fr.badText(cells, p):
		cells = readable(cells)
	default:
		for k, j := range fr.lay.index {
			if j >= 0 && j < len(cells) {
				r.cells[k] = trim(cells[j])
			} else {
				r.cells[k] = ""
			}
		}
		fr.tooLong(r.cells, p)
		if xlsx {
			for _, k := range fr.lay.dates {
				if v, ok := excelSerial(r.cells[k], dateLayouts[campaign.Columns[kind][k].Name]); ok {
					r.cells[k] = v
				}
			}
		}
		if fr.guard != nil && p.none() {
			fr.guard.check(r.cells, fr.codes, p)
		}
		if p.none() {
			tbl.add(r, p)
		}
	}
	return cells
}

// records hands the data rows of one chunk to one and returns how many rows (physical
// lines, for CSV) the chunk spans: a CSV line past the limit alone, a CSV chunk's records
// (csvRecords), or rows already split into cells, blank ones skipped.
func (fr *fileRun) records(c chunk, fields *[]string, one func(n uint32, cells []string, nums uint64, strict, xlsx bool, splitErr error) error) (uint32, error) {
	switch {
	case c.long > 0:
		// A line past the limit: rejected alone with its first bytes, as the source cut it.
		lim := fr.in.opts.Limits.MaxLineBytes
		err := &rowError{fmt.Sprintf("the line is %d bytes long, longer than the limit of %d bytes (ingest.max_line_bytes); its first %d bytes are kept", c.long, lim, lim),
			fmt.Sprintf("本行长 %d 字节，超过上限 %d 字节（ingest.max_line_bytes），只保留前 %d 字节", c.long, lim, lim)}
		if err := one(c.first, []string{c.text}, 0, false, false, err); err != nil {
			return 0, err
		}
		fr.prog.add(1, c.long)
		return 1, nil
	case c.csv:
		return fr.csvRecords(c, fields, one)
	}
	for i, cells := range c.rows {
		var wide error
		if w, ok := c.wide[i]; ok {
			lim := fr.in.opts.Limits.MaxColumns
			wide = &rowError{fmt.Sprintf("the row has a value in column %s, past the limit of %d columns (ingest.max_columns)", columnName(w), lim),
				fmt.Sprintf("本行第 %s 列有内容，超过上限 %d 列（ingest.max_columns）", columnName(w), lim)}
		} else if blankCells(cells) {
			continue
		}
		if err := one(c.first+uint32(i), cells, c.numbers[i], false, c.xlsx, wide); err != nil {
			return 0, err
		}
	}
	fr.prog.add(int64(len(c.rows)), 0)
	return uint32(len(c.rows)), nil
}

// csvRecords hands the records of a CSV chunk to one, numbered by physical line, and
// returns how many lines the chunk held. A record is one line, or several when a quoted
// cell holds line breaks; when such a record does not split into the header's cells, the
// quote was unbalanced: its first line alone is rejected and reading resumes at the next
// line, so one bad quote never swallows the rows after it. A split error keeps the raw
// line as the rejected row's only cell.
func (fr *fileRun) csvRecords(c chunk, fields *[]string, one func(n uint32, cells []string, nums uint64, strict, xlsx bool, splitErr error) error) (uint32, error) {
	lim := fr.in.opts.Limits.MaxLineBytes
	n, text := c.first, c.text
	for text != "" {
		rec, lines, rest := nextRecord(text, lim)
		line := trimEOL(rec)
		if blank(line) {
			n, text = n+uint32(lines), rest
			continue
		}
		var err error
		*fields, err = splitFields(line, *fields)
		if lines > 1 && (err != nil || len(*fields) != len(fr.lay.header)) {
			first := text[:strings.IndexByte(text, '\n')+1]
			line, err, lines, rest = trimEOL(first), errQuote, 1, text[len(first):]
		}
		cells := *fields
		switch {
		case len(line) > lim: // an unbalanced quote on a long line too: keep only its start
			cells = []string{line[:lim]}
			err = &rowError{fmt.Sprintf("the line is %d bytes long, longer than the limit of %d bytes (ingest.max_line_bytes)", len(line), lim),
				fmt.Sprintf("本行长 %d 字节，超过上限 %d 字节（ingest.max_line_bytes）", len(line), lim)}
		case err != nil:
			cells = []string{line}
		}
		if err := one(n, cells, 0, true, false, err); err != nil {
			return 0, err
		}
		n, text = n+uint32(lines), rest
	}
	fr.prog.add(int64(n-c.first), int64(len(c.text)))
	return n - c.first, nil
}

// tooLong adds a problem for every cell longer than Limits.MaxTextChars characters: no
// name, code or note is that long, and one such cell would swell every page showing it.
func (fr *fileRun) tooLong(cells []string, p *problems) {
	max := fr.in.opts.Limits.MaxTextChars
	for k, c := range cells {
		if len(c) <= max {
			continue
		}
		if n := utf8.RuneCountInString(c); n > max {
			p.add(campaign.Columns[fr.lay.kind][k].Name, clip(c, 4*max),
				fmt.Sprintf("is %d characters long, longer than the limit of %d (ingest.max_text_chars)", n, max),
				fmt.Sprintf("长 %d 个字符，超过上限 %d（ingest.max_text_chars）", n, max))
		}
	}
}

// clip returns s cut to at most n bytes, at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:completeRunes([]byte(s[:n]))]
}

// badText adds a problem for every cell whose text cannot be stored as it is (see
// textProblem) and reports whether there was one.
func (fr *fileRun) badText(cells []string, p *problems) bool {
	bad := false
	for j, c := range cells {
		if en, zh, ok := textProblem(c, fr.gbk); ok {
			col := "(row)"
			if j < len(fr.lay.header) {
				col = fr.lay.header[j]
			}
			p.add(col, readable([]string{c})[0], en, zh)
			bad = true
		}
	}
	return bad
}

// flush sends a worker's buffered rows as a block of its open INSERT and returns how many
// rows it sent; with insertEach they are committed and counted loaded at once.
func (fr *fileRun) flush(ctx context.Context, tbl table, ins *inserter) (int64, error) {
	n := int64(tbl.len())
	if n == 0 {
		return 0, nil
	}
	fr.mu.Lock()
	tbl.touched(fr.months)
	fr.mu.Unlock()
	if err := tbl.insert(ctx, ins); err != nil {
		return 0, err
	}
	if h := fr.in.afterBatch; h != nil {
		h()
	}
	if ins.each {
		fr.loaded.Add(n)
		return 0, nil
	}
	return n, nil
}

// trimEOL drops a record's line ending (LF or CRLF).
func trimEOL(rec string) string {
	n := len(rec)
	for n > 0 && (rec[n-1] == '\n' || rec[n-1] == '\r') {
		n--
	}
	return rec[:n]
}

// trim is strings.TrimSpace with a fast exit for the usual cell that has no space at
// either end. A cell as fullemp's CSV exports write it reads as the cell itself
// (spreadsheet.Read): ="00007" (an identifier kept as text in Excel) as 00007, and
// '=HYPERLINK(…) (a quarantined cell neutralised for the spreadsheet) as =HYPERLINK(…).
func trim(s string) string {
	if n := len(s); n == 0 || (s[0] > ' ' && s[0] < 0x80 && s[n-1] > ' ' && s[n-1] < 0x80) {
		return spreadsheet.Read(s)
	}
	return spreadsheet.Read(strings.TrimSpace(s))
}

// blank reports a CSV record with no content: an empty line or only commas and spaces.
func blank(line string) bool {
	for i := 0; i < len(line); i++ {
		if c := line[i]; c != ',' && c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func blankCells(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
