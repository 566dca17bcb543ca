package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/dashboards"
	"fullemp/period"
	"fullemp/standard"
	"fullemp/warehouse"
)

// The JSON API's region handlers: each reads through the request's dashboards.Source,
// so the scope check is the Source's, not the route's.

func (s *Server) src(c *fiber.Ctx) dashboards.Source { return s.dash.Source(c) }

// spanLocal holds the request's period as parsed (period.Span.Key), for sendShared's key.
const spanLocal = "fullemp.span"

// span reads the request's period — ?period= (2009-12, 200912, 2009-Q4, 2009Q4, 2009),
// else ?month=, else the opening month — against the months with a ledger. The region
// the route reads (code, "" for none) is checked first: outside the user's area is 403
// and an unknown region 404, whatever the period; then a malformed period is 400 and one
// without any ledger 404 with a sentence.
func (s *Server) span(c *fiber.Ctx, code string) (period.Span, error) {
	src := s.src(c)
	if code != "" {
		if _, _, err := src.Region(c.UserContext(), code); err != nil {
			return period.Span{}, err
		}
	}
	sp, err := dashboards.PeriodOf(c, src)
	if err != nil {
		return period.Span{}, err
	}
	c.Locals(spanLocal, sp.Key())
	return sp, nil
}

// year reads ?year= (default: the month's year).
func year(c *fiber.Ctx, m time.Time) (int, error) {
	y := c.Query("year")
	if y == "" {
		return m.Year(), nil
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < 2000 || n > 2100 {
		return 0, fiberInvalid("year", y)
	}
	return n, nil
}

// asOf is the month a year is evaluated at: the month when within the year, else December.
func asOf(y int, m time.Time) time.Time {
	if m.Year() == y {
		return m
	}
	return time.Date(y, 12, 1, 0, 0, 0, 0, time.UTC)
}

func fiberInvalid(param, value string) error {
	return &invalidParam{param: param, value: value}
}

type invalidParam struct{ param, value string }

func (e *invalidParam) Error() string {
	return "parameter " + e.param + " " + strconv.Quote(e.value) + ": invalid"
}
func (e *invalidParam) Unwrap() error { return account.ErrInvalid }

func (s *Server) me(c *fiber.Ctx) error { return c.JSON(dashboards.PrincipalOf(c)) }

func (s *Server) months(c *fiber.Ctx) error {
	ms, err := s.src(c).Months(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Format("2006-01")
	}
	return c.JSON(fiber.Map{"months": out})
}

// targets: GET /api/v1/targets?year=&period= — the city's targets (city role).
func (s *Server) targets(c *fiber.Ctx) error { return s.progressOf(c, campaign.CityCode) }

// yearAsOf reads the period and ?year= for the region code: the year evaluated and the
// month it is evaluated at (the period's last month with a ledger, or December of an
// earlier year).
func (s *Server) yearAsOf(c *fiber.Ctx, code string) (int, time.Time, period.Span, error) {
	sp, err := s.span(c, code)
	if err != nil {
		return 0, time.Time{}, sp, err
	}
	y, err := year(c, sp.AsOf)
	if err != nil {
		return 0, time.Time{}, sp, err
	}
	return y, asOf(y, sp.AsOf), sp, nil
}

// regionFigures: GET /api/v1/regions/CODE?period= — the region's figures over the period:
// stocks as of its last month with a ledger, flows (zero-employment households formed and
// eliminated, placements, the 72-hour promise) summed over its months.
func (s *Server) regionFigures(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	f, err := s.src(c).PeriodFigures(c.UserContext(), c.Params("code"), sp)
	if err != nil {
		return err
	}
	return s.sendShared(c, f)
}

// childFigures is a child region's figures over the period with its own targets for the
// year (value, met, gap and outlook, restricted to the child; History left out).
type childFigures struct {
	warehouse.PeriodFigures
	OwnTarget string                  `json:"own_target"`
	Targets   []standard.TargetResult `json:"targets"`
}

// children: GET /api/v1/regions/CODE/children?period=&year= — each child's figures over
// the period and its applicable targets for the year as of the period's last month with a
// ledger (December for an earlier year).
func (s *Server) children(c *fiber.Ctx) error {
	y, at, sp, err := s.yearAsOf(c, c.Params("code"))
	if err != nil {
		return err
	}
	src := s.src(c)
	f, err := src.ChildPeriodFigures(c.UserContext(), c.Params("code"), sp)
	if err != nil {
		return err
	}
	progs, err := src.ChildProgress(c.UserContext(), c.Params("code"), y, at)
	if err != nil {
		return err
	}
	byCode := map[string]warehouse.Progress{}
	for _, p := range progs {
		byCode[p.Region.Code] = p
	}
	out := make([]childFigures, len(f))
	for i, fig := range f {
		p := byCode[fig.Region.Code]
		out[i] = childFigures{PeriodFigures: fig, OwnTarget: p.OwnTarget, Targets: []standard.TargetResult{}}
		for _, t := range p.Targets {
			t.History = nil
			out[i].Targets = append(out[i].Targets, t)
		}
	}
	return s.sendShared(c, fiber.Map{"month": sp.AsOf.Format("2006-01"), "period": sp.Period.String(), "as_of": sp.AsOf.Format("2006-01"),
		"year": y, "children": out})
}

// monthRange reads ?from= and ?to= (months, as period.ParseMonth reads them), defaulting
// to from and to.
func monthRange(c *fiber.Ctx, from, to time.Time) (time.Time, time.Time, error) {
	var err error
	if v := c.Query("to"); v != "" {
		if to, err = period.ParseMonth(v); err != nil {
			return from, to, err
		}
	}
	if v := c.Query("from"); v != "" {
		if from, err = period.ParseMonth(v); err != nil {
			return from, to, err
		}
	}
	if to.Sub(from) > 20*366*24*time.Hour || to.Before(from) {
		return from, to, fiberInvalid("from", c.Query("from"))
	}
	return from, to, nil
}

// zeroSeries: ?from=YYYY-MM&to=YYYY-MM (default 2008-01 to the period's last month with a
// ledger).
func (s *Server) zeroSeries(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	from, to, err := monthRange(c, time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC), sp.AsOf)
	if err != nil {
		return err
	}
	z, err := s.src(c).ZeroSeries(c.UserContext(), c.Params("code"), from, to)
	if err != nil {
		return err
	}
	return s.sendShared(c, fiber.Map{"series": z})
}

