package dashboards

import "github.com/gofiber/fiber/v2"

// BulletinsPage shows the statistical bulletins a user may read: each published vintage in
// each format, a row a download (the city role also sees its drafts).
func (d *Dashboards) BulletinsPage(c *fiber.Ctx, t *Table) error {
	lang := LangOf(c)
	title := "统计公报"
	if lang == En {
		title = "Statistical bulletins"
	}
	v := d.newView(c, title)
	v.Tables = []TableView{{Table: t, Lang: v.Lang}}
	return d.render(c, "region", v)
}
