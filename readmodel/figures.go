package readmodel

import (
	"context"
	"time"

	"fullemp/campaign"
	"fullemp/standard"
	"fullemp/warehouse"
)

// Region returns the region and its path from the city (breadcrumbs).
func (s Source) Region(ctx context.Context, code string) (warehouse.Region, []warehouse.Region, error) {
	r, regs, err := s.check(ctx, code)
	if err != nil {
		return r, nil, err
	}
	return r, regs.Path(code), nil
}

// Children returns the region's child regions (the city's: its districts, skipping the
// groups, so the overview compares districts).
func (s Source) Children(ctx context.Context, code string) ([]warehouse.Region, error) {
	_, regs, err := s.check(ctx, code)
	if err != nil {
		return nil, err
	}
	return regs.Compared(code), nil
}

// Months returns the months with a ledger, oldest first (any principal may list them).
func (s Source) Months(ctx context.Context) ([]time.Time, error) {
	if !s.p.Role.Valid() {
		return nil, s.p.Check(campaign.CityCode)
	}
	return Cached(ctx, s.d, "months", s.d.wh.LedgerMonths)
}

// opening is the month pages open on (see warehouse.Store.OpeningMonth).
type opening struct {
	month time.Time
	ok    bool
}

// OpeningMonth returns the month pages and the API open on when none is asked for: the
// latest month that enough communities reported, not the largest month any row names.
func (s Source) OpeningMonth(ctx context.Context) (time.Time, bool, error) {
	if !s.p.Role.Valid() {
		return time.Time{}, false, s.p.Check(campaign.CityCode)
	}
	o, err := Cached(ctx, s.d, "opening", func(ctx context.Context) (opening, error) {
		m, ok, err := s.d.wh.OpeningMonth(ctx)
		return opening{m, ok}, err
	})
	return o.month, o.ok, err
}

// Figures returns the region's figures for the month.
func (s Source) Figures(ctx context.Context, code string, month time.Time) (warehouse.Figures, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return warehouse.Figures{}, err
	}
	f, err := Cached(ctx, s.d, Key("fig", code, month), func(ctx context.Context) (warehouse.Figures, error) {
		return s.d.wh.Figures(ctx, code, month)
	})
	return f, notFound(err)
}

// ChildFigures returns the figures of each child of the region for the month.
func (s Source) ChildFigures(ctx context.Context, code string, month time.Time) ([]warehouse.Figures, error) {
	r, regs, err := s.check(ctx, code)
	if err != nil {
		return nil, err
	}
	if r.Level == warehouse.LevelCity {
		var out []warehouse.Figures
		for _, g := range regs.Children(code) {
			part, err := s.ChildFigures(ctx, g.Code, month)
			if err != nil {
				return nil, err
			}
			out = append(out, part...)
		}
		return out, nil
	}
	f, err := Cached(ctx, s.d, Key("child", code, month), func(ctx context.Context) ([]warehouse.Figures, error) {
		return s.d.wh.ChildFigures(ctx, code, month)
	})
	return f, notFound(err)
}

// FiguresSeries returns the region's figures for each month in [from, to].
func (s Source) FiguresSeries(ctx context.Context, code string, from, to time.Time) ([]warehouse.Figures, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return nil, err
	}
	return Cached(ctx, s.d, Key("series", code, from, to), func(ctx context.Context) ([]warehouse.Figures, error) {
		return s.d.wh.FiguresSeries(ctx, code, from, to)
	})
}

// ZeroSeries returns the region's zero-employment households by month in [from, to].
func (s Source) ZeroSeries(ctx context.Context, code string, from, to time.Time) ([]warehouse.ZeroMonth, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return nil, err
	}
	z, err := Cached(ctx, s.d, Key("zero", code, from, to), func(ctx context.Context) ([]warehouse.ZeroMonth, error) {
		return s.d.wh.ZeroSeries(ctx, code, from, to)
	})
	return z, notFound(err)
}

// ZeroHouseholds returns the region's outstanding zero-employment households in the month.
func (s Source) ZeroHouseholds(ctx context.Context, code string, month time.Time) ([]warehouse.ZeroHousehold, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return nil, err
	}
	z, err := Cached(ctx, s.d, Key("zeroh", code, month), func(ctx context.Context) ([]warehouse.ZeroHousehold, error) {
		return s.d.wh.ZeroHouseholds(ctx, code, month)
	})
	return z, notFound(err)
}

// Placements returns the region's placements by channel and the 72-hour promise rate.
func (s Source) Placements(ctx context.Context, code string, from, to time.Time) (warehouse.Placements, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return warehouse.Placements{}, err
	}
	p, err := Cached(ctx, s.d, Key("plc", code, from, to), func(ctx context.Context) (warehouse.Placements, error) {
		return s.d.wh.Placements(ctx, code, from, to)
	})
	return p, notFound(err)
}

// Standards returns the standards of the year as of the month for the region's
// communities and streets, with every item's value and reason.
func (s Source) Standards(ctx context.Context, code string, year int, asOf time.Time) (warehouse.Standards, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return warehouse.Standards{}, err
	}
	st, err := Cached(ctx, s.d, Key("std", code, year, asOf), func(ctx context.Context) (warehouse.Standards, error) {
		return s.d.wh.Standards(ctx, s.d.cfg, year, asOf, code)
	})
	return st, notFound(err)
}

// Progress returns the targets of the year as of the month, restricted to the region.
func (s Source) Progress(ctx context.Context, code string, year int, asOf time.Time) (warehouse.Progress, error) {
	if _, _, err := s.check(ctx, code); err != nil {
		return warehouse.Progress{}, err
	}
	p, err := Cached(ctx, s.d, Key("prog", code, year, asOf), func(ctx context.Context) (warehouse.Progress, error) {
		return s.d.wh.Progress(ctx, s.d.cfg, year, asOf, code)
	})
	return p, notFound(err)
}

// ChildProgress returns Progress for each of the region's children (Children), each with
// its own targets, from one evaluation of the standards.
func (s Source) ChildProgress(ctx context.Context, code string, year int, asOf time.Time) ([]warehouse.Progress, error) {
	kids, err := s.Children(ctx, code)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(kids))
	for i, k := range kids {
		codes[i] = k.Code
	}
	p, err := Cached(ctx, s.d, Key("childprog", code, year, asOf), func(ctx context.Context) ([]warehouse.Progress, error) {
		return s.d.wh.ProgressMany(ctx, s.d.cfg, year, asOf, codes)
	})
	return p, notFound(err)
}

// Years returns the campaign's years: those of the configured targets, oldest first.
func (s Source) Years() []int { return standard.Years(s.d.cfg.Targets) }

// Verification returns a community's verification list for the month, ID numbers masked
// unless the principal's role sees them. The caller audits the view.
func (s Source) Verification(ctx context.Context, community string, month time.Time) ([]warehouse.VerifyEntry, error) {
	r, _, err := s.check(ctx, community)
	if err != nil {
		return nil, err
	}
	if r.Level != warehouse.LevelCommunity {
		return nil, notCommunity(community)
	}
	list, err := s.d.wh.Verification(ctx, community, month)
	if err != nil {
		return nil, notFound(err)
	}
	if !s.p.Role.SeesIDNumbers() {
		for i := range list {
			list[i].IDNumber = MaskID(list[i].IDNumber)
		}
	}
	return list, nil
}
