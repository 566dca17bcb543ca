// Package dashboards is fullemp's web pages: the city overview, district, street and
// community pages, login and upload, rendered from embedded templates with go-echarts
// charts and served with embedded assets, so they work with the network cut. Every figure
// is read through a Source, which applies the user's scope.
package dashboards

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/sirupsen/logrus"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/warehouse"
)

// Dashboards renders the pages. One value serves the whole process.
type Dashboards struct {
	Assets *Assets
	Data   *Data
	Acc    *account.Accounts
	log    *logrus.Entry
	tpl    map[string]*template.Template
}

// New parses the templates and loads the assets once; a missing template or asset fails
// here, at start-up.
func New(data *Data, acc *account.Accounts, log *logrus.Entry) (*Dashboards, error) {
	assets, err := LoadAssets()
	if err != nil {
		return nil, err
	}
	tpl, err := parseTemplates(assets)
	if err != nil {
		return nil, err
	}
	if err := checkSnippets(); err != nil {
		return nil, err
	}
	d := &Dashboards{Assets: assets, Data: data, Acc: acc, log: log.WithField("component", "dashboards"), tpl: tpl}
	data.OnInvalidate = func() { d.Warm(context.Background()) }
	return d, nil
}

// Warm computes the city overview of the latest month in both languages, so that the
// first visitor after start-up or after an ingest does not wait for the figures.
func (d *Dashboards) Warm(ctx context.Context) {
	start := time.Now()
	src := d.Data.For(account.Principal{User: "warm-up", Role: account.City, Region: campaign.CityCode})
	reg, path, err := src.Region(ctx, campaign.CityCode)
	if err == nil {
		for _, lang := range []Lang{Zh, En} {
			r := request{lang: lang, path: "/region/" + campaign.CityCode, query: url.Values{}, p: src.Principal()}
			if _, err = d.regionPage(ctx, r, src, reg, path); err != nil {
				break
			}
		}
	}
	if err != nil {
		d.log.WithError(err).Warn("warming the overview")
		return
	}
	d.log.WithField("took", time.Since(start).Round(time.Millisecond).String()).Info("warmed the overview")
}

// Source returns the figures as the request's principal may see them.
func (d *Dashboards) Source(c *fiber.Ctx) Source { return d.Data.For(PrincipalOf(c)) }

// MonthOf returns the request's ?month=YYYY-MM, else the latest month that enough
// communities reported (Source.OpeningMonth; else the current month), and the list of months for the selector, newest first.
func MonthOf(c *fiber.Ctx, src Source) (time.Time, []string, error) {
	return monthOf(c.UserContext(), src, c.Query("month"))
}

func monthOf(ctx context.Context, src Source, s string) (time.Time, []string, error) {
	months, err := src.Months(ctx)
	if err != nil {
		return time.Time{}, nil, err
	}
	list := make([]string, 0, len(months))
	for i := len(months) - 1; i >= 0; i-- {
		list = append(list, months[i].Format("2006-01"))
	}
	if s != "" {
		m, err := ParseMonth(s)
		if err != nil {
			return time.Time{}, nil, err
		}
		return m, list, nil
	}
	if m, ok, err := src.OpeningMonth(ctx); err != nil {
		return time.Time{}, nil, err
	} else if ok {
		return m, list, nil
	}
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC), list, nil
}

// ParseMonth reads YYYY-MM (or YYYYMM) as the month's first day, UTC.
func ParseMonth(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01", "200601"} {
		if m, err := time.Parse(layout, s); err == nil && m.Year() >= 2000 && m.Year() <= 2100 {
			return m, nil
		}
	}
	return time.Time{}, fmt.Errorf("month %q: want YYYY-MM: %w", s, account.ErrInvalid)
}

// Audit records a person-level view or an export; a failure is logged, never shown.
func (d *Dashboards) Audit(c *fiber.Ctx, action, target, detail string) {
	if err := d.Acc.Record(context.WithoutCancel(c.UserContext()), PrincipalOf(c), action, target, detail, c.IP()); err != nil {
		d.log.WithError(err).WithField("action", action).Error("audit")
	}
}

// Parts is what a region page shows apart from its tables: gauges, charts, a notice,
// and the ids of its tables (see Tables).
type Parts struct {
	Gauges   []ChartView
	Charts   []ChartView
	Notice   string
	Tables   []string
	Headline []HeadlineView
}

// regionHref is the page of a region for a month.
func regionHref(code, month string) string { return "/region/" + code + "?month=" + month }

// Home redirects to the page of the user's own region.
func (d *Dashboards) Home(c *fiber.Ctx) error {
	p := PrincipalOf(c)
	if p.Region == "" {
		return c.Redirect("/login")
	}
	q := ""
	if m := c.Query("month"); m != "" {
		q = "?month=" + m
	}
	return c.Redirect("/region/" + p.Region + q)
}

