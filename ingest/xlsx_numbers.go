package ingest

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// numberCells tells which cells of the first sheet are number cells, for the identifier
// columns: excelize's row reader gives every cell's raw text, and the text 7 of a number
// cell reads like the text 7 of a string cell, though a spreadsheet turned 00007 into
// the first and kept the second. A number in an ID-number column lost its last digits
// (Excel keeps 15 significant digits) or will when the file is next saved; a number in a
// household column lost its leading zeros. So the sheet's XML is read a second time, as a
// stream beside excelize's, only for the cells' types: row by row, on demand.
type numberCells struct {
	rc    io.ReadCloser
	dec   *xml.Decoder
	watch map[int]int // 0-based column of the sheet → the kind's column it holds
	row   int         // the row the decoder stands in (0 before the first row)
	next  *rowNumbers // a row read past while looking for an earlier one
	err   error
}

// rowNumbers is one sheet row's number cells in watched columns, as a set of the kind's
// columns (bit k: column k of campaign.Columns).
type rowNumbers struct {
	row  int
	bits uint64
}

// openNumberCells opens the first sheet of the workbook in r (size bytes) for watch.
func openNumberCells(r io.ReaderAt, size int64, watch map[int]int) (*numberCells, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	name, err := firstSheetPart(z)
	if err != nil {
		return nil, err
	}
	for _, f := range z.File {
		if strings.EqualFold(f.Name, name) {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			return &numberCells{rc: rc, dec: xml.NewDecoder(rc), watch: watch}, nil
		}
	}
	return nil, fmt.Errorf("no part %s in the workbook", name)
}

// firstSheetPart finds the zip part of the workbook's first sheet: the first <sheet> of
// xl/workbook.xml, through its relationship in xl/_rels/workbook.xml.rels.
func firstSheetPart(z *zip.Reader) (string, error) {
	var wb struct {
		Sheets []struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readPart(z, "xl/workbook.xml", &wb); err != nil {
		return "", err
	}
	if err := readPart(z, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", err
	}
	if len(wb.Sheets) == 0 {
		return "", errors.New("the workbook lists no sheet")
	}
	id := ""
	for _, a := range wb.Sheets[0].Attrs {
		if a.Name.Local == "id" && a.Name.Space != "" {
			id = a.Value
		}
	}
	for _, r := range rels.Rels {
		if r.ID == id {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(r.Target, "/"), nil
			}
			return path.Join("xl", r.Target), nil
		}
	}
	return "", fmt.Errorf("no relationship %q for the first sheet", id)
}

func readPart(z *zip.Reader, name string, v any) error {
	for _, f := range z.File {
		if strings.EqualFold(f.Name, name) {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			return xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(v)
		}
	}
	return fmt.Errorf("no part %s in the workbook", name)
}

// of returns the number cells of spreadsheet row n among the watched columns. Rows are
// asked for in increasing order.
func (nc *numberCells) of(n int) uint64 {
	if nc.next != nil {
		if nc.next.row > n {
			return 0
		}
		got := nc.next
		nc.next = nil
		if got.row == n {
			return got.bits
		}
	}
	for nc.err == nil {
		r, err := nc.readRow()
		if err != nil {
			nc.err = err
			return 0
		}
		switch {
		case r.row == n:
			return r.bits
		case r.row > n:
			nc.next = &r
			return 0
		}
	}
	return 0
}

// readRow reads the next <row> element of the sheet and its number cells.
func (nc *numberCells) readRow() (rowNumbers, error) {
	var out rowNumbers
	inRow, col, numeric := false, 0, -1
	for {
		tok, err := nc.dec.RawToken()
		if err != nil {
			return out, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				nc.row++
				if v := attr(el, "r"); v != "" {
					fmt.Sscan(v, &nc.row)
				}
				out, inRow, col = rowNumbers{row: nc.row}, true, 0
			case "c":
				if !inRow {
					continue
				}
				col++
				if ref := attr(el, "r"); ref != "" {
					if c, _, err := excelize.CellNameToCoordinates(ref); err == nil {
						col = c
					}
				}
				numeric = -1
				if t := attr(el, "t"); t == "" || t == "n" {
					if k, ok := nc.watch[col-1]; ok {
						numeric = k
					}
				}
			case "v":
				if numeric >= 0 {
					out.bits |= 1 << uint(numeric)
				}
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "c":
				numeric = -1
			case "row":
				if inRow {
					return out, nil
				}
			case "sheetData":
				return out, io.EOF
			}
		}
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (nc *numberCells) close() error { return nc.rc.Close() }
