package ingest

import (
	"archive/zip"
	"bytes"
	"testing"
)

// workbookXML is a minimal workbook whose first sheet is sheetData.
func workbookXML(t *testing.T, target, sheetData string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	parts := map[string]string{
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台帐" sheetId="1" r:id="rId7"/><sheet name="other" sheetId="2" r:id="rId8"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Target="worksheets/other.xml" Type="x"/><Relationship Id="rId7" Target="` + target + `" Type="x"/></Relationships>`,
		"xl/worksheets/data.xml":     `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="2"/></cols><sheetData>` + sheetData + `</sheetData></worksheet>`,
		"xl/worksheets/other.xml":    `<worksheet><sheetData><row r="2"><c r="B2"><v>1</v></c></row></sheetData></worksheet>`,
	}
	for name, body := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestNumberCells: the number cells of the watched columns, row by row, whatever form the
// sheet's XML takes: cells and rows with or without r, shared, inline and formula strings
// (not numbers), numbers with a formula, empty cells, gaps between rows, rows asked for
// past the sheet's end, an absolute relationship target.
func TestNumberCells(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
		`<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>2</v></c><c r="C2"><v>9</v></c></row>` +
		`<row><c><v>1</v></c><c t="inlineStr"><is><t>00007</t></is></c></row>` + // row 3, no r
		`<row r="5"><c r="A5" t="str"><f>"7"</f><v>7</v></c><c r="B5"><f>1+1</f><v>2</v></c></row>` +
		`<row r="6"><c r="A6" s="1"/><c r="B6" t="n"><v>3.30102E+17</v></c></row>`
	for _, target := range []string{"worksheets/data.xml", "/xl/worksheets/data.xml"} {
		data := workbookXML(t, target, rows)
		nc, err := openNumberCells(bytes.NewReader(data), int64(len(data)), map[int]int{0: 4, 1: 1}) // A → household, B → ID number
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		for _, c := range []struct {
			row  int
			want uint64
		}{{2, 1 << 4}, {3, 1 << 4}, {4, 0}, {5, 1 << 1}, {6, 1 << 1}, {7, 0}, {9, 0}} {
			if got := nc.of(c.row); got != c.want {
				t.Errorf("%s: row %d: %b, want %b", target, c.row, got, c.want)
			}
		}
		nc.close()
	}
}
