package dashboards

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/campaign"
	"fullemp/warehouse"
)

// SearchResult is a region the header's search box found: its page and where it lies.
type SearchResult struct {
	Code  string          `json:"code"`
	Name  string          `json:"name"`
	Level warehouse.Level `json:"level"`
	// Path names the regions above it, district first (上城区 › 湖滨街道).
	Path string `json:"path"`
	URL  string `json:"url"`
}

// SearchLimit bounds a search's answer (and DefaultSearchLimit is what the header's
// suggestions ask for).
const (
	SearchLimit        = 50
	DefaultSearchLimit = 20
)

// Search finds districts, streets and communities by name or code within the principal's
// area only (warehouse.Regions.Search); more says whether others matched beyond limit.
func (s Source) Search(ctx context.Context, q string, limit int) ([]SearchResult, bool, error) {
	if !s.p.Role.Valid() || s.p.Region == "" {
		return nil, false, s.p.Check(campaign.CityCode)
	}
	regs, err := cached(ctx, s.d, "regions", s.d.wh.Regions)
	if err != nil {
		return nil, false, err
	}
	limit = min(max(limit, 1), SearchLimit)
	found, more := regs.Search(q, s.p.Region, limit)
	out := []SearchResult{}
	for _, r := range found {
		if !s.p.Allows(r.Code) { // Search keeps to the area already; the scope check has the last word
			continue
		}
		var above []string
		for _, p := range regs.Path(r.Code) {
			if p.Code != r.Code && (p.Level == warehouse.LevelDistrict || p.Level == warehouse.LevelStreet) {
				above = append(above, p.Name)
			}
		}
		out = append(out, SearchResult{Code: r.Code, Name: r.Name, Level: r.Level, Path: strings.Join(above, " › "), URL: "/region/" + r.Code})
	}
	return out, more, nil
}

// SearchView is the search page's query and what it found.
type SearchView struct {
	Query   string
	Results []SearchResult
	More    bool
}

// SearchPage serves /search?q=: the regions found, each linking to its page (for the
// month the search was made from, when the form sent one). A query that is a region's
// code (what choosing a suggestion sends), or the whole name of just one region, goes
// straight to its page.
func (d *Dashboards) SearchPage(c *fiber.Ctx) error {
	src := d.Source(c)
	q := strings.TrimSpace(c.Query("q"))
	month := ""
	if m := c.Query("month"); m != "" {
		pm, err := ParseMonth(m)
		if err != nil {
			return err
		}
		month = pm.Format("2006-01")
	}
	found, more, err := src.Search(c.UserContext(), q, SearchLimit)
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
	v.Month = month
	v.Search = &SearchView{Query: q, Results: found, More: more}
	return d.render(c, "search", v)
}
