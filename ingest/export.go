package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/spreadsheet"
	"fullemp/warehouse"

	fsql "fullemp/sql"
)

// ReasonHeader is the column added to an exported quarantine file; ingest ignores it
// (it is reported as an unknown column) when the fixed file comes back.
const ReasonHeader = "reason"

// Quarantined lists rejected rows (quarantine FINAL), optionally only those of the file
// with base name file and of kind, ordered by file and row.
func Quarantined(ctx context.Context, s *warehouse.Store, file string, kind campaign.Kind) ([]Rejection, error) {
	rows, err := s.Conn.Query(ctx, qQuarantineRows, file, file, string(kind), string(kind))
	if err != nil {
		return nil, fmt.Errorf("read quarantine: %w", err)
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		var id uint64
		var k, hdr, raw string
		if err := rows.Scan(&id, &r.File, &k, &r.Row, &r.Column, &r.Value, &r.Reason, &hdr, &raw); err != nil {
			return nil, fmt.Errorf("read quarantine: %w", err)
		}
		r.Kind, r.FileID = campaign.Kind(k), id
		if err := json.Unmarshal([]byte(hdr), &r.Header); err != nil {
			return nil, fmt.Errorf("quarantine header of %s: %w", r.File, err)
		}
		if err := json.Unmarshal([]byte(raw), &r.Cells); err != nil {
			return nil, fmt.Errorf("quarantine row %d of %s: %w", r.Row, r.File, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read quarantine: %w", err)
	}
	return out, nil
}

// Export writes rejected rows back out as files to fix and send again: the source file's
// header plus a reason column, then each row's original cells and its reason. path ends
// in .csv (UTF-8 with BOM, which Excel opens correctly) or .xlsx. Rows of one source file
// go to path; rows of several go to one file each, named path's stem + "-" + the source
// file's stem. It returns the paths written.
func Export(path string, rows []Rejection) ([]string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, fmt.Errorf("export %s: want a .csv or .xlsx file", path)
	}
	var groups [][]Rejection
	for i, r := range rows {
		if i == 0 || r.FileID != rows[i-1].FileID || r.File != rows[i-1].File {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], r)
	}
	var written []string
	used := map[string]int{}
	for _, g := range groups {
		out := path
		if len(groups) > 1 {
			stem := strings.TrimSuffix(g[0].File, filepath.Ext(g[0].File))
			out = strings.TrimSuffix(path, filepath.Ext(path)) + "-" + stem
			if used[out]++; used[out] > 1 {
				out += fmt.Sprintf("-%d", used[out])
			}
			out += ext
		}
		records := [][]string{append(append([]string(nil), g[0].Header...), ReasonHeader)}
		for _, r := range g {
			cells := make([]string, len(g[0].Header))
			copy(cells, r.Cells)
			records = append(records, append(cells, r.Reason))
		}
		var data []byte
		var err error
		if ext == ".csv" {
			data, err = exportCSV(records)
		} else {
			data, err = exportXLSX(records)
		}
		if err == nil {
			err = os.WriteFile(out, data, 0o644)
		}
		if err != nil {
			return written, fmt.Errorf("export %s: %w", out, err)
		}
		written = append(written, out)
	}
	return written, nil
}

// exportCSV writes the records as CSV with a BOM. The cells are the source file's own,
// all text: one a spreadsheet would run as a formula (=HYPERLINK(…), +1, @x, -2+3) is
// written behind a single quote, a plain number (-3.5) as it is (spreadsheet.Cell); ingest
// drops the quote when the fixed file comes back (spreadsheet.Read), so the cells load as
// the source had them.
func exportCSV(records [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbf")
	w := csv.NewWriter(&b)
	for _, rec := range records {
		out := make([]string, len(rec))
		for i, c := range rec {
			out[i] = spreadsheet.Cell(c)
		}
		if err := w.Write(out); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// exportXLSX writes every cell as text, so identity numbers keep all their digits (a
// string cell is never a formula, so nothing needs neutralising), and formats every
// column as text, so that an ID number or a household typed in to fix a row stays as
// typed (a General cell would make 00007 the number 7).
func exportXLSX(records [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	if len(records) > 0 && len(records[0]) > 0 {
		n := len(records[0])
		for j := 1; j <= n; j++ {
			w := 10
			for i, rec := range records {
				if i > 200 {
					break
				}
				if j-1 < len(rec) {
					w = max(w, min(spreadsheet.DisplayWidth(rec[j-1])+2, 60))
				}
			}
			if err := sw.SetColWidth(j, j, float64(w)); err != nil {
				return nil, err
			}
		}
		if err := sw.SetColStyle(1, n, text); err != nil {
			return nil, err
		}
	}
	for i, rec := range records {
		vals := make([]any, len(rec))
		for j, v := range rec {
			vals[j] = excelize.Cell{Value: v, StyleID: text}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Queries of sql/queries read by this file.
var (
	qQuarantineRows = fsql.MustQuery("quarantine_rows")
)
