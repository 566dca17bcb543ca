package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"fullemp/account"
	"fullemp/dashboards"
	"fullemp/spreadsheet"
)

// export serves /export/:table.csv and .xlsx: the page's table, built through the same
// scoped Source as the page, written as CSV (UTF-8 with BOM, which Excel opens in
// Chinese) or XLSX. Identifier cells (household IDs like 00007, 18-digit ID numbers, region
// codes) are written so Excel keeps them as text: in CSV as ="00007" (Excel shows 00007
// and saves it back as 00007; ingest reads either), in XLSX as string cells with the text
// format "@". CSV text cells that a spreadsheet would run as a formula are neutralised
// (see csvText); XLSX cells are typed, a string is never a formula there, so they keep
// their text exactly. Every export is audited.
func (s *Server) export(c *fiber.Ctx) error {
	id, format := c.Params("table"), c.Params("format")
	if format != "csv" && format != "xlsx" {
		return fmt.Errorf("export format %q: want csv or xlsx: %w", format, account.ErrNotFound)
	}
	t, err := s.buildTable(c, id)
	if err != nil {
		return err
	}
	region := c.Query("region", s.dash.Source(c).Principal().Region)
	sp, _ := c.Locals(spanLocal).(string) // the period as parsed, @ the month read
	name := fmt.Sprintf("%s-%s-%s.%s", t.ID, region, strings.SplitN(sp, "@", 2)[0], format)
	if err := sendTable(c, t, format, name); err != nil {
		return err
	}
	s.dash.Audit(c, account.ActionExport, region, fmt.Sprintf("%s.%s period=%s rows=%d", id, format, sp, len(t.Rows)))
	return nil
}

// sendTable writes t as the download name in format (csv or xlsx), as export describes.
func sendTable(c *fiber.Ctx, t *dashboards.Table, format, name string) error {
	var buf bytes.Buffer
	if format == "csv" {
		buf.WriteString("\ufeff")
		w := csv.NewWriter(&buf)
		head := make([]string, len(t.Columns))
		for i, h := range t.Columns {
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
			return fmt.Errorf("write csv: %w", err)
		}
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	} else {
		f := excelize.NewFile()
		defer f.Close()
		sheet := "Sheet1"
		textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
		if err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
		for i, h := range t.Columns {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			_ = f.SetCellValue(sheet, cell, h)
		}
		for r, row := range t.Rows {
			for i, cell := range row.Cells {
				ref, _ := excelize.CoordinatesToCellName(i+1, r+2)
				if cell.ID {
					if err := f.SetCellStr(sheet, ref, cell.Text); err != nil {
						return fmt.Errorf("write xlsx: %w", err)
					}
					if err := f.SetCellStyle(sheet, ref, ref, textStyle); err != nil {
						return fmt.Errorf("write xlsx: %w", err)
					}
					continue
				}
				var v any = cell.Text
				if cell.Value != nil {
					v = cell.Value
				}
				if err := f.SetCellValue(sheet, ref, v); err != nil {
					return fmt.Errorf("write xlsx: %w", err)
				}
			}
		}
		if err := f.Write(&buf); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, name, url.PathEscape(name)))
	return c.Send(buf.Bytes())
}

// csvText is a cell as CSV writes it, by the cell's type: an identifier made of digits as
// ="…" (Excel keeps its leading zeros and all 18 digits; that formula is ours and exempt
// from neutralisation, any other identifier is neutralised text: spreadsheet.Identifier),
// a number as it is (a change of -3.5 stays the number -3.5), and text that starts with
// = + - @, a tab or a CR behind a single quote, so that a name like =HYPERLINK(…) reaches
// Excel as text, not as a formula (spreadsheet.Text).
func csvText(c dashboards.Cell) string {
	switch {
	case c.ID:
		return spreadsheet.Identifier(c.Text)
	case c.Num:
		return c.Text
	}
	return spreadsheet.Text(c.Text)
}
