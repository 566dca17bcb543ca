package warehouse

import (
	"context"
	"fmt"
	"sort"
	"time"
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

// rebuildZeroEvents recomputes zero_events from household_month: only households that were
// ever zero-employment matter, so their monthly series are read and walked here.
func (s *Store) rebuildZeroEvents(ctx context.Context) error {
	rows, err := s.Conn.Query(ctx, qZeroSeries)
	if err != nil {
		return fmt.Errorf("zero-employment series: %w", err)
	}
	var events []zeroEvent
	for rows.Next() {
		var c, h string
		var months []time.Time
		var zero []uint8
		if err := rows.Scan(&c, &h, &months, &zero); err != nil {
			rows.Close()
			return fmt.Errorf("zero-employment series: %w", err)
		}
		z := make([]bool, len(zero))
		for i, v := range zero {
			z[i] = v == 1
		}
		f, e := ZeroEvents(months, z)
		for _, m := range f {
			events = append(events, zeroEvent{monthStart(m), c, h, true})
		}
		for _, m := range e {
			events = append(events, zeroEvent{monthStart(m), c, h, false})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("zero-employment series: %w", err)
	}
	if err := s.Conn.Exec(ctx, "TRUNCATE TABLE zero_events_staging"); err != nil {
		return fmt.Errorf("zero-employment events: clear staging: %w", err)
	}
	staged := map[uint32]bool{}
	if len(events) > 0 {
		batch, err := s.Conn.PrepareBatch(ctx, "INSERT INTO zero_events_staging (month, community_code, household_id, event)")
		if err != nil {
			return fmt.Errorf("zero-employment events: %w", err)
		}
		for _, e := range events {
			ev := "eliminated"
			if e.formed {
				ev = "formed"
			}
			if err := batch.Append(e.month, e.community, e.household, ev); err != nil {
				batch.Abort()
				return fmt.Errorf("zero-employment events: %w", err)
			}
			staged[partitionOf(e.month)] = true
		}
		if err := batch.Send(); err != nil {
			return fmt.Errorf("zero-employment events: %w", err)
		}
	}
	existing, err := s.partitions(ctx, "zero_events")
	if err != nil {
		return err
	}
	for p := range staged {
		if err := s.Conn.Exec(ctx, "ALTER TABLE zero_events REPLACE PARTITION ? FROM zero_events_staging", p); err != nil {
			return fmt.Errorf("zero-employment events: swap %d: %w", p, err)
		}
	}
	for _, p := range existing {
		if !staged[p] {
			if err := s.Conn.Exec(ctx, "ALTER TABLE zero_events DROP PARTITION ?", p); err != nil {
				return fmt.Errorf("zero-employment events: drop %d: %w", p, err)
			}
		}
	}
	return nil
}

// partitions lists a table's active partitions (toYYYYMM values).
func (s *Store) partitions(ctx context.Context, table string) ([]uint32, error) {
	rows, err := s.Conn.Query(ctx, "SELECT DISTINCT toUInt32(partition) FROM system.parts WHERE database = currentDatabase() AND table = ? AND active", table)
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
