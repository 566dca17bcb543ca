package dashboards

import (
	"fmt"
	"net/url"
	"strconv"
)

// Table is one table of a page: the page shows it, and the export routes write the very
// same rows as CSV or XLSX, so a download is scoped exactly like the page.
type Table struct {
	ID      string
	Title   string
	Note    string
	Columns []string
	Rows    []Row
}

// Row is a table row; Href makes the row drill down.
type Row struct {
	Href  string
	Cells []Cell
	// Total marks the 合计 row under a table's regions.
	Total bool
}

// Cell is one table cell: Text is shown (and written to CSV); Value, when set, is the
// typed value written to XLSX (a number stays a number).
type Cell struct {
	Text  string
	Value any
	Num   bool
	RAG   string // red, amber or green
	Class string // ok, bad or muted
	// ID marks an identifier (a code, a household ID, an ID number): the exports write it
	// so a spreadsheet keeps it as text (00007 stays 00007).
	ID bool
}

// TableView is a table as a page template shows it, with its download links.
type TableView struct {
	*Table
	Lang Lang
	CSV  string
	XLSX string
}

func text(s string) Cell { return Cell{Text: s} }

func num(v uint64) Cell { return Cell{Text: strconv.FormatUint(v, 10), Value: v, Num: true} }

func inum(v int) Cell { return Cell{Text: strconv.Itoa(v), Value: v, Num: true} }

func pctCell(v float64) Cell { return Cell{Text: fmt.Sprintf("%.1f%%", v), Value: v, Num: true} }

func flag(lang Lang, ok bool) Cell {
	if ok {
		return Cell{Text: T(lang, "met"), Class: "ok"}
	}
	return Cell{Text: T(lang, "not_met"), Class: "bad"}
}

func yesNo(lang Lang, b bool) string {
	if b {
		return T(lang, "yes")
	}
	return T(lang, "no")
}

// view returns the table with links to its CSV and XLSX downloads for region and period.
func (t *Table) view(lang Lang, region, p string) TableView {
	q := url.Values{"region": {region}, "period": {p}, "lang": {string(lang)}}
	base := "/export/" + t.ID
	return TableView{Table: t, Lang: lang, CSV: base + ".csv?" + q.Encode(), XLSX: base + ".xlsx?" + q.Encode()}
}
