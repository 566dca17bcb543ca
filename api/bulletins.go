package api

import (
	"context"
	"errors"
	"fmt"
	"fullemp/period"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/bulletin"
	"fullemp/campaign"
	"fullemp/dashboards"
	"fullemp/readmodel"
	"fullemp/standard"
)

// The scoped read model is what a bulletin reads: it sees only its reader's area.
var _ bulletin.Source = readmodel.Source{}

// bulletins is what the bulletin routes need beyond the read model: the connection that
// stores vintages, the configuration whose thresholds the notes state, the issuing body.
type bulletins struct {
	conn driver.Conn
	cfg  standard.Config
	opts bulletin.Options
	// now is the clock of drafts and publications (tests move it).
	now func() time.Time
}

// EnableBulletins turns on the bulletin routes, storing vintages through conn.
func (s *Server) EnableBulletins(conn driver.Conn, cfg standard.Config, opts bulletin.Options) {
	s.bul = &bulletins{conn: conn, cfg: cfg, opts: opts, now: time.Now}
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
	format := c.Query("format", "json")
	switch format {
	case "json", "html", "md", "pdf", "xlsx":
	default:
		return fiberInvalid("format", format)
	}
	ld, err := s.loadBulletin(c, c.Query("vintage"), format)
	if err != nil {
		return err
	}
	b, files := ld.b, ld.files
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
	default:
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		c.Attachment(name + ".xlsx")
		return c.Send(files.XLSX)
	}
}

// loaded is a bulletin read for a request: a published vintage as stored, or the draft.
type loaded struct {
	b      *bulletin.Bulletin
	files  bulletin.Files
	region string
	period period.Period
	lang   string
}

// loadBulletin reads the bulletin of the route's region and period in ?lang= for the
// request's user: vintage "draft" (the city role only: embargo) is written now from the
// current data, rendered in format alone ("json": none); a number is that published
// vintage; "" the latest published. Outside the user's area is 403, as everywhere;
// another area than the user's own and the city's too.
func (s *Server) loadBulletin(c *fiber.Ctx, vintage, format string) (loaded, error) {
	ctx := c.UserContext()
	ld := loaded{region: c.Params("region"), lang: c.Query("lang", "zh")}
	p, err := period.Parse(c.Params("period"))
	if err != nil {
		return ld, fiber.NewError(fiber.StatusBadRequest, err.Error())
	}
	ld.period = p
	principal := dashboards.PrincipalOf(c)
	if !readsBulletin(principal, ld.region) {
		return ld, principal.Check(ld.region)
	}
	if vintage == "draft" {
		if err := principal.Check(campaign.CityCode); err != nil {
			return ld, err
		}
		if ld.b, err = bulletin.Build(ctx, s.src(c), s.bul.cfg, s.bul.opts, ld.region, p, ld.lang, s.bul.now()); err != nil {
			return ld, bulletinError(err)
		}
		ld.files, err = renderOne(ctx, ld.b, format)
		return ld, err
	}
	n := 0
	if vintage != "" {
		if n, err = strconv.Atoi(vintage); err != nil || n < 1 {
			return ld, fiberInvalid("vintage", vintage)
		}
	} else if n, err = s.latestVintage(c, ld.region, p.String(), ld.lang); err != nil {
		return ld, err
	}
	st, err := bulletin.Show(ctx, s.bul.conn, ld.region, p.String(), ld.lang, n)
	if err != nil {
		return ld, bulletinError(err)
	}
	ld.b, ld.files = st.Bulletin, st.Files
	return ld, nil
}

// renderOne renders a draft in the one format a request asks for (a PDF costs a browser).
func renderOne(ctx context.Context, b *bulletin.Bulletin, format string) (bulletin.Files, error) {
	var f bulletin.Files
	var err error
	switch format {
	case "html", "pdf":
		if f.HTML, err = bulletin.HTML(b); err == nil && format == "pdf" {
			f.PDF, err = bulletin.PDF(ctx, f.HTML)
		}
	case "md":
		f.Markdown = bulletin.Markdown(b)
	case "xlsx":
		f.XLSX, err = bulletin.XLSX(b)
	}
	return f, err
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
	b, err := bulletin.Build(ctx, s.src(c), s.bul.cfg, s.bul.opts, c.Params("region"), p, c.Query("lang", "zh"), s.bul.now())
	if err != nil {
		return bulletinError(err)
	}
	v, err := bulletin.Publish(ctx, s.bul.conn, b, principal.User, s.bul.now())
	if err != nil {
		return err
	}
	if err := s.acc.Record(ctx, principal, account.ActionPublish, v.Area.Code, fmt.Sprintf("%s %s vintage %d", v.Period, v.Lang, v.Vintage), c.IP()); err != nil {
		s.log.WithError(err).Warn("audit of a publication")
	}
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationForm) {
		// The view page's 发布 button: back to the page, now showing the vintage.
		return c.Redirect(viewURL(v.Area.Code, v.Period, v.Lang, strconv.Itoa(v.Vintage)), fiber.StatusSeeOther)
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
