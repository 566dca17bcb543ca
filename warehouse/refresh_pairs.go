package warehouse

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/sirupsen/logrus"
	"golang.org/x/sync/errgroup"

	"fullemp/campaign"
	fsql "fullemp/sql"
)

var (
	qPairsHousehold        = fsql.MustQuery("refresh_pairs_household")
	qPairsPersons          = fsql.MustQuery("refresh_pairs_persons")
	qPairsHouseholdMany    = fsql.MustQuery("refresh_pairs_household_many")
	qPairsAffected         = fsql.MustQuery("refresh_pairs_affected")
	qPairsHouseholdPublish = fsql.MustQuery("refresh_pairs_household_publish")
	qPairsCommunityStage   = fsql.MustQuery("refresh_pairs_community_stage")
	qPairsZeroStage        = fsql.MustQuery("refresh_pairs_zero_stage")
	qPairsCommunityPublish = fsql.MustQuery("refresh_pairs_community_publish")
	qPairsZeroPublish      = fsql.MustQuery("refresh_pairs_zero_publish")
	qZeroSeriesAffected    = fsql.MustQuery("zero_series_affected")
	qZeroEventsAffected    = fsql.MustQuery("zero_events_affected")
	qMonthCommunities      = fsql.MustQuery("month_communities")
	qPairsSettledAfter     = fsql.MustQuery("pending_pairs_settled_after")
)

// monthScope is what a refresh recomputes of one month: some communities, or all of them.
type monthScope struct {
	communities map[string]bool
	whole       bool // every household of the month is recomputed (the whole-month query)
}

// refreshScope is a refresh's months, each with its scope.
type refreshScope map[time.Time]*monthScope

func (rs refreshScope) add(m time.Time, community string) {
	m = monthStart(m)
	if rs[m] == nil {
		rs[m] = &monthScope{communities: map[string]bool{}}
	}
	rs[m].communities[community] = true
}

func (rs refreshScope) pairs() int {
	n := 0
	for _, ms := range rs {
		n += len(ms.communities)
	}
	return n
}

// How a refresh reads a month, by how many of its communities it recomputes (variables, so
// that tests run every way):
var (
	// PairsByPerson: up to this many communities, their persons are found first (the
	// primary key then reads only their part of the month's ledger); more are read with
	// the month's ledger, kept for those communities.
	PairsByPerson = 8
	// WholeMonthPairs: at least this many communities, and a quarter of the city's, and
	// the month is recomputed whole (the whole-month query, every community).
	WholeMonthPairs = 64
)

const wholeShare = 4

// WholeMonth reports whether a refresh recomputes a month whole when n of its communities
// are touched, of city in all: at least WholeMonthPairs, and a quarter of the city's.
func WholeMonth(n, city int) bool { return n >= WholeMonthPairs && n*wholeShare >= city }

// scopeOf resolves what a refresh covers: the pairs of ch and of the files settled since
// ch.After, and the whole months of ch with every community they have now or had.
func (s *Store) scopeOf(ctx context.Context, ch Changes) (refreshScope, error) {
	scope := refreshScope{}
	for p := range ch.Pairs {
		scope.add(p.Month, p.Community)
	}
	if ch.After > 0 {
		if err := s.scanMonthPairs(ctx, qPairsSettledAfter, []any{ch.After}, scope.add); err != nil {
			return nil, fmt.Errorf("pairs of files refreshed after version %d: %w", ch.After, err)
		}
	}
	// The city's communities matter only to a month of WholeMonthPairs or more (WholeMonth).
	var city int
	many := false
	for _, ms := range scope {
		many = many || len(ms.communities) >= WholeMonthPairs
	}
	if many {
		regs, err := s.Regions(ctx)
		if err != nil {
			return nil, err
		}
		city = len(regs.Communities(campaign.CityCode))
	}
	whole := map[time.Time]bool{}
	for m := range ch.Months {
		whole[monthStart(m)] = true
	}
	for m, ms := range scope {
		if WholeMonth(len(ms.communities), city) {
			whole[m] = true
		}
	}
	for m := range whole {
		day := m.Format("2006-01-02")
		rows, err := s.Conn.Query(ctx, qMonthCommunities, day, day)
		if err != nil {
			return nil, fmt.Errorf("communities of %s: %w", m.Format("2006-01"), err)
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, fmt.Errorf("communities of %s: %w", m.Format("2006-01"), err)
			}
			scope.add(m, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("communities of %s: %w", m.Format("2006-01"), err)
		}
		if scope[m] != nil {
			scope[m].whole = true
		}
	}
	return scope, nil
}

