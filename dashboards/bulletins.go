package dashboards

import (
	"html/template"

	"github.com/gofiber/fiber/v2"
)

// BulletinsPage shows the statistical bulletins a user may read, a row a release (the city
// role also sees the calendar's drafts, under embargo); a row opens its view page.
func (d *Dashboards) BulletinsPage(c *fiber.Ctx, t *Table) error {
	v := d.newView(c, T(LangOf(c), "bulletins"))
	v.Tables = []TableView{{Table: t, Lang: v.Lang}}
	return d.render(c, "region", v)
}

// BulletinView is one bulletin shown inside the app: its own HTML (the stored file of a
// published vintage, byte for byte, or the draft written now), its downloads, its other
// vintages, and for the city role on a draft the form that publishes it.
type BulletinView struct {
	Title  string
	Status string // 草稿, 初步, 修订, 终值 (as of now)
	// Style is the bulletin's own <style> element and Body its <article>: the page's
	// policy allows that style by its hash (api sets it).
	Style, Body template.HTML
	Downloads   []Crumb
	Vintages    []Crumb // every release of the period; Href "" for the one shown
	// Publish is the address the publish form posts to; "" for none.
	Publish string
}

// BulletinPage renders a bulletin's view page.
func (d *Dashboards) BulletinPage(c *fiber.Ctx, b *BulletinView) error {
	lang := LangOf(c)
	v := d.newView(c, b.Title)
	v.Crumbs = []Crumb{{Name: T(lang, "bulletins"), Href: "/bulletins"}, {Name: b.Title}}
	v.Bulletin = b
	return d.render(c, "bulletin", v)
}
