package api

import (
	"errors"
	"fmt"
	"fullemp/period"
	"strconv"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/bulletin"
	"fullemp/campaign"
	"fullemp/dashboards"
	"fullemp/standard"
)

// The scoped read model is what a bulletin reads: it sees only its reader's area.
var _ bulletin.Source = dashboards.Source{}

// bulletins is what the bulletin routes need beyond the read model: the connection that
// stores vintages, the configuration whose thresholds the notes state, the issuing body.
type bulletins struct {
	conn driver.Conn
	cfg  standard.Config
	opts bulletin.Options
}

// EnableBulletins turns on the bulletin routes, storing vintages through conn.
func (s *Server) EnableBulletins(conn driver.Conn, cfg standard.Config, opts bulletin.Options) {
	s.bul = &bulletins{conn: conn, cfg: cfg, opts: opts}
}

// readsBulletin reports whether p may read the published bulletins of region: its own
// area's, and the city's.
func readsBulletin(p account.Principal, region string) bool {
	return region == campaign.CityCode || p.Allows(region)
}

// bulletinList: GET /api/v1/bulletins — the published vintages the user may read.
func (s *Server) bulletinList(c *fiber.Ctx) error {
	if s.bul == nil {
		return fiber.NewError(fiber.StatusNotFound, "bulletins are not enabled")
	}
	p := dashboards.PrincipalOf(c)
	list, err := bulletin.List(c.UserContext(), s.bul.conn, func(r string) bool { return readsBulletin(p, r) })
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"bulletins": nonNil(list)})
}

// bulletinGet: GET /api/v1/bulletins/:region/:period?lang=zh&vintage=N|draft&format=json|html|pdf|xlsx|md.
// Without vintage: the latest published. A draft (written now from the current data) is
// the city role's only, until it is published (embargo).
func (s *Server) bulletinGet(c *fiber.Ctx) error {
	if s.bul == nil {
		return fiber.NewError(fiber.StatusNotFound, "bulletins are not enabled")
	}
	ctx := c.UserContext()
	region, lang, format := c.Params("region"), c.Query("lang", "zh"), c.Query("format", "json")
	p, err := period.Parse(c.Params("period"))
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, err.Error())
	}
	principal := dashboards.PrincipalOf(c)
	if !readsBulletin(principal, region) {
		return principal.Check(region)
	}
	var b *bulletin.Bulletin
	var files bulletin.Files
	switch v := c.Query("vintage"); v {
	case "draft":
		if err := principal.Check(campaign.CityCode); err != nil {
			return err
		}
		if b, err = bulletin.Build(ctx, s.src(c), s.bul.cfg, s.bul.opts, region, p, lang, time.Now()); err != nil {
			return bulletinError(err)
		}
		if format != "json" {
			if files, err = bulletin.Render(ctx, b); err != nil {
				return err
			}
		}
	default:
		n := 0
		if v != "" {
			if n, err = strconv.Atoi(v); err != nil || n < 1 {
				return fiberInvalid("vintage", v)
			}
		} else if n, err = s.latestVintage(c, region, p.String(), lang); err != nil {
			return err
		}
		st, err := bulletin.Show(ctx, s.bul.conn, region, p.String(), lang, n)
		if err != nil {
			return bulletinError(err)
		}
		b, files = st.Bulletin, st.Files
	}
	name := fmt.Sprintf("%s-%s-%s-v%d", b.Title, b.Period, b.Lang, b.Vintage)
	switch format {
	case "json":
		return c.JSON(b)
	case "html":
		c.Type("html", "utf-8")
		c.Set("Content-Security-Policy", bulletinPolicy(files.HTML))
		return c.Send(files.HTML)
	case "md":
		c.Set(fiber.HeaderContentType, "text/markdown; charset=utf-8")
		c.Attachment(name + ".md")
		return c.Send(files.Markdown)
	case "pdf":
		c.Set(fiber.HeaderContentType, "application/pdf")
		c.Attachment(name + ".pdf")
		return c.Send(files.PDF)
	case "xlsx":
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		c.Attachment(name + ".xlsx")
		return c.Send(files.XLSX)
	}
	return fiberInvalid("format", format)
}

func (s *Server) latestVintage(c *fiber.Ctx, region, period, lang string) (int, error) {
	list, err := bulletin.List(c.UserContext(), s.bul.conn, func(r string) bool { return r == region })
	if err != nil {
		return 0, err
	}
	for _, r := range list {
		if r.Period == period && r.Lang == lang {
			return r.Vintage, nil // newest first
		}
	}
	return 0, fiber.NewError(fiber.StatusNotFound, fmt.Sprintf("no published bulletin of %s for %s (%s)", region, period, lang))
}

