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
	"golang.org/x/sync/errgroup"

	"fullemp/campaign"
	fsql "fullemp/sql"
)

// Changes says what an ingest run loaded, so that the per-month, per-community aggregates
// can be brought up to date for exactly what it touched.
type Changes struct {
	// Months holds the first day (UTC) of months to recompute whole (every community).
	Months map[time.Time]bool
	// Pairs holds the (month, community) pairs to recompute: what ingested files touched.
	Pairs map[Pair]bool
	// Kinds holds every kind with loaded rows.
	Kinds map[campaign.Kind]bool
	// Files holds the files whose months were recorded with MarkPending: a successful
	// Refresh settles them.
	Files []uint64
	// After is the lowest of the versions reserved just before the files read their pairs
	// (0: none did). The refresh also covers the pairs of every file settled by a refresh
	// of a higher version: a file published after that read may have moved a person the
	// pairs do not know about.
	After uint64
}

// Pair is one community's month: the unit a refresh recomputes.
type Pair struct {
	Month     time.Time // the first day of the month (UTC)
	Community string
}

func (c *Changes) init() {
	if c.Kinds == nil {
		c.Kinds = map[campaign.Kind]bool{}
		c.Months = map[time.Time]bool{}
		c.Pairs = map[Pair]bool{}
	}
}

// Add records that rows of kind k were loaded for month (zero month for kinds without one),
// so that the whole month is recomputed.
func (c *Changes) Add(k campaign.Kind, month time.Time) {
	c.init()
	c.Kinds[k] = true
	if !month.IsZero() {
		c.Months[monthStart(month)] = true
	}
}

// AddPair records that rows of kind k touched one community's month.
func (c *Changes) AddPair(k campaign.Kind, p Pair) {
	c.init()
	c.Kinds[k] = true
	c.Pairs[Pair{monthStart(p.Month), p.Community}] = true
}

// AddAfter records that a file read its pairs after version v was reserved.
func (c *Changes) AddAfter(v uint64) {
	if v > 0 && (c.After == 0 || v < c.After) {
		c.After = v
	}
}

// Merge adds everything o records to c.
func (c *Changes) Merge(o Changes) {
	c.init()
	for k := range o.Kinds {
		c.Kinds[k] = true
	}
	for m := range o.Months {
		c.Months[m] = true
	}
	for p := range o.Pairs {
		c.Pairs[p] = true
	}
	c.Files = append(c.Files, o.Files...)
	c.AddAfter(o.After)
}

// empty reports whether nothing was loaded.
func (c *Changes) empty() bool {
	return len(c.Kinds) == 0 && len(c.Months) == 0 && len(c.Pairs) == 0 && len(c.Files) == 0
}

var (
	qRefreshHousehold = fsql.MustQuery("refresh_household_month")
	qRefreshCommunity = fsql.MustQuery("refresh_community_month")
	qHouseholdPublish = fsql.MustQuery("refresh_household_publish")
	qCommunityPublish = fsql.MustQuery("refresh_community_publish")
	qZeroPublish      = fsql.MustQuery("refresh_zero_publish")
	qZeroSeries       = fsql.MustQuery("zero_household_series")
	qZeroCurrent      = fsql.MustQuery("zero_events_current")
	qStagingTables    = fsql.MustQuery("staging_tables")
	qAllMonths        = fsql.MustQuery("ledger_months_all")
	qBumpDataVersion  = fsql.MustQuery("refresh_bump_data_version")
)

// refreshMu serialises refreshes in this process; refreshes of other processes wait for
// each other in the order of their versions (startRefresh) and use their own tables.
var refreshMu sync.Mutex

// staging is one refresh's Memory tables, named with the refresh's version so that two
// processes refreshing at once do not share them: a month's households and communities as
// computed, and (for Refresh) the households the refreshed pairs hold before or after, and
// the community and zero-employment household rows of every month, published at the end,
// and the persons of the few communities of a month that it recomputes.
type staging struct {
	household, community, affected, communityOut, zeroOut, persons string
	schema                                                         Schema
}

// The templates the staging tables are made AS (and the names the queries use for them).
var stagingTemplates = []struct{ name, like string }{
	{"agg_household_month_staging", "agg_household_month_staging"},
	{"agg_community_month_staging", "agg_community_month_staging"},
	{"agg_households_affected", "agg_households_affected"},
	{"agg_community_month_publish", "agg_community_month"},
	{"agg_zero_households_publish", "agg_zero_households"},
	{"agg_refresh_persons", "agg_refresh_persons"},
}

func (st staging) names() []string {
	return []string{st.household, st.community, st.affected, st.communityOut, st.zeroOut, st.persons}
}

// createStaging makes the first n staging tables of a refresh (2 for RefreshMonths, all for
// Refresh).
func (s *Store) createStaging(ctx context.Context, version uint64, n int) (staging, error) {
	var names []string
	for _, t := range stagingTemplates {
		names = append(names, fmt.Sprintf("%s_%d", t.name, version))
	}
	st := staging{names[0], names[1], names[2], names[3], names[4], names[5], s.Schema()}
	g, gctx := errgroup.WithContext(ctx)
	for i, t := range stagingTemplates[:n] {
		g.Go(func() error {
			if err := s.Conn.Exec(gctx, "CREATE TABLE "+names[i]+" AS "+t.like+" ENGINE = Memory"); err != nil {
				return fmt.Errorf("create staging %s: %w", names[i], err)
			}
			return nil
		})
	}
	return st, g.Wait()
}

