package synth

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// xlsxMaxRows is how many data rows fit on a sheet under its header (Excel's limit is
// 1,048,576 rows).
var xlsxMaxRows = 1_048_575

// xlsxTable writes a kind's rows to XLSX files through excelize's stream writer, one
// sheet per file; past the row limit it goes on in NAME-2.xlsx, NAME-3.xlsx, …
// Every value is a text cell: dates stay "YYYY-MM-DD" and ID numbers keep every digit.
type xlsxTable struct {
	o       *output
	base    string
	headers []string
	part    int
	rows    int
	path    string
	f       *excelize.File
	sw      *excelize.StreamWriter
	vals    []interface{}
}

func newXLSXTable(o *output, base string, headers []string) (*xlsxTable, error) {
	t := &xlsxTable{o: o, base: base, headers: headers}
	return t, t.open()
}

func (t *xlsxTable) open() error {
	t.part++
	name := t.base
	if t.part > 1 {
		name = fmt.Sprintf("%s-%d", t.base, t.part)
	}
	t.path = t.o.path(name)
	t.f = excelize.NewFile()
	sw, err := t.f.NewStreamWriter("Sheet1")
	if err != nil {
		return fmt.Errorf("xlsx %s: %w", t.path, err)
	}
	t.sw, t.rows = sw, 0
	return t.setRow(t.headers)
}

func (t *xlsxTable) setRow(fields []string) error {
	t.vals = t.vals[:0]
	for _, f := range fields {
		t.vals = append(t.vals, f)
	}
	cell, err := excelize.CoordinatesToCellName(1, t.rows+1)
	if err != nil {
		return fmt.Errorf("xlsx %s: %w", t.path, err)
	}
	if err := t.sw.SetRow(cell, t.vals); err != nil {
		return fmt.Errorf("xlsx %s row %d: %w", t.path, t.rows+1, err)
	}
	t.rows++
	return nil
}

func (t *xlsxTable) write(c *chunk) error {
	for _, r := range c.rows {
		if t.rows > xlsxMaxRows {
			if err := t.close(); err != nil {
				return err
			}
			if err := t.open(); err != nil {
				return err
			}
		}
		if err := t.setRow(r); err != nil {
			return err
		}
	}
	return nil
}

func (t *xlsxTable) close() error {
	if t.f == nil {
		return nil
	}
	if err := t.sw.Flush(); err != nil {
		return fmt.Errorf("xlsx %s: %w", t.path, err)
	}
	if err := t.f.SaveAs(t.path); err != nil {
		return fmt.Errorf("save %s: %w", t.path, err)
	}
	err := t.f.Close()
	t.f = nil
	if err != nil {
		return fmt.Errorf("close %s: %w", t.path, err)
	}
	return nil
}
