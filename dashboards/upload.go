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

// AuditPage renders the audit trail (the api checks the city role first).
func (d *Dashboards) AuditPage(c *fiber.Ctx, t *Table) error {
	v := d.newView(c, T(LangOf(c), "audit"))
	v.Tables = []TableView{{Table: t, Lang: v.Lang}}
	return d.render(c, "region", v)
}
