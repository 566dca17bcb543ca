package dashboards

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"fullemp/period"
	"fullemp/warehouse"
)

// PeriodOf returns the request's period read against the months with a ledger: ?period=
// (a month, quarter or year, as period.Parse reads it), else ?month= (a month is a
// period), else the opening month (Source.OpeningMonth). A malformed period is an error
// wrapping period.ErrSyntax; one without any ledger a *period.NoDataError.
func PeriodOf(c *fiber.Ctx, src Source) (period.Span, error) {
	return spanOf(c.UserContext(), src, c.Query("period"), c.Query("month"))
}

func spanOf(ctx context.Context, src Source, ps, ms string) (period.Span, error) {
	s := ps
	if s == "" {
		s = ms
	}
	var p period.Period
	if s != "" {
		var err error
		if p, err = period.Parse(s); err != nil {
			return period.Span{}, err
		}
	} else {
		m, ok, err := src.OpeningMonth(ctx)
		if err != nil {
			return period.Span{}, err
		}
		if !ok {
			m = time.Now().UTC()
		}
		p = period.Of(m)
	}
	return src.Span(ctx, p)
}

// Span reads p against the months with a ledger (any principal may).
func (s Source) Span(ctx context.Context, p period.Period) (period.Span, error) {
	months, err := s.Months(ctx)
	if err != nil {
		return period.Span{}, err
	}
	return p.Resolve(months)
}

// PeriodFigures returns the region's figures over the span: stocks as of its last month
// with a ledger, flows summed over its months.
func (s Source) PeriodFigures(ctx context.Context, code string, sp period.Span) (warehouse.PeriodFigures, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return warehouse.PeriodFigures{}, err
	}
	f, err := cached(ctx, s.d, key("pfig", code, sp.Key()), func(ctx context.Context) (warehouse.PeriodFigures, error) {
		return s.d.wh.PeriodFigures(ctx, code, sp)
	})
	return f, notFound(err)
}

// ChildPeriodFigures returns PeriodFigures for each child of the region (the city's: its
// districts, as ChildFigures).
func (s Source) ChildPeriodFigures(ctx context.Context, code string, sp period.Span) ([]warehouse.PeriodFigures, error) {
	r, regs, err := s.check(ctx, code)
	if err != nil {
		return nil, err
	}
	if r.Level == warehouse.LevelCity {
		var out []warehouse.PeriodFigures
		for _, g := range regs.Children(code) {
			part, err := s.ChildPeriodFigures(ctx, g.Code, sp)
			if err != nil {
				return nil, err
			}
			out = append(out, part...)
		}
		return out, nil
	}
	f, err := cached(ctx, s.d, key("pchild", code, sp.Key()), func(ctx context.Context) ([]warehouse.PeriodFigures, error) {
		return s.d.wh.ChildPeriodFigures(ctx, code, sp)
	})
	return f, notFound(err)
}

// Choice is one option of the period selector.
type Choice struct{ Value, Label string }

// ChoiceGroup is the selector's months, quarters or years.
type ChoiceGroup struct {
	Label   string
	Choices []Choice
}

// choices are the periods with a ledger, as the selector offers them: months, quarters,
// years, each newest first.
func choices(months []time.Time, lang Lang) []ChoiceGroup {
	ms, qs, ys := period.Choices(months)
	group := func(label string, ps []period.Period, short bool) ChoiceGroup {
		g := ChoiceGroup{Label: T(lang, label)}
		for _, p := range ps {
			l := p.Label(string(lang))
			if short {
				l = p.String()
			}
			g.Choices = append(g.Choices, Choice{p.String(), l})
		}
		return g
	}
	return []ChoiceGroup{group("months", ms, true), group("quarters", qs, false), group("years", ys, false)}
}

// PeriodView is the card of a period's figures: its stocks at the end, its flows over it,
// and a sentence saying which is which (and, for a period in progress, the month read).
type PeriodView struct {
	Title  string
	Note   string
	Stocks []PeriodItem
	Flows  []PeriodItem
}

// PeriodItem is one figure of the card.
type PeriodItem struct {
	Key, Label, Value, Unit string
	// Muted marks a value that is words, not a number (a missing ledger, no request).
	Muted bool
}

// periodView formats the figures of a period in lang.
func periodView(f warehouse.PeriodFigures, lang Lang) *PeriodView {
	p, _ := period.Parse(f.Period)
	v := &PeriodView{Title: p.Label(string(lang))}
	asOf, from := f.AsOf.Format("2006-01"), f.From.Format("2006-01")
	if f.Partial {
		v.Title += " · " + fmt.Sprintf(T(lang, "as_of"), asOf)
	}
	if from == asOf {
		v.Note = fmt.Sprintf(T(lang, "stock_flow_month"), asOf)
	} else {
		v.Note = fmt.Sprintf(T(lang, "stock_flow"), asOf, from, asOf, len(f.Months))
	}
	item := func(k string, val uint64, unit string) PeriodItem {
		return PeriodItem{Key: k, Label: T(lang, "pf_"+k), Value: groupDigits(int64(val)), Unit: T(lang, unit)}
	}
	rate := func(k string, r warehouse.Rate) PeriodItem {
		return PeriodItem{Key: k, Label: T(lang, "pf_"+k), Value: fmt.Sprintf("%.1f", r.Percent), Unit: fmt.Sprintf("%% (%s/%s)", groupDigits(int64(r.Num)), groupDigits(int64(r.Den)))}
	}
	if f.Reporting == 0 {
		// No community of the region sent the month's ledger: no stocks (never zeros).
		for _, k := range []string{"labour_force", "employment_rate", "registered_unemployment", "zero_outstanding"} {
			v.Stocks = append(v.Stocks, PeriodItem{Key: k, Label: T(lang, "pf_"+k), Value: T(lang, "missing"), Muted: true})
		}
	} else {
		v.Stocks = []PeriodItem{
			item("labour_force", f.LabourForce, "persons_unit"),
			rate("employment_rate", f.EmploymentRate),
			rate("registered_unemployment", f.RegisteredUnemployment),
			item("zero_outstanding", f.Zero.Outstanding, "hh_unit"),
		}
	}
	v.Flows = []PeriodItem{
		item("zero_formed", f.Zero.Formed, "hh_unit"),
		item("zero_eliminated", f.Zero.Eliminated, "hh_unit"),
		item("placements", f.Placements.Total, "persons_unit"),
	}
	if f.Placements.Promise.Den > 0 {
		v.Flows = append(v.Flows, rate("promise_72h", f.Placements.Promise))
	} else {
		v.Flows = append(v.Flows, PeriodItem{Key: "promise_72h", Label: T(lang, "pf_promise_72h"), Value: T(lang, "no_requests"), Muted: true})
	}
	return v
}