// scanMonthPairs runs a query of (month, community_code) rows and hands each to add.
func (s *Store) scanMonthPairs(ctx context.Context, query string, args []any, add func(time.Time, string)) error {
	rows, err := s.Conn.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m time.Time
		var c string
		if err := rows.Scan(&m, &c); err != nil {
			return err
		}
		add(m, c)
	}
	return rows.Err()
}

// refreshPairs recomputes the scope's pairs month by month: the households of a month's
// communities into staging, published at once with deleted rows for households gone; their
// communities and zero-employment households staged for the end. Then the zero-employment
// events of the households those pairs held or hold are recomputed from their series, and
// the communities, zero-employment households and events of every month are published
// together, one INSERT each, and the data are marked published (data_version) before the
// staging tables are dropped.
func (s *Store) refreshPairs(ctx context.Context, scope refreshScope, version uint64) error {
	if len(scope) == 0 {
		return nil
	}
	// A crashed refresh's leftovers are dropped beside this refresh, not before it.
	stale := make(chan struct{})
	go func() {
		defer close(stale)
		s.dropStaleStaging(ctx, version)
	}()
	defer func() { <-stale }()
	st, err := s.createStaging(ctx, version, len(stagingTemplates))
	defer s.dropStaging(st)
	if err != nil {
		return err
	}
	months := make([]time.Time, 0, len(scope))
	all := map[string]bool{}
	for m, ms := range scope {
		months = append(months, m)
		for c := range ms.communities {
			all[c] = true
		}
	}
	sort.Slice(months, func(i, j int) bool { return months[i].Before(months[j]) })
	last := months[len(months)-1]
	for i, m := range months {
		if err := s.refreshScoped(ctx, st, m, scope[m], version, i == 0, m != last); err != nil {
			return err
		}
	}
	// The last month's households are published while the zero-employment events are
	// recomputed: its series are read from its staging table, the earlier months' from
	// agg_household_series.
	communities := sortedSet(all)
	lastDay, lastCs := last.Format("2006-01-02"), sortedSet(scope[last].communities)
	var changes []zeroChange
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return s.runSteps(gctx, st, last, []refreshStep{householdPublish(lastDay, lastCs, version)})
	})
	g.Go(func() error {
		start := time.Now()
		// Most corrections touch no household that is or was zero-employment: then no
		// event can change, and their series are not read.
		var affected uint64
		if err := s.Conn.QueryRow(gctx, "SELECT count() FROM "+st.affected).Scan(&affected); err != nil {
			return fmt.Errorf("refresh: count the affected households: %w", err)
		}
		if affected > 0 {
			var err error
			changes, err = s.zeroEventChanges(gctx, st.sql(qZeroSeriesAffected), []any{communities, lastDay, lastCs}, st.sql(qZeroEventsAffected), []any{communities})
			if err != nil {
				return err
			}
		}
		s.Log.WithFields(logrus.Fields{"households": len(changes), "took": time.Since(start)}).Debug("refresh step: zero-employment events")
		return nil
	})
	// Readers stop computing figures from here on (data_version): the publishing mark is
	// written beside the last reads, not after them.
	g.Go(func() error { return s.markData(gctx, dataPublishing, version) })
	if err := g.Wait(); err != nil {
		return err
	}
	// What readers see is written by three INSERTs of different tables, at once.
	g, gctx = errgroup.WithContext(ctx)
	for _, q := range []struct{ what, sql string }{
		{"zero-employment households", qPairsZeroPublish},
		{"communities", qPairsCommunityPublish},
	} {
		g.Go(func() error {
			if err := s.Conn.Exec(gctx, st.sql(q.sql)); err != nil {
				return fmt.Errorf("refresh: publish %s: %w", q.what, err)
			}
			return nil
		})
	}
	g.Go(func() error { return s.writeZeroEvents(gctx, changes, version) })
	if err := g.Wait(); err != nil {
		return err
	}
	return s.markData(ctx, dataPublished, version)
}

