package readmodel

import (
	"context"
	"time"

	"fullemp/campaign"
)

// lastIngest is when a file was last ingested (ok false: never).
type lastIngest struct {
	at time.Time
	ok bool
}

// LastIngested returns when data were last ingested into the warehouse (any file, by any
// process; any principal may know it). The cache is dropped at every ingest, so it stays
// exact.
func (s Source) LastIngested(ctx context.Context) (time.Time, bool, error) {
	if !s.p.Role.Valid() {
		return time.Time{}, false, s.p.Check(campaign.CityCode)
	}
	li, err := Cached(ctx, s.d, "last-ingest", func(ctx context.Context) (lastIngest, error) {
		at, ok, err := s.d.wh.LastIngested(ctx)
		return lastIngest{at, ok}, err
	})
	return li.at, li.ok, err
}

// LastLedgerMonth returns the community's latest month with a ledger; ok is false when it
// never sent one.
func (s Source) LastLedgerMonth(ctx context.Context, community string) (time.Time, bool, error) {
	if _, _, err := s.check(ctx, community); err != nil {
		return time.Time{}, false, err
	}
	all, err := Cached(ctx, s.d, "last-ledger", s.d.wh.LastLedgerMonths)
	if err != nil {
		return time.Time{}, false, err
	}
	m, ok := all[community]
	return m, ok, nil
}
