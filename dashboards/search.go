package dashboards

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/period"
	"fullemp/readmodel"
)

// SearchView is the search page's query and what it found.
type SearchView struct {
	Query   string
	Results []readmodel.SearchResult
	More    bool
}

// SearchPage serves /search?q=: the regions found, each linking to its page (for the
// month the search was made from, when the form sent one). A query that is a region's
// code (what choosing a suggestion sends), or the whole name of just one region, goes
// straight to its page.
func (d *Dashboards) SearchPage(c *fiber.Ctx) error {
	src := d.Source(c)
	q := strings.TrimSpace(c.Query("q"))
	month := "" // the period the search was made from (?month= or ?period=)
	if m := c.Query("period", c.Query("month")); m != "" {
		p, err := period.Parse(m)
		if err != nil {
			return err
		}
		month = p.String()
	}
	found, more, err := src.Search(c.UserContext(), q, readmodel.SearchLimit)
	if err != nil {
		return err
	}
	if month != "" {
		for i := range found {
			found[i].URL = regionHref(found[i].Code, month)
		}
	}
	byName := -1
	for i, r := range found {
		switch {
		case r.Code == q:
			return c.Redirect(r.URL)
		case r.Name == q && byName == -1:
			byName = i
		case r.Name == q:
			byName = -2 // two regions of that name: the list says where each is
		}
	}
	if byName >= 0 {
		return c.Redirect(found[byName].URL)
	}
	lang := LangOf(c)
	v := d.newView(c, T(lang, "search_results"))
	v.Period = month
	v.Search = &SearchView{Query: q, Results: found, More: more}
	return d.render(c, "search", v)
}
