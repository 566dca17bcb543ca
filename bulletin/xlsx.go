package bulletin

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSX renders the annex: each table a sheet with a title row, its unit, identifiers as
// text and numbers as numbers, the status cells and revised cells as they read.
func XLSX(b *Bulletin) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	first := true
	used := map[string]bool{}
	for _, tb := range b.Tables {
		name := sheetName(fmt.Sprintf("%s%d %s", map[bool]string{true: "Table ", false: "表"}[b.Lang == "en"], tb.No, tb.Sheet), used)
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return nil, err
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		title := tb.Title
		if tb.Unit != "" {
			title += fmt.Sprintf("（%s）", tb.Unit)
		}
		set := func(col, row int, v any) error {
			c, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				return err
			}
			return f.SetCellValue(name, c, v)
		}
		if err := set(1, 1, b.Title+" · "+b.PeriodLabel+" · "+title); err != nil {
			return nil, err
		}
		_ = f.SetCellStyle(name, "A1", "A1", bold)
		for i, c := range tb.Columns {
			if err := set(i+1, 2, c); err != nil {
				return nil, err
			}
		}
		end, _ := excelize.CoordinatesToCellName(len(tb.Columns), 2)
		_ = f.SetCellStyle(name, "A2", end, bold)
		for r, row := range tb.Rows {
			for i, c := range row {
				cell, _ := excelize.CoordinatesToCellName(i+1, r+3)
				switch {
				case c.Key != "":
					n := b.Numbers[c.Key]
					if err := f.SetCellValue(name, cell, n.Value); err != nil {
						return nil, err
					}
					if n.Revised {
						_ = f.AddComment(name, excelize.Comment{Cell: cell, Author: "fullemp", Text: revMark(b.Lang)})
					}
				default:
					if err := f.SetCellStr(name, cell, c.Text); err != nil {
						return nil, err
					}
					if c.ID {
						_ = f.SetCellStyle(name, cell, cell, text)
					}
				}
			}
		}
		_ = f.SetColWidth(name, "A", "A", 14)
		_ = f.SetColWidth(name, "B", "H", 16)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("bulletin xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// sheetName keeps a sheet name within Excel's rules: 31 characters, none of []:*?/\, unique.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	base := s
	for i := 2; used[s]; i++ {
		s = fmt.Sprintf("%s (%d)", base, i)
	}
	used[s] = true
	return s
}
