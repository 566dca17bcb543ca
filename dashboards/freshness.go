package dashboards

import (
	"context"
	"time"

	"fullemp/campaign"
)

// Beijing is the time the city's officials read: UTC+8, no daylight saving.
var Beijing = time.FixedZone("CST", 8*3600)

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
	li, err := cached(ctx, s.d, "last-ingest", func(ctx context.Context) (lastIngest, error) {
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
	all, err := cached(ctx, s.d, "last-ledger", s.d.wh.LastLedgerMonths)
	if err != nil {
		return time.Time{}, false, err
	}
	m, ok := all[community]
	return m, ok, nil
}

// ingestedText says when data were last ingested, in Beijing time.
func ingestedText(lang Lang, at time.Time, ok bool) string {
	if !ok {
		return T(lang, "never_ingested")
	}
	return at.In(Beijing).Format("2006-01-02 15:04") + T(lang, "beijing_time")
}

// ledgerMonthCell is a community's last ledger month as a table cell ("—" when none).
func ledgerMonthCell(ctx context.Context, src Source, community string) (Cell, error) {
	m, ok, err := src.LastLedgerMonth(ctx, community)
	if err != nil || !ok {
		return Cell{Text: "—", Class: "muted"}, err
	}
	return text(m.Format("2006-01")), nil
}
