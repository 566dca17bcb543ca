package warehouse

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	fsql "fullemp/sql"
)

// zeroEvent is a household's zero-employment event.
type zeroEvent struct {
	month     time.Time
	community string
	household string
	formed    bool
}

// ZeroEvents derives the events of SPEC §3 from one household's ledger months (sorted or
// not) and whether it was zero-employment in each: formed in a month when zero there and not
// in its previous ledger month (or first seen); eliminated when zero in the previous ledger
// month and not in this one. It returns the months formed and eliminated.
func ZeroEvents(months []time.Time, zero []bool) (formed, eliminated []time.Time) {
	idx := make([]int, len(months))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return months[idx[a]].Before(months[idx[b]]) })
	prev := false
	for _, i := range idx {
		switch {
		case zero[i] && !prev:
			formed = append(formed, months[i])
		case !zero[i] && prev:
			eliminated = append(eliminated, months[i])
		}
		prev = zero[i]
	}
	return formed, eliminated
}

// rebuildZeroEvents recomputes every household's events from agg_household_month (only
// households that were ever zero-employment matter, so their monthly series are read and
// walked here) and writes the difference with the current events: new ones, and deleted
// rows for gone ones.
func (s *Store) rebuildZeroEvents(ctx context.Context, version uint64) error {
	changes, err := s.zeroEventChanges(ctx, qZeroSeries, nil, qZeroCurrent, nil)
	if err != nil {
		return err
	}
	return s.writeZeroEvents(ctx, changes, version)
}

// zeroChange is an event to write: new, or deleted.
type zeroChange struct {
	zeroEvent
	deleted uint8
}

// zeroEventChanges walks the households' series (series: community, household, months,
// zero flags) and returns the difference with their current events (current: month,
// community, household, event).
func (s *Store) zeroEventChanges(ctx context.Context, series string, seriesArgs []any, current string, currentArgs []any) ([]zeroChange, error) {
	// The two reads are independent: run together, they cost the longer of the two.
	var want, have map[zeroEvent]bool
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		want, err = s.zeroEventsWanted(gctx, series, seriesArgs)
		return err
	})
	g.Go(func() (err error) {
		have, err = s.zeroEventsHeld(gctx, current, currentArgs)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var changes []zeroChange
	for e := range want {
		if !have[e] {
			changes = append(changes, zeroChange{e, 0})
		}
	}
	for e := range have {
		if !want[e] {
			changes = append(changes, zeroChange{e, 1})
		}
	}
	return changes, nil
}

// zeroEventsWanted reads households' zero-employment series and returns the events they
// give (ZeroEvents).
func (s *Store) zeroEventsWanted(ctx context.Context, series string, args []any) (map[zeroEvent]bool, error) {
	rows, err := s.Conn.Query(ctx, series, args...)
	if err != nil {
		return nil, fmt.Errorf("zero-employment series: %w", err)
	}
	defer rows.Close()
	want := map[zeroEvent]bool{}
	for rows.Next() {
		var c, h string
		var months []time.Time
		var zero []uint8
		if err := rows.Scan(&c, &h, &months, &zero); err != nil {
			return nil, fmt.Errorf("zero-employment series: %w", err)
		}
		z := make([]bool, len(zero))
		for i, v := range zero {
			z[i] = v == 1
		}
		f, e := ZeroEvents(months, z)
		for _, m := range f {
			want[zeroEvent{monthStart(m), c, h, true}] = true
		}
		for _, m := range e {
			want[zeroEvent{monthStart(m), c, h, false}] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("zero-employment series: %w", err)
	}
	return want, nil
}

// zeroEventsHeld reads the zero-employment events as agg_zero_events holds them.
func (s *Store) zeroEventsHeld(ctx context.Context, current string, args []any) (map[zeroEvent]bool, error) {
	cur, err := s.Conn.Query(ctx, current, args...)
	if err != nil {
		return nil, fmt.Errorf("zero-employment events: %w", err)
	}
	defer cur.Close()
	have := map[zeroEvent]bool{}
	for cur.Next() {
		var e zeroEvent
		var kind string
		if err := cur.Scan(&e.month, &e.community, &e.household, &kind); err != nil {
			return nil, fmt.Errorf("zero-employment events: %w", err)
		}
		e.month, e.formed = monthStart(e.month), kind == "formed"
		have[e] = true
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("zero-employment events: %w", err)
	}
	return have, nil
}

// writeZeroEvents writes the changes with version, in one INSERT.
func (s *Store) writeZeroEvents(ctx context.Context, changes []zeroChange, version uint64) error {
	if len(changes) == 0 {
		return nil
	}
	batch, err := s.Conn.PrepareBatch(ctx, "INSERT INTO agg_zero_events (month, community_code, household_id, event, deleted, version)")
	if err != nil {
		return fmt.Errorf("zero-employment events: %w", err)
	}
	for _, c := range changes {
		ev := "eliminated"
		if c.formed {
			ev = "formed"
		}
		if err := batch.Append(c.month, c.community, c.household, ev, c.deleted, version); err != nil {
			batch.Abort()
			return fmt.Errorf("zero-employment events: %w", err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("zero-employment events: %w", err)
	}
	return nil
}

// PartitionsQuery is the query, with its arguments, that lists table's active partitions
// in database: aggregate_partitions on one server; on a cluster the same over every node's
// system.parts (cluster(NAME, system.parts)) for T_local, with the database named, since
// currentDatabase() on the other nodes is the database of their connection (default).
func PartitionsQuery(cluster, database, table string) (string, []any) {
	if cluster == "" {
		return qAggregatePartitions, []any{table}
	}
	q := strings.Replace(qAggregatePartitions, "FROM system.parts", "FROM cluster("+cluster+", system.parts)", 1)
	q = strings.Replace(q, "database = currentDatabase()", "database = ?", 1)
	return q, []any{database, table + "_local"}
}

// partitions lists a table's active partitions (toYYYYMM values).
// On a cluster they are the partitions of T_local on any node.
func (s *Store) partitions(ctx context.Context, table string) ([]uint32, error) {
	q, args := PartitionsQuery(s.Cluster, s.Database, table)
	rows, err := s.Conn.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("partitions of %s: %w", table, err)
	}
	defer rows.Close()
	var out []uint32
	for rows.Next() {
		var p uint32
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("partitions of %s: %w", table, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Queries of sql/queries read by this file.
var (
	qAggregatePartitions = fsql.MustQuery("aggregate_partitions")
)
