package dashboards

import "github.com/gofiber/fiber/v2"

// UploadPage renders the ledger upload form, with an upload's outcome when there is one.
// The rejected-rows table has no download (it is shown once, for the file just sent).
func (d *Dashboards) UploadPage(c *fiber.Ctx, tables []*Table, notice string) error {
	v := d.newView(c, T(LangOf(c), "upload"))
	v.Notice = notice
	for _, t := range tables {
		v.Tables = append(v.Tables, TableView{Table: t, Lang: v.Lang})
	}
	return d.render(c, "upload", v)
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