// dropStaging drops a refresh's staging tables (at once).
func (s *Store) dropStaging(st staging) {
	var wg sync.WaitGroup
	for _, t := range st.names() {
		wg.Go(func() {
			if err := s.Conn.Exec(context.Background(), "DROP TABLE IF EXISTS "+t); err != nil {
				s.Log.WithError(err).WithField("table", t).Warn("dropping a staging table")
			}
		})
	}
	wg.Wait()
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

// sql puts the refresh's staging table names into a refresh query (identifiers only), and
// renders its GLOBAL IN for the schema (Schema.In).
func (st staging) sql(q string) string {
	for i, name := range st.names() {
		q = strings.ReplaceAll(q, stagingTemplates[i].name, name)
	}
	return st.schema.In(q)
}

// Refresh brings the aggregates up to date after an ingest run: the (month, community)
// pairs the run touched (ch.Pairs, with those of files published while its files read
// theirs) and the months it names whole (ch.Months) are recomputed into staging tables and
// written to agg_household_month, agg_community_month and agg_zero_households with a new
// version (keys that are gone get a deleted row), and the zero-employment events of the
// households those pairs hold or held are recomputed. Regions, scores, spot checks and
// placements are read directly and need nothing here. Once all is published the data
// version moves (a running serve drops its cache) and the pending records of ch.Files are
// settled. Its result is RefreshAll's, row for row.
func (s *Store) Refresh(ctx context.Context, ch Changes) error {
	if ch.Kinds[campaign.Regions] {
		s.forgetRegions()
	}
	if ch.empty() {
		return nil
	}
	refreshMu.Lock()
	defer refreshMu.Unlock()
	if err := s.ensureAggregates(ctx); err != nil {
		return err
	}
	r, done, err := s.startRefresh(ctx)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	scope, err := s.scopeOf(ctx, ch)
	if err != nil {
		return err
	}
	// refreshPairs marks its data published itself, before it drops its staging tables.
	if err := s.refreshPairs(ctx, scope, r.From); err != nil {
		return err
	}
	if len(scope) == 0 {
		if err := s.markData(ctx, dataPublished, r.From); err != nil {
			return err
		}
	} else {
		s.Log.WithFields(logrus.Fields{"months": len(scope), "pairs": scope.pairs(), "took": time.Since(start).Round(time.Millisecond)}).Info("refreshed aggregates")
	}
	return s.settlePending(ctx, ch.Files, r.From)
}

// RefreshAll recomputes every month that has a ledger or an aggregate, e.g. after the
// aggregates' definitions changed: the reference that Refresh must equal.
func (s *Store) RefreshAll(ctx context.Context) error {
	months, err := s.monthsOf(ctx, qAllMonths)
	if err != nil {
		return err
	}
	return s.RefreshMonths(ctx, months)
}

// RefreshMonths recomputes the given months whole, every community of each, then every
// household's zero-employment events (what Refresh did before it refreshed only what
// changed; RefreshAll uses it).
func (s *Store) RefreshMonths(ctx context.Context, months []time.Time) error {
	if len(months) == 0 {
		return nil
	}
	refreshMu.Lock()
	defer refreshMu.Unlock()
	sort.Slice(months, func(i, j int) bool { return months[i].Before(months[j]) })
	start := time.Now()
	if err := s.ensureAggregates(ctx); err != nil {
		return err
	}
	r, done, err := s.startRefresh(ctx)
	if err != nil {
		return err
	}
	defer done()
	version := r.From
	s.dropStaleStaging(ctx, version)
	st, err := s.createStaging(ctx, version, 2)
	defer s.dropStaging(st)
	if err != nil {
		return err
	}
	if err := s.markData(ctx, dataPublishing, version); err != nil {
		return err
	}
	for i, m := range months {
		m = monthStart(m)
		if i > 0 && m.Equal(monthStart(months[i-1])) {
			continue
		}
		if err := s.refreshMonth(ctx, st, m, version); err != nil {
			return err
		}
	}
	if err := s.rebuildZeroEvents(ctx, version); err != nil {
		return err
	}
	if err := s.markData(ctx, dataPublished, version); err != nil {
		return err
	}
	s.Log.WithFields(logrus.Fields{"months": len(months), "took": time.Since(start).Round(time.Millisecond)}).Info("refreshed aggregates")
	return nil
}

// refreshMonth recomputes one month into the staging tables and publishes it, each table
// in one INSERT.
func (s *Store) refreshMonth(ctx context.Context, stg staging, m time.Time, version uint64) error {
	day := m.Format("2006-01-02")
	return s.runSteps(ctx, stg, m, []refreshStep{
		{"clear staging", "TRUNCATE TABLE agg_household_month_staging", nil},
		{"clear staging", "TRUNCATE TABLE agg_community_month_staging", nil},
		{"households", qRefreshHousehold, []any{longTermCutoff(m), day, day}},
		{"communities", qRefreshCommunity, []any{day}},
		{"publish households", qHouseholdPublish, []any{version, version, day}},
		{"publish communities", qCommunityPublish, []any{version, version, day}},
		{"publish zero-employment households", qZeroPublish, []any{version, version, day}},
	})
}

// The rows of data_version: a refresh marks where it is (web_data_version reads them).
const (
	dataPublished  = uint8(0) // everything the refresh computed is written
	dataPublishing = uint8(1) // the refresh is writing what readers see
)

// markData records that the refresh of version has reached stage.
func (s *Store) markData(ctx context.Context, stage uint8, version uint64) error {
	if err := s.Conn.Exec(ctx, qBumpDataVersion, stage, version); err != nil {
		return fmt.Errorf("record the data version: %w", err)
	}
	return nil
}

// longTermCutoff is the day on or before which a person of month m unemployed since then is
// long-term unemployed: the last day of the month twelve months before (2009-12 →
// 2008-12-31), the day before the first of month − 11.
func longTermCutoff(m time.Time) string { return m.AddDate(0, -11, -1).Format("2006-01-02") }

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
