package readmodel

import (
	"context"

	"fullemp/period"
	"fullemp/warehouse"
)

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
	f, err := Cached(ctx, s.d, Key("pfig", code, sp.Key()), func(ctx context.Context) (warehouse.PeriodFigures, error) {
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
	f, err := Cached(ctx, s.d, Key("pchild", code, sp.Key()), func(ctx context.Context) ([]warehouse.PeriodFigures, error) {
		return s.d.wh.ChildPeriodFigures(ctx, code, sp)
	})
	return f, notFound(err)
}
