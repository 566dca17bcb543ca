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
	"fullemp/standard"
	"fullemp/warehouse"
)

// The JSON API's region handlers: each reads through the request's dashboards.Source,
// so the scope check is the Source's, not the route's.

func (s *Server) src(c *fiber.Ctx) dashboards.Source { return s.dash.Source(c) }

// month reads ?month=YYYY-MM, default the latest month with a ledger.
func (s *Server) month(c *fiber.Ctx) (time.Time, error) {
	m, _, err := dashboards.MonthOf(c, s.src(c))
	return m, err
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

// targets: GET /api/v1/targets?year=&month= — the city's targets (city role).
func (s *Server) targets(c *fiber.Ctx) error { return s.progressOf(c, campaign.CityCode) }

// yearAsOf reads ?month= and ?year=: the year evaluated and the month it is evaluated at.
func (s *Server) yearAsOf(c *fiber.Ctx) (int, time.Time, error) {
	m, err := s.month(c)
	if err != nil {
		return 0, time.Time{}, err
	}
	y, err := year(c, m)
	if err != nil {
		return 0, time.Time{}, err
	}
	return y, asOf(y, m), nil
}

func (s *Server) regionFigures(c *fiber.Ctx) error {
	m, err := s.month(c)
	if err != nil {
		return err
	}
	f, err := s.src(c).Figures(c.UserContext(), c.Params("code"), m)
	if err != nil {
		return err
	}
	return s.sendShared(c, f)
}

// childFigures is a child region's figures with its own targets for the year (value, met,
// gap and outlook, restricted to the child; History left out).
type childFigures struct {
	warehouse.Figures
	OwnTarget string                  `json:"own_target"`
	Targets   []standard.TargetResult `json:"targets"`
}

// children: GET /api/v1/regions/CODE/children?month=&year= — each child's figures for the
// month and its applicable targets for the year as of the month (December for an earlier
// year).
func (s *Server) children(c *fiber.Ctx) error {
	y, at, err := s.yearAsOf(c)
	if err != nil {
		return err
	}
	m, err := s.month(c)
	if err != nil {
		return err
	}
	src := s.src(c)
	f, err := src.ChildFigures(c.UserContext(), c.Params("code"), m)
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
		out[i] = childFigures{Figures: fig, OwnTarget: p.OwnTarget, Targets: []standard.TargetResult{}}
		for _, t := range p.Targets {
			t.History = nil
			out[i].Targets = append(out[i].Targets, t)
		}
	}
	return s.sendShared(c, fiber.Map{"month": m.Format("2006-01"), "year": y, "children": out})
}

// zeroSeries: ?from=YYYY-MM&to=YYYY-MM (default 2008-01 to the month).
func (s *Server) zeroSeries(c *fiber.Ctx) error {
	to, err := s.month(c)
	if err != nil {
		return err
	}
	if v := c.Query("to"); v != "" {
		if to, err = dashboards.ParseMonth(v); err != nil {
			return err
		}
	}
	from := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	if v := c.Query("from"); v != "" {
		if from, err = dashboards.ParseMonth(v); err != nil {
			return err
		}
	}
	if to.Sub(from) > 20*366*24*time.Hour || to.Before(from) {
		return fiberInvalid("from", c.Query("from"))
	}
	z, err := s.src(c).ZeroSeries(c.UserContext(), c.Params("code"), from, to)
	if err != nil {
		return err
	}
	return s.sendShared(c, fiber.Map{"series": z})
}

func (s *Server) standards(c *fiber.Ctx) error {
	y, at, err := s.yearAsOf(c)
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
	y, at, err := s.yearAsOf(c)
	if err != nil {
		return err
	}
	p, err := s.src(c).Progress(c.UserContext(), region, y, at)
	if err != nil {
		return err
	}
	return s.sendShared(c, p)
}

// placements: the region's placements by channel and the 72-hour promise, January of the
// month's year to the month.
func (s *Server) placements(c *fiber.Ctx) error {
	m, err := s.month(c)
	if err != nil {
		return err
	}
	p, err := s.src(c).Placements(c.UserContext(), c.Params("code"), time.Date(m.Year(), 1, 1, 0, 0, 0, 0, time.UTC), m)
	if err != nil {
		return err
	}
	return s.sendShared(c, p)
}

// missing: data freshness — the region's communities without a ledger for the month.
func (s *Server) missing(c *fiber.Ctx) error {
	m, err := s.month(c)
	if err != nil {
		return err
	}
	f, err := s.src(c).Figures(c.UserContext(), c.Params("code"), m)
	if err != nil {
		return err
	}
	missing := f.Missing
	if missing == nil {
		missing = []string{}
	}
	return s.sendShared(c, fiber.Map{"month": m.Format("2006-01"), "communities": f.Communities, "reporting": f.Reporting, "missing": missing})
}

// headline: GET /api/v1/regions/CODE/headline?month= — the region's headline figures with
// their 环比, 同比 and thirteen-month trend (what the region's page shows first).
func (s *Server) headline(c *fiber.Ctx) error {
	m, err := s.month(c)
	if err != nil {
		return err
	}
	h, err := s.src(c).Headline(c.UserContext(), c.Params("code"), m)
	if err != nil {
		return err
	}
	return s.sendShared(c, fiber.Map{"month": m.Format("2006-01"), "figures": h})
}

// sharedParams are every query parameter the handlers that answer with sendShared read:
// one that reads another must add it here, or answers for different values would share
// an entry.
var sharedParams = []string{"month", "year", "from", "to", "failed", "lang"}

// sendShared writes v as JSON, memoized per path and the parameters in sharedParams: for
// the figures, which depend only on the region and period of the URL, never on who asks
// (the Source has already checked that the caller may see them). Other parameters (junk,
// cache busters) make no entry of their own.
func (s *Server) sendShared(c *fiber.Ctx, v any) error {
	k := c.Path()
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
