package ingest

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
)

// xlsxChunkRows is how many spreadsheet rows one chunk holds.
const xlsxChunkRows = 4096

// xlsxSource reads the first sheet of a workbook, row by row, with the cells' raw values:
// numbers keep all their digits whatever their display format, and date cells arrive as
// Excel serial numbers, which the worker turns into dates for the date columns
// (excelSerial).
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	hdr  []string
	next uint32
	lim  Limits
	// headerRow is the spreadsheet row of the header: 1, or lower when title rows stand
	// above it (data row n is spreadsheet row headerRow+n).
	headerRow int
	// ra and size give the workbook again, for nums: which identifier cells are numbers.
	ra   io.ReaderAt
	size int64
	nums *numberCells
}

// maxTitleRows bounds the title rows skipped above a sheet's header.
const maxTitleRows = 5

// newXLSXSource opens a workbook within lim: its uncompressed size (MaxUnzippedBytes;
// parts of the sheet beyond 16 MB are unpacked to a temporary file, not to memory), its
// rows (MaxRows) and its row width (MaxColumns).
func newXLSXSource(r io.Reader, lim Limits) (*xlsxSource, error) {
	var ra io.ReaderAt
	var size int64
	if rs, ok := r.(interface {
		io.ReaderAt
		io.Seeker
	}); ok {
		if n, err := rs.Seek(0, io.SeekEnd); err == nil {
			if _, err := rs.Seek(0, io.SeekStart); err != nil {
				return nil, fmt.Errorf("rewind: %w", err)
			}
			ra, size = rs, n
		}
	}
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: lim.MaxUnzippedBytes})
	// excelize sums the sizes the zip declares (Go's zip reader fails a part that unpacks
	// past its declared size) and says so only in words.
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") {
		return nil, fmt.Errorf("the workbook unpacks to more than %d bytes (ingest.max_unzipped_bytes): not a ledger workbook, or a zip bomb", lim.MaxUnzippedBytes)
	}
	if err != nil {
		return nil, fmt.Errorf("not a readable XLSX workbook: %w", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errors.New("workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet %s: %w", sheets[0], err)
	}
	s := &xlsxSource{f: f, rows: rows, next: 1, lim: lim, ra: ra, size: size}
	// The header is the first row with more than one filled cell: rows above it with one
	// cell or none are a title (fullemp's downloads say the table, the region and the month
	// there, and offices often do the same) and are skipped. No kind's header has fewer
	// than three columns, so a header is never taken for a title.
	for {
		if !rows.Next() {
			s.close()
			if err := rows.Error(); err != nil {
				return nil, fmt.Errorf("sheet %s: %w", sheets[0], err)
			}
			return nil, fmt.Errorf("sheet %s is empty: no header row", sheets[0])
		}
		s.headerRow++
		if s.hdr, err = rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
			s.close()
			return nil, fmt.Errorf("sheet %s header: %w", sheets[0], err)
		}
		if filledCells(s.hdr) > 1 || s.headerRow > maxTitleRows {
			break
		}
	}
	if len(s.hdr) > lim.MaxColumns {
		s.hdr = s.hdr[:lim.MaxColumns:lim.MaxColumns]
	}
	return s, nil
}

func (s *xlsxSource) header() []string { return s.hdr }

// watchNumbers makes the chunks say which cells of the identifier columns of lay are
// number cells (chunk.numbers).
func (s *xlsxSource) watchNumbers(lay layout) error {
	watch := map[int]int{}
	for k, c := range campaign.Columns[lay.kind] {
		if identifierColumns[c.Name] && lay.index[k] >= 0 {
			watch[lay.index[k]] = k
		}
	}
	if len(watch) == 0 || s.ra == nil {
		return nil
	}
	nc, err := openNumberCells(s.ra, s.size, watch)
	if err != nil {
		return fmt.Errorf("read the cell types of the first sheet: %w", err)
	}
	s.nums = nc
	return nil
}

// identifierColumns are the columns whose values a spreadsheet damages when it takes them
// for numbers: ID numbers (digits past the 15th) and household IDs (leading zeros).
var identifierColumns = map[string]bool{"id_number": true, "household_id": true}

func (s *xlsxSource) chunk() (chunk, error) {
	c := chunk{first: s.next, xlsx: true}
	for len(c.rows) < xlsxChunkRows && s.rows.Next() {
		if int(s.next) > s.lim.MaxRows {
			return chunk{}, fmt.Errorf("the sheet has more than %d data rows (ingest.max_rows): split it into several files", s.lim.MaxRows)
		}
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return chunk{}, fmt.Errorf("row %d: %w", s.next, err)
		}
		if len(cells) > s.lim.MaxColumns {
			// Hold only the first cells (a cell in column XFD makes 16384 of them), and
			// reject the row when a cell past the limit holds anything.
			if last := lastFilled(cells); last >= s.lim.MaxColumns {
				if c.wide == nil {
					c.wide = map[int]int{}
				}
				c.wide[len(c.rows)] = last + 1
			}
			cells = append([]string(nil), cells[:s.lim.MaxColumns]...)
		}
		if s.nums != nil {
			if b := s.nums.of(s.headerRow + int(s.next)); b != 0 {
				if c.numbers == nil {
					c.numbers = map[int]uint64{}
				}
				c.numbers[len(c.rows)] = b
			}
		}
		c.rows = append(c.rows, cells)
		s.next++
	}
	if err := s.rows.Error(); err != nil {
		return chunk{}, err
	}
	if len(c.rows) == 0 {
		return chunk{}, io.EOF
	}
	return c, nil
}

// columnName is a spreadsheet's name of the n-th column (1 → A, 16384 → XFD).
func columnName(n int) string {
	name, err := excelize.ColumnNumberToName(n)
	if err != nil {
		return strconv.Itoa(n)
	}
	return name
}

// filledCells counts the cells that hold more than spaces.
func filledCells(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// lastFilled returns the index of the last cell that holds more than spaces, or -1.
func lastFilled(cells []string) int {
	for i := len(cells) - 1; i >= 0; i-- {
		if strings.TrimSpace(cells[i]) != "" {
			return i
		}
	}
	return -1
}

func (s *xlsxSource) close() error {
	s.rows.Close()
	if s.nums != nil {
		s.nums.close()
	}
	return s.f.Close()
}

// dateLayouts says how a date column of each kind is written when an XLSX cell holds an
// Excel serial date instead of text.
var dateLayouts = map[string]string{
	"month":            "2006-01",
	"unemployed_since": "2006-01-02",
	"requested_at":     "2006-01-02 15:04:05",
	"placed_at":        "2006-01-02 15:04:05",
}

// excelSerial renders v, when it is an Excel serial date (a number of days since
// 1899-12-30, with the time of day as its fraction) from 1970 to 2105, in layout. Text
// that is already a month (200812) or a date is left alone.
func excelSerial(v, layout string) (string, bool) {
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "", false
	}
	if _, ok := parseMonth(v); ok {
		return "", false
	}
	if _, ok := parseDateTime(v); ok {
		return "", false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 25569 || f >= 75000 {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return "", false
	}
	return t.Round(time.Second).Format(layout), true
}
