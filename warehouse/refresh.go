package warehouse

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"fullemp/campaign"
	fsql "fullemp/sql"
)

// Changes says what an ingest run loaded, so that the per-month, per-community aggregates
// can be brought up to date for exactly those months.
type Changes struct {
	// Months holds the first day (UTC) of every ledger or contribution month with loaded rows.
	Months map[time.Time]bool
	// Kinds holds every kind with loaded rows.
	Kinds map[campaign.Kind]bool
	// Files holds the files whose months were recorded with MarkPending: a successful
	// Refresh settles them.
	Files []uint64
}

// Add records that rows of kind k were loaded for month (zero month for kinds without one).
func (c *Changes) Add(k campaign.Kind, month time.Time) {
	if c.Kinds == nil {
		c.Kinds = map[campaign.Kind]bool{}
		c.Months = map[time.Time]bool{}
	}
	c.Kinds[k] = true
	if !month.IsZero() {
		c.Months[month] = true
	}
}

// Merge adds everything o records to c.
func (c *Changes) Merge(o Changes) {
	for k := range o.Kinds {
		c.Add(k, time.Time{})
	}
	for m := range o.Months {
		c.Months[m] = true
	}
	c.Files = append(c.Files, o.Files...)
}

var (
	qRefreshHousehold    = fsql.MustQuery("refresh_household_month")
	qRefreshCommunity    = fsql.MustQuery("refresh_community_month")
	qHouseholdTombstones = fsql.MustQuery("refresh_household_tombstones")
	qHouseholdPublish    = fsql.MustQuery("refresh_household_publish")
	qCommunityTombstones = fsql.MustQuery("refresh_community_tombstones")
	qCommunityPublish    = fsql.MustQuery("refresh_community_publish")
	qZeroTombstones      = fsql.MustQuery("refresh_zero_tombstones")
	qZeroPublish         = fsql.MustQuery("refresh_zero_publish")
	qZeroSeries          = fsql.MustQuery("zero_household_series")
	qZeroCurrent         = fsql.MustQuery("zero_events_current")
	qStagingTables       = fsql.MustQuery("staging_tables")
	qAllMonths           = fsql.MustQuery("ledger_months_all")
)

// refreshMu serialises refreshes in this process (one version sequence); refreshes from
// other processes use their own staging tables.
var refreshMu sync.Mutex

// staging is one refresh's pair of Memory staging tables, named with the refresh's version
// so that two processes refreshing at once do not share them.
type staging struct {
	household, community string
}

func (s *Store) createStaging(ctx context.Context, version uint64) (staging, error) {
	st := staging{
		household: fmt.Sprintf("agg_household_month_staging_%d", version),
		community: fmt.Sprintf("agg_community_month_staging_%d", version),
	}
	for _, t := range []struct{ name, like string }{
		{st.household, "agg_household_month_staging"}, {st.community, "agg_community_month_staging"},
	} {
		if err := s.Conn.Exec(ctx, "CREATE TABLE "+t.name+" AS "+t.like+" ENGINE = Memory"); err != nil {
			return st, fmt.Errorf("create staging %s: %w", t.name, err)
		}
	}
	return st, nil
}

func (s *Store) dropStaging(st staging) {
	for _, t := range []string{st.household, st.community} {
		if err := s.Conn.Exec(context.Background(), "DROP TABLE IF EXISTS "+t); err != nil {
			s.Log.WithError(err).WithField("table", t).Warn("dropping a staging table")
		}
	}
}

// staleStaging is how old a refresh's staging tables must be before another refresh takes
// them for the leftovers of a process that died mid-refresh: far longer than any refresh.
const staleStaging = 6 * time.Hour