// bulletinPublish: POST /api/v1/bulletins/:region/:period/publish?lang=zh — the city role
// freezes the current draft as the next vintage (audited).
func (s *Server) bulletinPublish(c *fiber.Ctx) error {
	if s.bul == nil {
		return fiber.NewError(fiber.StatusNotFound, "bulletins are not enabled")
	}
	principal := dashboards.PrincipalOf(c)
	if err := principal.Check(campaign.CityCode); err != nil {
		return err
	}
	ctx := c.UserContext()
	p, err := period.Parse(c.Params("period"))
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, err.Error())
	}
	b, err := bulletin.Build(ctx, s.src(c), s.bul.cfg, s.bul.opts, c.Params("region"), p, c.Query("lang", "zh"), time.Now())
	if err != nil {
		return bulletinError(err)
	}
	v, err := bulletin.Publish(ctx, s.bul.conn, b, principal.User, time.Now())
	if err != nil {
		return err
	}
	if err := s.acc.Record(ctx, principal, account.ActionPublish, v.Area.Code, fmt.Sprintf("%s %s vintage %d", v.Period, v.Lang, v.Vintage), c.IP()); err != nil {
		s.log.WithError(err).Warn("audit of a publication")
	}
	return c.JSON(fiber.Map{"region": v.Area.Code, "period": v.Period, "lang": v.Lang, "vintage": v.Vintage, "status": v.Status, "revisions": v.Revisions})
}

// bulletinError maps a bulletin's bad input to 404 (no data, no such region) or 400.
func bulletinError(err error) error {
	switch {
	case errors.Is(err, bulletin.ErrNoData), errors.Is(err, bulletin.ErrNotPublished):
		return fiber.NewError(fiber.StatusNotFound, err.Error())
	case errors.Is(err, bulletin.ErrFuture):
		return fiber.NewError(fiber.StatusBadRequest, err.Error())
	}
	return err
}

// bulletinsPage: GET /bulletins — the published vintages the user may read, a row for each
// format (HTML view, PDF, XLSX annex, Markdown); for the city role also the draft of the
// latest month with a ledger (embargoed: the city's only until published).
func (s *Server) bulletinsPage(c *fiber.Ctx) error {
	if s.bul == nil {
		return fiber.NewError(fiber.StatusNotFound, "bulletins are not enabled")
	}
	p := dashboards.PrincipalOf(c)
	en := dashboards.LangOf(c) == dashboards.En
	tr := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	list, err := bulletin.List(c.UserContext(), s.bul.conn, func(r string) bool { return readsBulletin(p, r) })
	if err != nil {
		return err
	}
	t := &dashboards.Table{ID: "bulletins", Title: tr("统计公报（月报·季报·年报）", "Statistical bulletins"),
		Note:    tr("点击一行打开或下载。", "Click a row to open or download."),
		Columns: []string{tr("地区", "Area"), tr("期别", "Period"), tr("语言", "Language"), tr("版次", "Vintage"), tr("状态", "Status"), tr("格式", "Format"), tr("发布时间", "Published"), tr("发布人", "By")}}
	formats := []struct{ f, zh, en string }{{"html", "网页", "Web page"}, {"pdf", "PDF", "PDF"}, {"xlsx", "附表 XLSX", "Annex XLSX"}, {"md", "Markdown", "Markdown"}}
	lang := "zh"
	if en {
		lang = "en"
	}
	if p.Check(campaign.CityCode) == nil {
		if m, ok, err := s.src(c).OpeningMonth(c.UserContext()); err == nil && ok {
			last := m.Format("2006-01")
			for _, f := range formats {
				t.Rows = append(t.Rows, dashboards.Row{Href: "/api/v1/bulletins/3301/" + last + "?vintage=draft&lang=" + lang + "&format=" + f.f,
					Cells: []dashboards.Cell{{Text: "3301"}, {Text: last}, {Text: lang}, {Text: tr("草稿", "draft")}, {Text: bulletin.Draft.Label(lang)}, {Text: tr(f.zh, f.en)}, {Text: ""}, {Text: ""}}})
			}
		}
	}
	for _, r := range list {
		for _, f := range formats {
			t.Rows = append(t.Rows, dashboards.Row{Href: fmt.Sprintf("/api/v1/bulletins/%s/%s?vintage=%d&lang=%s&format=%s", r.Region, r.Period, r.Vintage, r.Lang, f.f),
				Cells: []dashboards.Cell{{Text: r.Region}, {Text: r.Period}, {Text: r.Lang}, {Text: strconv.Itoa(r.Vintage), Value: r.Vintage, Num: true},
					{Text: r.Status.Label(lang)}, {Text: tr(f.zh, f.en)}, {Text: r.PublishedAt.In(beijing).Format("2006-01-02 15:04")}, {Text: r.PublishedBy}}})
		}
	}
	return s.dash.BulletinsPage(c, t)
}
