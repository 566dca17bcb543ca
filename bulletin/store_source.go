package bulletin

import (
	"context"
	"fmt"
	"time"

	"fullemp/standard"
	"fullemp/warehouse"
)

// StoreSource reads the whole city straight from the warehouse with one configuration:
// the command line of the city office, and tests. The server reads through the scoped
// read model instead.
type StoreSource struct {
	Store *warehouse.Store
	Cfg   standard.Config
}

func (s StoreSource) Region(ctx context.Context, code string) (warehouse.Region, []warehouse.Region, error) {
	regs, err := s.Store.Regions(ctx)
	if err != nil {
		return warehouse.Region{}, nil, err
	}
	r, ok := regs.Lookup(code)
	if !ok {
		return r, nil, fmt.Errorf("region %q: %w", code, warehouse.ErrUnknownRegion)
	}
	return r, regs.Path(code), nil
}

// Children are the areas a bulletin compares: the city's districts, a district's streets,
// a street's communities.
func (s StoreSource) Children(ctx context.Context, code string) ([]warehouse.Region, error) {
	regs, err := s.Store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := regs.Lookup(code); !ok {
		return nil, fmt.Errorf("region %q: %w", code, warehouse.ErrUnknownRegion)
	}
	return regs.Compared(code), nil
}

func (s StoreSource) Months(ctx context.Context) ([]time.Time, error) {
	return s.Store.LedgerMonths(ctx)
}

func (s StoreSource) Figures(ctx context.Context, code string, month time.Time) (warehouse.Figures, error) {
	return s.Store.Figures(ctx, code, month)
}

func (s StoreSource) ZeroSeries(ctx context.Context, code string, from, to time.Time) ([]warehouse.ZeroMonth, error) {
	return s.Store.ZeroSeries(ctx, code, from, to)
}

func (s StoreSource) Placements(ctx context.Context, code string, from, to time.Time) (warehouse.Placements, error) {
	return s.Store.Placements(ctx, code, from, to)
}

func (s StoreSource) Standards(ctx context.Context, code string, year int, asOf time.Time) (warehouse.Standards, error) {
	return s.Store.Standards(ctx, s.Cfg, year, asOf, code)
}

func (s StoreSource) Progress(ctx context.Context, code string, year int, asOf time.Time) (warehouse.Progress, error) {
	return s.Store.Progress(ctx, s.Cfg, year, asOf, code)
}