// dropStaleStaging drops the staging tables of refreshes that started more than
// staleStaging before version (their names end with their refresh's clock version), so
// a crashed refresh leaves nothing behind for long. Failures are only logged.
func (s *Store) dropStaleStaging(ctx context.Context, version uint64) {
	rows, err := s.Conn.Query(ctx, qStagingTables)
	if err != nil {
		s.Log.WithError(err).Warn("listing staging tables")
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			break
		}
		v, err := strconv.ParseUint(name[strings.LastIndexByte(name, '_')+1:], 10, 64)
		if err == nil && v+uint64(staleStaging) < version {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, t := range stale {
		if err := s.Conn.Exec(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
			s.Log.WithError(err).WithField("table", t).Warn("dropping a stale staging table")
		}
	}
}

// sql puts the refresh's staging table names into a refresh query (identifiers only).
func (st staging) sql(q string) string {
	q = strings.ReplaceAll(q, "agg_household_month_staging", st.household)
	return strings.ReplaceAll(q, "agg_community_month_staging", st.community)
}

// Refresh brings the aggregates up to date after an ingest run: every ledger or
// contribution month the run touched is recomputed whole into the staging tables and written
// to agg_household_month and agg_community_month with a new version (keys that are gone get
// a deleted row), then the zero-employment events are recomputed. Regions, scores,
// spot checks and placements are read directly and need nothing here. Once the months are
// published, the pending records of ch.Files are settled.
func (s *Store) Refresh(ctx context.Context, ch Changes) error {
	if ch.Kinds[campaign.Regions] {
		s.forgetRegions()
	}
	months := make([]time.Time, 0, len(ch.Months))
	for m := range ch.Months {
		months = append(months, time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC))
	}
	if err := s.refreshMonths(ctx, months); err != nil {
		return err
	}
	return s.settlePending(ctx, ch.Files)
}

// RefreshAll recomputes every month that has a ledger or an aggregate, e.g. after the
// aggregates' definitions changed.
func (s *Store) RefreshAll(ctx context.Context) error {
	months, err := s.monthsOf(ctx, qAllMonths)
	if err != nil {
		return err
	}
	return s.refreshMonths(ctx, months)
}

func (s *Store) refreshMonths(ctx context.Context, months []time.Time) error {
	if len(months) == 0 {
		return nil
	}
	refreshMu.Lock()
	defer refreshMu.Unlock()
	sort.Slice(months, func(i, j int) bool { return months[i].Before(months[j]) })
	start := time.Now()
	// One version per refresh, above every earlier one (the clock, kept strictly rising).
	if err := s.ensureAggregates(ctx); err != nil {
		return err
	}
	version := nextVersion()
	s.dropStaleStaging(ctx, version)
	st, err := s.createStaging(ctx, version)
	defer s.dropStaging(st)
	if err != nil {
		return err
	}
	for i, m := range months {
		if i > 0 && m.Equal(months[i-1]) {
			continue
		}
		if err := s.refreshMonth(ctx, st, m, version); err != nil {
			return err
		}
	}
	if err := s.rebuildZeroEvents(ctx, version); err != nil {
		return err
	}
	s.Log.WithFields(logrus.Fields{"months": len(months), "took": time.Since(start).Round(time.Millisecond)}).Info("refreshed aggregates")
	return nil
}

// refreshMonth recomputes one month into the staging tables and publishes it.
func (s *Store) refreshMonth(ctx context.Context, stg staging, m time.Time, version uint64) error {
	day := m.Format("2006-01-02")
	// Long-term unemployed: unemployed since on or before the last day of the month twelve
	// months before (2009-12 → 2008-12-31) = the day before the first of month − 11.
	cutoff := m.AddDate(0, -11, -1).Format("2006-01-02")
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"clear staging", "TRUNCATE TABLE agg_household_month_staging", nil},
		{"clear staging", "TRUNCATE TABLE agg_community_month_staging", nil},
		{"households", qRefreshHousehold, []any{cutoff, day, day}},
		{"communities", qRefreshCommunity, []any{day}},
		// Tombstones first: they look for keys of the month missing from staging.
		{"households gone", qHouseholdTombstones, []any{version, day}},
		{"communities gone", qCommunityTombstones, []any{version, day}},
		{"zero-employment households gone", qZeroTombstones, []any{version, day}},
		{"publish households", qHouseholdPublish, []any{version}},
		{"publish communities", qCommunityPublish, []any{version}},
		{"publish zero-employment households", qZeroPublish, []any{version}},
	}
	for _, st := range steps {
		if err := s.Conn.Exec(ctx, stg.sql(st.sql), st.args...); err != nil {
			return fmt.Errorf("refresh %s %s: %w", m.Format("2006-01"), st.what, err)
		}
	}
	return nil
}

var lastVersion uint64

// nextVersion returns the clock in nanoseconds, strictly above the last value returned.
func nextVersion() uint64 {
	v := uint64(time.Now().UnixNano())
	if v <= lastVersion {
		v = lastVersion + 1
	}
	lastVersion = v
	return v
}

// monthsOf runs a query returning one Date column.
func (s *Store) monthsOf(ctx context.Context, query string, args ...any) ([]time.Time, error) {
	rows, err := s.Conn.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read months: %w", err)
	}
	defer rows.Close()
	seen := map[time.Time]bool{}
	var out []time.Time
	for rows.Next() {
		var m time.Time
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("read months: %w", err)
		}
		m = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out, rows.Err()
}