func (s *Server) standards(c *fiber.Ctx) error {
	y, at, _, err := s.yearAsOf(c, c.Params("code"))
	if err != nil {
		return err
	}
	st, err := s.src(c).Standards(c.UserContext(), c.Params("code"), y, at)
	if err != nil {
		return err
	}
	return s.sendShared(c, st)
}

func (s *Server) progress(c *fiber.Ctx) error { return s.progressOf(c, c.Params("code")) }

// progressOf sends the targets' progress within region for the requested year and month.
func (s *Server) progressOf(c *fiber.Ctx, region string) error {
	y, at, _, err := s.yearAsOf(c, region)
	if err != nil {
		return err
	}
	p, err := s.src(c).Progress(c.UserContext(), region, y, at)
	if err != nil {
		return err
	}
	return s.sendShared(c, p)
}

// placements: the region's placements by channel and the 72-hour promise over the period
// (its months up to its last with a ledger; a flow), or over ?from= to ?to= months.
func (s *Server) placements(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	from, to, err := monthRange(c, sp.From(), sp.AsOf)
	if err != nil {
		return err
	}
	p, err := s.src(c).Placements(c.UserContext(), c.Params("code"), from, to)
	if err != nil {
		return err
	}
	return s.sendShared(c, p)
}

// missing: data freshness — the region's communities without a ledger for the period's
// last month with one.
func (s *Server) missing(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	m := sp.AsOf
	f, err := s.src(c).Figures(c.UserContext(), c.Params("code"), m)
	if err != nil {
		return err
	}
	missing := f.Missing
	if missing == nil {
		missing = []string{}
	}
	return s.sendShared(c, fiber.Map{"month": m.Format("2006-01"), "period": sp.Period.String(), "communities": f.Communities, "reporting": f.Reporting, "missing": missing})
}

// headline: GET /api/v1/regions/CODE/headline?period= — the region's headline figures (all
// stocks, as of the period's last month with a ledger) with their 环比 (the period before;
// none for a year), 同比 and thirteen-month trend (what the region's page shows first).
func (s *Server) headline(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	h, err := s.src(c).Headline(c.UserContext(), c.Params("code"), sp)
	if err != nil {
		return err
	}
	return s.sendShared(c, fiber.Map{"month": sp.AsOf.Format("2006-01"), "period": sp.Period.String(), "figures": h})
}

// sharedParams are every query parameter, besides the period, the handlers that answer
// with sendShared read: one that reads another must add it here, or answers for different
// values would share an entry.
var sharedParams = []string{"year", "from", "to", "failed", "lang"}

// sendShared writes v as JSON, memoized per path, the period as parsed (span) and the
// parameters in sharedParams: for the figures, which depend only on the region and period
// of the URL, never on who asks (the Source has already checked that the caller may see
// them). Other parameters (junk, cache busters) and other ways of writing the period
// (?month=2009-12, ?period=200912) make no entry of their own.
func (s *Server) sendShared(c *fiber.Ctx, v any) error {
	sp, _ := c.Locals(spanLocal).(string)
	k := c.Path() + "\x00" + sp
	for _, p := range sharedParams {
		k += "\x00" + c.Query(p)
	}
	b, err := s.dash.Data.Bytes(c.UserContext(), k, func() ([]byte, error) { return json.Marshal(v) })
	if err != nil {
		return fmt.Errorf("encode %s: %w", c.Path(), err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b)
}
