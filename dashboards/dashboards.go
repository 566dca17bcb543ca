// Package dashboards is fullemp's web pages: the city overview, district, street and
// community pages, login and upload, rendered from embedded templates with go-echarts
// charts and served with embedded assets, so they work with the network cut. Every figure
// is read through a Source, which applies the user's scope.
package dashboards

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/sirupsen/logrus"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/period"
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
	var sp period.Span
	if err == nil {
		sp, err = spanOf(ctx, src, "", "")
	}
	if err == nil {
		for _, lang := range []Lang{Zh, En} {
			r := request{lang: lang, path: "/region/" + campaign.CityCode, query: url.Values{}, p: src.Principal()}
			if _, err = d.regionPage(ctx, r, src, reg, path, sp); err != nil {
				break
			}
		}
	}
	if errors.Is(err, period.ErrNoData) {
		return // no ledger yet: nothing to warm
	}
	if err != nil {
		d.log.WithError(err).Warn("warming the overview")
		return
	}
	d.log.WithField("took", time.Since(start).Round(time.Millisecond).String()).Info("warmed the overview")
}

// Source returns the figures as the request's principal may see them.
func (d *Dashboards) Source(c *fiber.Ctx) Source { return d.Data.For(PrincipalOf(c)) }

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
	// Period is the period's stocks and flows (the card above the headline figures).
	Period *PeriodView
}

// regionHref is the page of a region for a period (as period.Period.String writes it).
func regionHref(code, p string) string { return "/region/" + code + "?period=" + p }

// Home redirects to the page of the user's own region.
func (d *Dashboards) Home(c *fiber.Ctx) error {
	p := PrincipalOf(c)
	if p.Region == "" {
		return c.Redirect("/login")
	}
	q := url.Values{}
	for _, k := range []string{"period", "month", "lang"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return c.Redirect("/region/" + p.Region)
	}
	return c.Redirect("/region/" + p.Region + "?" + q.Encode())
}

// Region serves /region/:code?period= (or ?month=), the page for the region's level. The
// scope is checked first (403 outside the user's area, then 404 for an unknown region),
// then the period (400 malformed, 404 without any ledger).
func (d *Dashboards) Region(c *fiber.Ctx) error {
	src := d.Source(c)
	code := c.Params("code")
	reg, path, err := src.Region(c.UserContext(), code)
	if err != nil {
		return err
	}
	sp, err := PeriodOf(c, src)
	if err != nil {
		return err
	}
	r := snapshot(c)
	if reg.Level == warehouse.LevelCommunity {
		// Person-level: rendered and audited every time.
		html, err := d.regionPage(c.UserContext(), r, src, reg, path, sp)
		if err != nil {
			return err
		}
		for _, a := range []string{account.ActionResidents, account.ActionHouseholds, account.ActionVerify, account.ActionPlacements} {
			d.Audit(c, a, code, "community page "+sp.Period.String())
		}
		return sendHTML(c, html)
	}
	// Other pages depend only on the user (header), the region, the period and the
	// language: rendered once, then served from the cache (dropped when a file is ingested).
	// The key names the period as parsed and the month it was read at, so 200912, 2009-12,
	// ?month= and no period at all (when it is the opening month) share one entry, and
	// other parameters make none.
	k := key("html", r.p.User, r.p.Role, r.p.Region, r.lang, code, sp.Key())
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
		return d.regionPage(ctx, r, src, reg, path, sp)
	})
	if err != nil {
		return err
	}
	return sendHTML(c, html)
}

// regionPage renders a region's page for the request r and the span sp.
func (d *Dashboards) regionPage(ctx context.Context, r request, src Source, reg warehouse.Region, path []warehouse.Region, sp period.Span) ([]byte, error) {
	code := reg.Code
	months, err := src.Months(ctx)
	if err != nil {
		return nil, err
	}
	title := regionTitle(reg, r.lang)
	v := newViewOf(r, title)
	v.Period, v.PeriodLabel, v.MonthForm = sp.Period.String(), sp.Period.Label(string(r.lang)), true
	if sp.Partial() {
		v.AsOf = fmt.Sprintf(T(r.lang, "as_of"), sp.AsOf.Format("2006-01"))
	}
	v.Choices = choices(months, r.lang)
	for _, p := range path {
		if p.Level == warehouse.LevelGroup && p.Code != code {
			continue
		}
		cr := Crumb{Name: regionTitle(p, r.lang)}
		if p.Code != code && src.Principal().Allows(p.Code) {
			cr.Href = regionHref(p.Code, v.Period)
		}
		v.Crumbs = append(v.Crumbs, cr)
	}
	lang := v.Lang
	build := map[warehouse.Level]func(context.Context, Source, *Parts, Lang, string, period.Span) error{
		warehouse.LevelCity: d.overview, warehouse.LevelGroup: d.overview, warehouse.LevelDistrict: d.district,
		warehouse.LevelStreet: d.street, warehouse.LevelCommunity: d.community,
	}[reg.Level]
	if build == nil {
		return nil, fmt.Errorf("region %s has no page: %w", code, account.ErrNotFound)
	}
	// The charts and notice depend only on the region, period and language (the scope was
	// checked by the caller): rendered once. The tables are built per page, since
	// person-level ones depend on who asks.
	parts, err := cached(ctx, d.Data, key("page", code, sp.Key(), lang), func(ctx context.Context) (*Parts, error) {
		p := &Parts{}
		pf, err := src.PeriodFigures(ctx, code, sp)
		if err != nil {
			return nil, err
		}
		p.Period = periodView(pf, lang)
		figs, err := src.Headline(ctx, code, sp)
		if err != nil {
			return nil, err
		}
		p.Headline = headlineViews(figs, sp.Period, lang)
		return p, build(ctx, src, p, lang, code, sp)
	})
	if err != nil {
		return nil, err
	}
	v.Gauges, v.Charts, v.Notice, v.Headline, v.Summary = parts.Gauges, parts.Charts, parts.Notice, parts.Headline, parts.Period
	for _, id := range parts.Tables {
		t, err := BuildTable(ctx, src, id, code, sp, lang)
		if err != nil {
			return nil, err
		}
		v.Tables = append(v.Tables, t.view(lang, code, v.Period))
	}
	return d.renderBytes("region", v)
}

// groupNamesEn are the district groups' English names (SPEC §1).
var groupNamesEn = map[string]string{"main_urban": "Main urban districts", "xiaoshan": "Xiaoshan", "yuhang": "Yuhang", "county": "The five counties"}

// regionTitle names a region in lang: the city and the district groups have English
// names; other regions keep their Chinese ones.
func regionTitle(reg warehouse.Region, lang Lang) string {
	if lang == En {
		switch reg.Level {
		case warehouse.LevelCity:
			return T(En, "city")
		case warehouse.LevelGroup:
			if n, ok := groupNamesEn[reg.Code]; ok {
				return n
			}
		}
	}
	return reg.Name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
