package api

import (
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/bulletin"
	"fullemp/campaign"
	"fullemp/dashboards"
	"fullemp/period"
)

// viewURL is the address of a bulletin's view page; vintage "" is the latest published,
// "draft" the draft.
func viewURL(region, p, lang, vintage string) string {
	q := url.Values{"lang": {lang}}
	if vintage != "" {
		q.Set("vintage", vintage)
	}
	return "/bulletins/" + url.PathEscape(region) + "/" + url.PathEscape(p) + "?" + q.Encode()
}

// bulletinsPage: GET /bulletins — every release the user may read, by period and area,
// with its status (初步, 修订, 终值); for the city role also the calendar's drafts that are
// not published yet (草稿, embargoed). A row opens the bulletin's view page.
func (s *Server) bulletinsPage(c *fiber.Ctx) error {
	if s.bul == nil {
		return fiber.NewError(fiber.StatusNotFound, "bulletins are not enabled")
	}
	ctx := c.UserContext()
	p := dashboards.PrincipalOf(c)
	lang := string(dashboards.LangOf(c))
	if lang != "en" {
		lang = "zh"
	}
	tr := func(zh, en string) string {
		if lang == "en" {
			return en
		}
		return zh
	}
	keep := func(r string) bool { return readsBulletin(p, r) }
	list, err := bulletin.List(ctx, s.bul.conn, keep)
	if err != nil {
		return err
	}
	type row struct {
		region, period, lang, vintage, when, by string
		status                                  bulletin.Status
	}
	var rows []row
	published := map[string]bool{}
	for _, r := range list {
		published[r.Region+" "+r.Period] = true
		rows = append(rows, row{r.Region, r.Period, r.Lang, strconv.Itoa(r.Vintage), r.PublishedAt.In(beijing).Format("2006-01-02 15:04"), r.PublishedBy, r.Status})
	}
	if p.Check(campaign.CityCode) == nil {
		drafts, err := bulletin.Drafts(ctx, s.bul.conn, keep)
		if err != nil {
			return err
		}
		for _, d := range drafts {
			if !published[d.Region+" "+d.Period] {
				rows = append(rows, row{d.Region, d.Period, d.Lang, "draft", d.DraftedAt.In(beijing).Format("2006-01-02 15:04"), "", bulletin.Draft})
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].period != rows[j].period {
			return rows[i].period > rows[j].period
		}
		return rows[i].region < rows[j].region
	})
	names := map[string]string{}
	name := func(code string) string {
		if n, ok := names[code]; ok {
			return n
		}
		n := code
		if r, _, err := s.src(c).Region(ctx, code); err == nil && r.Name != "" {
			n = r.Name + " " + code
		}
		names[code] = n
		return n
	}
	t := &dashboards.Table{ID: "bulletins", Title: tr("统计公报（月报·季报·年报）", "Statistical bulletins (monthly, quarterly, annual)"),
		Note:    tr("点击一行打开公报，可下载 PDF、XLSX 附表和 Markdown。草稿仅市级用户可见。", "Click a row to open the bulletin and download its PDF, XLSX annex or Markdown. Drafts are the city's only."),
		Columns: []string{tr("期别", "Period"), tr("地区", "Area"), tr("语言", "Language"), tr("版次", "Vintage"), tr("状态", "Status"), tr("发布（起草）时间", "Published (drafted)"), tr("发布人", "By")}}
	for _, r := range rows {
		label := r.period
		if pp, err := period.Parse(r.period); err == nil {
			label = pp.Label(lang)
		}
		v := r.vintage
		if v == "draft" {
			v = tr("草稿", "draft")
		}
		t.Rows = append(t.Rows, dashboards.Row{Href: viewURL(r.region, r.period, r.lang, r.vintage),
			Cells: []dashboards.Cell{{Text: label}, {Text: name(r.region)}, {Text: r.lang}, {Text: v}, {Text: r.status.Label(lang)}, {Text: r.when}, {Text: r.by}}})
	}
	return s.dash.BulletinsPage(c, t)
}

