package dashboards

import "github.com/gofiber/fiber/v2"

// UploadPage renders the ledger upload form, with an upload's outcome when there is one
// (sum; nil for none): how many rows went in, a page of its rejected rows and, when there
// are more, links to the pages before and after (pager; nil for none). Every rejected
// row downloads as one XLSX to fix and send again (UploadSummary.Download).
func (d *Dashboards) UploadPage(c *fiber.Ctx, sum *UploadSummary, tables []*Table, notice string, pager *Pager) error {
	v := d.newView(c, T(LangOf(c), "upload"))
	v.Notice, v.Pager, v.Upload = notice, pager, sum
	for _, t := range tables {
		v.Tables = append(v.Tables, TableView{Table: t, Lang: v.Lang})
	}
	return d.render(c, "upload", v)
}

// UploadSummary is what became of an upload, as its page shows it.
type UploadSummary struct {
	File string
	// Outcome says how many rows went in: 部分入库 8/13, 全部入库 13/13, 未入库 0/13.
	Outcome string
	Class   string // ok, partial or bad
	Details string // the counts: read, loaded, replaced, rejected
	// Note says more: the file was ingested before (the counts are its first ingest's),
	// no row was in the user's area, or why the file failed.
	Note string
	// Download is the URL of every rejected row as an XLSX with a reason column.
	Download string
}

// Pager links a page of a long list to its neighbours: Text says where it is ("第 2/40
// 页"), Prev and Next are the URLs of the pages before and after ("" for none).
type Pager struct {
	Text, Prev, Next string
}

// AuditForm is the audit page's filter form and its downloads.
type AuditForm struct {
	User, From, To string
	Actions        []Option
	CSV, XLSX      string
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// AuditPage renders the audit trail with its filters (the api checks the city role first).
func (d *Dashboards) AuditPage(c *fiber.Ctx, t *Table, form AuditForm) error {
	v := d.newView(c, T(LangOf(c), "audit"))
	v.Tables = []TableView{{Table: t, Lang: v.Lang, CSV: form.CSV, XLSX: form.XLSX}}
	v.Audit = &form
	return d.render(c, "audit", v)
}