// Region serves /region/:code, the page for the region's level.
func (d *Dashboards) Region(c *fiber.Ctx) error {
	src := d.Source(c)
	code := c.Params("code")
	reg, path, err := src.Region(c.UserContext(), code)
	if err != nil {
		return err
	}
	r := snapshot(c)
	if reg.Level == warehouse.LevelCommunity {
		// Person-level: rendered and audited every time.
		html, err := d.regionPage(c.UserContext(), r, src, reg, path)
		if err != nil {
			return err
		}
		month := r.query.Get("month")
		for _, a := range []string{account.ActionResidents, account.ActionHouseholds, account.ActionVerify, account.ActionPlacements} {
			d.Audit(c, a, code, "community page "+month)
		}
		return sendHTML(c, html)
	}
	// Other pages depend only on the user (header), the region, the month and the
	// language: rendered once, then served from the cache (dropped when a file is ingested).
	// The key names the month as parsed, so 200912, 2009-12 and no month at all (when it
	// is the opening month) share one entry, and other parameters make none.
	month, _, err := monthOf(c.UserContext(), src, r.query.Get("month"))
	if err != nil {
		return err
	}
	k := key("html", r.p.User, r.p.Role, r.p.Region, r.lang, code, month.Format("2006-01"))
	html, err := d.Data.Bytes(c.UserContext(), k, func() ([]byte, error) {
		// Rendered for every later request too: a client that goes away does not cancel
		// it, but it keeps the request's deadline, so a database that does not answer
		// gives a 503 in time rather than a request that hangs.
		ctx := context.WithoutCancel(c.UserContext())
		if dl, ok := c.UserContext().Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, dl)
			defer cancel()
		}
		return d.regionPage(ctx, r, src, reg, path)
	})
	if err != nil {
		return err
	}
	return sendHTML(c, html)
}

// regionPage renders a region's page for the request r.
func (d *Dashboards) regionPage(ctx context.Context, r request, src Source, reg warehouse.Region, path []warehouse.Region) ([]byte, error) {
	code := reg.Code
	month, months, err := monthOf(ctx, src, r.query.Get("month"))
	if err != nil {
		return nil, err
	}
	title := reg.Name
	if code == campaign.CityCode && r.lang == En {
		title = T(En, "city") // as in the breadcrumbs
	}
	v := newViewOf(r, title)
	v.Month, v.Months, v.MonthForm = month.Format("2006-01"), months, true
	if !contains(months, v.Month) {
		v.Months = append([]string{v.Month}, months...)
	}
	for _, p := range path {
		if p.Level == warehouse.LevelGroup {
			continue
		}
		cr := Crumb{Name: p.Name}
		if p.Code != code && src.Principal().Allows(p.Code) {
			cr.Href = regionHref(p.Code, v.Month)
		}
		if p.Code == campaign.CityCode && r.lang == En {
			cr.Name = T(En, "city")
		}
		v.Crumbs = append(v.Crumbs, cr)
	}
	lang := v.Lang
	at, ok, err := src.LastIngested(ctx)
	if err != nil {
		return nil, err
	}
	v.Ingested = ingestedText(lang, at, ok)
	if reg.Level == warehouse.LevelCommunity {
		v.LastLedger = T(lang, "no_ledger_yet")
		if m, ok, err := src.LastLedgerMonth(ctx, code); err != nil {
			return nil, err
		} else if ok {
			v.LastLedger = m.Format("2006-01")
		}
	}
	build := map[warehouse.Level]func(context.Context, Source, *Parts, Lang, string, time.Time) error{
		warehouse.LevelCity: d.overview, warehouse.LevelDistrict: d.district,
		warehouse.LevelStreet: d.street, warehouse.LevelCommunity: d.community,
	}[reg.Level]
	if build == nil {
		return nil, fmt.Errorf("region %s has no page: %w", code, account.ErrNotFound)
	}
	// The charts and notice depend only on the region, month and language (the scope was
	// checked by the caller): rendered once. The tables are built per page, since
	// person-level ones depend on who asks.
	parts, err := cached(ctx, d.Data, key("page", code, month, lang), func(ctx context.Context) (*Parts, error) {
		p := &Parts{}
		figs, err := src.Headline(ctx, code, month)
		if err != nil {
			return nil, err
		}
		p.Headline = headlineViews(figs, lang)
		return p, build(ctx, src, p, lang, code, month)
	})
	if err != nil {
		return nil, err
	}
	v.Gauges, v.Charts, v.Notice, v.Headline = parts.Gauges, parts.Charts, parts.Notice, parts.Headline
	for _, id := range parts.Tables {
		t, err := BuildTable(ctx, src, id, code, month, lang)
		if err != nil {
			return nil, err
		}
		v.Tables = append(v.Tables, t.view(lang, code, v.Month))
	}
	return d.renderBytes("region", v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