// bulletinView: GET /bulletins/:region/:period?vintage=N|draft&lang=zh — the bulletin inside
// the app: a published vintage as it was published (the latest without ?vintage=; the city
// role gets the draft when none is published yet), its PDF, XLSX and Markdown, its other
// releases, and for the city role on a draft the 发布 button. Scoped as the API is: a
// district reads its own and the city's published bulletins, never a draft (403).
func (s *Server) bulletinView(c *fiber.Ctx) error {
	if s.bul == nil {
		return fiber.NewError(fiber.StatusNotFound, "bulletins are not enabled")
	}
	ctx := c.UserContext()
	principal := dashboards.PrincipalOf(c)
	city := principal.Check(campaign.CityCode) == nil
	region, lang := c.Params("region"), c.Query("lang", "zh")
	if !readsBulletin(principal, region) {
		return principal.Check(region)
	}
	var releases []bulletin.Release
	if pp, err := period.Parse(c.Params("period")); err == nil {
		all, err := bulletin.List(ctx, s.bul.conn, func(r string) bool { return r == region })
		if err != nil {
			return err
		}
		for _, r := range all {
			if r.Period == pp.String() && r.Lang == lang {
				releases = append(releases, r)
			}
		}
	}
	vintage := c.Query("vintage")
	if vintage == "" && len(releases) == 0 && city {
		vintage = "draft"
	}
	ld, err := s.loadBulletin(c, vintage, "html")
	if err != nil {
		return err
	}
	ps := ld.period.String()
	v := strconv.Itoa(ld.b.Vintage)
	status := ld.b.Status.Label(lang)
	if vintage == "draft" {
		v = "draft"
	}
	view := &dashboards.BulletinView{Title: ld.b.Title + " · " + ld.b.PeriodLabel, Status: status}
	for i := len(releases) - 1; i >= 0; i-- { // oldest first
		r := releases[i]
		href := viewURL(region, ps, lang, strconv.Itoa(r.Vintage))
		if r.Vintage == ld.b.Vintage && vintage != "draft" {
			href, view.Status = "", r.Status.Label(lang)
		}
		view.Vintages = append(view.Vintages, dashboards.Crumb{Name: fmt.Sprintf("v%d %s", r.Vintage, r.Status.Label(lang)), Href: href})
	}
	if city {
		href := viewURL(region, ps, lang, "draft")
		if vintage == "draft" {
			href = ""
		}
		view.Vintages = append(view.Vintages, dashboards.Crumb{Name: bulletin.Draft.Label(lang), Href: href})
		if vintage == "draft" {
			view.Publish = "/api/v1/bulletins/" + url.PathEscape(region) + "/" + url.PathEscape(ps) + "/publish?lang=" + url.QueryEscape(lang)
		}
	}
	for _, f := range []struct{ name, format string }{{"PDF", "pdf"}, {"XLSX", "xlsx"}, {"Markdown", "md"}} {
		q := url.Values{"lang": {lang}, "vintage": {v}, "format": {f.format}}
		view.Downloads = append(view.Downloads, dashboards.Crumb{Name: f.name,
			Href: "/api/v1/bulletins/" + url.PathEscape(region) + "/" + url.PathEscape(ps) + "?" + q.Encode()})
	}
	style, body := bulletin.Parts(ld.files.HTML)
	view.Style, view.Body = template.HTML(style), template.HTML(body) // the bulletin's own rendering, escaped when it was rendered
	// The page's policy also allows the bulletin's own <style>, by its hash.
	if h := styleHashes(style); h != "" {
		csp := c.GetRespHeader("Content-Security-Policy")
		c.Set("Content-Security-Policy", strings.Replace(csp, "style-src 'self'", "style-src 'self' "+h, 1))
	}
	return s.dash.BulletinPage(c, view)
}
