package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/dashboards"
	"fullemp/spreadsheet"
)

// export serves /export/:table.xlsx and .csv: the page's table, built through the same
// scoped Source as the page, written as XLSX or CSV (UTF-8 with BOM, which Excel opens in
// Chinese) and named for the table, the region and the month in the page's language
// (区县排名-杭州市-2009年12月.xlsx, League-Hangzhou-2009-12.xlsx). Identifier cells
// (household IDs like 00007, 18-digit ID numbers, region codes) are written so Excel keeps
// them as text: in CSV as ="00007" (Excel shows 00007 and saves it back as 00007; ingest
// reads either), in XLSX as string cells with the text format "@". CSV text cells that a
// spreadsheet would run as a formula are neutralised (see csvText); XLSX cells are typed,
// a string is never a formula there, so they keep their text exactly. Every export is
// audited.
func (s *Server) export(c *fiber.Ctx) error {
	id, format := c.Params("table"), c.Params("format")
	if format != "csv" && format != "xlsx" {
		return fmt.Errorf("export format %q: want csv or xlsx: %w", format, account.ErrNotFound)
	}
	t, sp, err := s.buildTable(c, id)
	if err != nil {
		return err
	}
	region := c.Query("region", s.dash.Source(c).Principal().Region)
	lang := dashboards.LangOf(c)
	name := region
	if r, _, err := s.src(c).Region(c.UserContext(), region); err == nil {
		name = r.Name
	}
	if region == campaign.CityCode && lang == dashboards.En {
		name = dashboards.T(lang, "city")
	}
	if err := sendTable(c, t, format, downloadOf(t, name, sp.Period.Label(string(lang)))); err != nil {
		return err
	}
	s.dash.Audit(c, account.ActionExport, region, fmt.Sprintf("%s.%s period=%s rows=%d", id, format, sp.Key(), len(t.Rows)))
	return nil
}

// download names a table's file and says what its XLSX shows above the table.
type download struct {
	stem  string // the file name without its extension: 区县排名-杭州市-2009年12月
	sheet string // the XLSX sheet's name: 区县排名
	title string // the XLSX title row: the table's title, the region and the month
}

// downloadOf is the download of t about parts (the region's name and the month, as the
// page's language writes them).
func downloadOf(t *dashboards.Table, parts ...string) download {
	return download{stem: fileSafe(strings.Join(append([]string{t.FileName()}, parts...), "-")),
		sheet: sheetName(t.FileName()), title: strings.Join(append([]string{t.Title}, parts...), " · ")}
}

// fileSafe replaces the characters Windows does not take in a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`\/:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, s)
}

// sheetName is s as an Excel sheet name: at most 31 characters, none of []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}

// sendTable writes t as the download dl in format (xlsx or csv), as export describes.
// The XLSX has a title row (dl.title) above the header and the sheet named dl.sheet;
// ingest skips such a title row, so an exported ledger goes back in as it is. Columns
// whose cells carry a unit say it in the header (达标率 (%)) and hold bare numbers.
func sendTable(c *fiber.Ctx, t *dashboards.Table, format string, dl download) error {
	var body []byte
	var err error
	if format == "csv" {
		body, err = tableCSV(t)
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	} else {
		body, err = tableXLSX(t, dl)
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	if err != nil {
		return err
	}
	setAttachment(c, dl.stem+"."+format)
	return c.Send(body)
}

// setAttachment names the response's download: filename for old clients (the name as it
// is; Chromium and Firefox read filename* first) and filename* in RFC 5987's UTF-8 form.
func setAttachment(c *fiber.Ctx, name string) {
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`,
		strings.ReplaceAll(name, `"`, "_"), url.PathEscape(name)))
}

// tableCSV writes t as CSV with a BOM: the header (with units), then the rows.
func tableCSV(t *dashboards.Table) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	head := t.Headers()
	for i, h := range head {
		head[i] = spreadsheet.Text(h)
	}
	_ = w.Write(head)
	for _, r := range t.Rows {
		rec := make([]string, len(r.Cells))
		for i, cell := range r.Cells {
			rec[i] = csvText(cell)
		}
		_ = w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return buf.Bytes(), nil
}

// tableXLSX writes t as a workbook of one sheet: the title row, the header (bold, with
// units, frozen), then the rows; identifiers as text cells formatted "@", numbers as
// numbers.
func tableXLSX(t *dashboards.Table, dl download) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := dl.sheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	head := t.Headers()
	cols := max(len(head), 1)
	last, _ := excelize.CoordinatesToCellName(cols, 1)
	if err := f.SetCellStr(sheet, "A1", dl.title); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	if cols > 1 {
		_ = f.MergeCell(sheet, "A1", last)
	}
	_ = f.SetCellStyle(sheet, "A1", last, st.title)
	widths := make([]int, cols)
	for i, h := range head {
		ref, _ := excelize.CoordinatesToCellName(i+1, 2)
		_ = f.SetCellStr(sheet, ref, h)
		widths[i] = spreadsheet.DisplayWidth(h)
	}
	if len(head) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(head), 2)
		_ = f.SetCellStyle(sheet, "A2", end, st.header)
	}
	for r, row := range t.Rows {
		for i, cell := range row.Cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, r+3)
			if i < len(widths) {
				widths[i] = max(widths[i], spreadsheet.DisplayWidth(cell.Text))
			}
			if cell.ID {
				if err := f.SetCellStr(sheet, ref, cell.Text); err != nil {
					return nil, fmt.Errorf("write xlsx: %w", err)
				}
				_ = f.SetCellStyle(sheet, ref, ref, st.text)
				continue
			}
			var v any = cell.Text
			if cell.Value != nil {
				v = cell.Value
			}
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				return nil, fmt.Errorf("write xlsx: %w", err)
			}
			if cell.Unit != "" && cell.Value != nil {
				_ = f.SetCellStyle(sheet, ref, ref, st.decimal)
			}
		}
	}
	for i, w := range widths {
		name, _ := excelize.ColumnNumberToName(i + 1)
		_ = f.SetColWidth(sheet, name, name, float64(min(max(w+2, 8), 50)))
	}
	_ = f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// sheetStyles are the styles of a download's sheet.
type sheetStyles struct{ title, header, text, decimal int }

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	if s.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return s, err
	}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}); err != nil {
		return s, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil { // "@": text
		return s, err
	}
	decimal := "0.0"
	s.decimal, err = f.NewStyle(&excelize.Style{CustomNumFmt: &decimal})
	return s, err
}

// csvText is a cell as CSV writes it, by the cell's type: an identifier made of digits as
// ="…" (Excel keeps its leading zeros and all 18 digits; that formula is ours and exempt
// from neutralisation, any other identifier is neutralised text: spreadsheet.Identifier),
// a number with a unit as the bare number (its header names the unit), another number as
// it is (a change of -3.5 stays the number -3.5), and text that starts with = + - @, a tab
// or a CR behind a single quote, so that a name like =HYPERLINK(…) reaches Excel as text,
// not as a formula (spreadsheet.Text).
func csvText(c dashboards.Cell) string {
	switch {
	case c.ID:
		return spreadsheet.Identifier(c.Text)
	case c.Num && c.Unit != "" && c.Value != nil:
		if v, ok := c.Value.(float64); ok {
			return fmt.Sprintf("%.1f", v)
		}
		return fmt.Sprint(c.Value)
	case c.Num:
		return c.Text
	}
	return spreadsheet.Text(c.Text)
}