// refreshScoped recomputes one month of the scope. The staging tables are made empty for
// the refresh, so its first month (first) does not clear them. Once the month's households
// are staged, three chains of steps read them and write different tables, and run together:
// their communities, staged; the households affected, then (when publish) published
// (affected reads the households as published before); their zero-employment households,
// staged.
func (s *Store) refreshScoped(ctx context.Context, stg staging, m time.Time, ms *monthScope, version uint64, first, publish bool) error {
	day := m.Format("2006-01-02")
	cs := sortedSet(ms.communities)
	var steps []refreshStep
	if !first {
		steps = append(steps,
			refreshStep{"clear staging", "TRUNCATE TABLE agg_household_month_staging", nil},
			refreshStep{"clear staging", "TRUNCATE TABLE agg_community_month_staging", nil})
	}
	switch {
	case ms.whole:
		steps = append(steps, refreshStep{"households", qRefreshHousehold, []any{longTermCutoff(m), day, day}})
	case len(ms.communities) > PairsByPerson:
		steps = append(steps, refreshStep{"households", qPairsHouseholdMany, []any{longTermCutoff(m), day, cs, day}})
	default:
		if !first {
			steps = append(steps, refreshStep{"clear staging", "TRUNCATE TABLE agg_refresh_persons", nil})
		}
		steps = append(steps,
			refreshStep{"persons", qPairsPersons, []any{day, cs}},
			refreshStep{"households", qPairsHousehold, []any{longTermCutoff(m), day, day, cs}})
	}
	if err := s.runSteps(ctx, stg, m, steps); err != nil {
		return err
	}
	chains := [][]refreshStep{
		{{"communities", qRefreshCommunity, []any{day}},
			{"stage communities", qPairsCommunityStage, []any{version, version, day, cs}}},
		{{"households affected", qPairsAffected, []any{day, cs, cs}}},
		{{"stage zero-employment households", qPairsZeroStage, []any{version, version, day, cs}}},
	}
	if publish {
		chains[1] = append(chains[1], householdPublish(day, cs, version))
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, chain := range chains {
		g.Go(func() error { return s.runSteps(gctx, stg, m, chain) })
	}
	return g.Wait()
}

// householdPublish is the step that publishes a month's staged households.
func householdPublish(day string, cs clickhouse.GroupSet, version uint64) refreshStep {
	return refreshStep{"publish households", qPairsHouseholdPublish, []any{version, version, day, cs}}
}

// refreshStep is one statement of a month's refresh.
type refreshStep struct {
	what string
	sql  string
	args []any
}

// runSteps runs steps of month m's refresh in order.
func (s *Store) runSteps(ctx context.Context, stg staging, m time.Time, steps []refreshStep) error {
	for _, st := range steps {
		start := time.Now()
		if err := s.Conn.Exec(ctx, stg.sql(st.sql), st.args...); err != nil {
			return fmt.Errorf("refresh %s %s: %w", m.Format("2006-01"), st.what, err)
		}
		s.Log.WithFields(logrus.Fields{"month": m.Format("2006-01"), "step": st.what, "took": time.Since(start)}).Debug("refresh step")
	}
	return nil
}

// sortedSet binds a set of strings as a sorted ('a', 'b', …) for `col IN ?`.
func sortedSet(set map[string]bool) clickhouse.GroupSet {
	list := make([]string, 0, len(set))
	for v := range set {
		list = append(list, v)
	}
	sort.Strings(list)
	return groupSet(list)
}
