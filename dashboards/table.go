package dashboards

import (
	"fmt"
	"net/url"
	"strconv"
)

// Table is one table of a page: the page shows it, and the export routes write the very
// same rows as CSV or XLSX, so a download is scoped exactly like the page.
type Table struct {
	ID    string
	Title string
	// Name is the table's short name, for its download's file and sheet names (区县排名);
	// the title when empty.
	Name    string
	Note    string
	Columns []string
	Rows    []Row
}

// FileName is the table's short name for downloads.
func (t *Table) FileName() string {
	if t.Name != "" {
		return t.Name
	}
	return t.Title
}

// Headers returns the column headers as a download writes them: each column whose cells
// carry a unit is named with it, 达标率 (%), since the cells hold bare numbers there.
func (t *Table) Headers() []string {
	out := append([]string(nil), t.Columns...)
	for i := range out {
		for _, r := range t.Rows {
			if i < len(r.Cells) && r.Cells[i].Unit != "" {
				out[i] += " (" + r.Cells[i].Unit + ")"
				break
			}
		}
	}
	return out
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
	// Unit is the unit of Value ("%" for a rate): the page shows it in Text, a download
	// in its column's header (Table.Headers) and the bare number in the cell.
	Unit string
}

// TableView is a table as a page template shows it, with its download links (XLSX
// first: the officials open them in Excel or WPS) and, for some tables, the downloads of a
// companion table (the residents' full ledger, to edit and send again).
type TableView struct {
	*Table
	Lang Lang
	CSV  string
	XLSX string
	Also []Download
}

// Download is a companion table's downloads.
type Download struct {
	Label, XLSX, CSV string
}

// companions lists the tables whose card also offers another table's downloads.
var companions = map[string]string{"residents": "ledger"}

func text(s string) Cell { return Cell{Text: s} }

func num(v uint64) Cell { return Cell{Text: strconv.FormatUint(v, 10), Value: v, Num: true} }

func inum(v int) Cell { return Cell{Text: strconv.Itoa(v), Value: v, Num: true} }

func pctCell(v float64) Cell {
	return Cell{Text: fmt.Sprintf("%.1f%%", v), Value: v, Num: true, Unit: "%"}
}

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
	link := func(id, format string) string { return "/export/" + id + "." + format + "?" + q.Encode() }
	v := TableView{Table: t, Lang: lang, CSV: link(t.ID, "csv"), XLSX: link(t.ID, "xlsx")}
	if id, ok := companions[t.ID]; ok {
		v.Also = append(v.Also, Download{Label: T(lang, "dl_"+id), XLSX: link(id, "xlsx"), CSV: link(id, "csv")})
	}
	return v
}
