package warehouse

import (
	"context"
	"fmt"
	"sort"
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
}

var (
	qRefreshHousehold = fsql.MustQuery("refresh_household_month")
	qRefreshCommunity = fsql.MustQuery("refresh_community_month")
	qZeroSeries       = fsql.MustQuery("zero_household_series")
)

// refreshMu serialises refreshes in this process: they share the staging tables.
var refreshMu sync.Mutex

// Refresh brings the aggregates up to date after an ingest run: every ledger or
// contribution month the run touched is recomputed whole (household_month, community_month)
// and swapped in by partition, then the zero-employment events are rebuilt. Regions, scores,
// spot checks and placements are read directly and need nothing here.
func (s *Store) Refresh(ctx context.Context, ch Changes) error {
	months := make([]time.Time, 0, len(ch.Months))
	for m := range ch.Months {
		months = append(months, time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC))
	}
	return s.refreshMonths(ctx, months)
}

// RefreshAll recomputes every month that has a ledger or an aggregate, e.g. after the
// aggregates' definitions changed.
func (s *Store) RefreshAll(ctx context.Context) error {
	months, err := s.monthsOf(ctx, "SELECT DISTINCT month FROM ledger UNION ALL SELECT DISTINCT month FROM community_month")
	if err != nil {
		return err
	}
	return s.refreshMonths(ctx, months)
}

func (s *Store) refreshMonths(ctx context.Context, months []time.Time) error {
	refreshMu.Lock()
	defer refreshMu.Unlock()
	sort.Slice(months, func(i, j int) bool { return months[i].Before(months[j]) })
	start := time.Now()
	for i, m := range months {
		if i > 0 && m.Equal(months[i-1]) {
			continue
		}
		if err := s.refreshMonth(ctx, m); err != nil {
			return err
		}
	}
	if err := s.rebuildZeroEvents(ctx); err != nil {
		return err
	}
	s.Log.WithFields(logrus.Fields{"months": len(months), "took": time.Since(start).Round(time.Millisecond)}).Info("refreshed aggregates")
	return nil
}

// refreshMonth recomputes one month into the staging tables and swaps the partitions in.
func (s *Store) refreshMonth(ctx context.Context, m time.Time) error {
	day := m.Format("2006-01-02")
	// Long-term unemployed: unemployed since on or before the last day of the month twelve
	// months before (2009-12 → 2008-12-31) = the day before the first of month − 11.
	cutoff := m.AddDate(0, -11, -1).Format("2006-01-02")
	part := partitionOf(m)
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"clear staging", "TRUNCATE TABLE household_month_staging", nil},
		{"clear staging", "TRUNCATE TABLE community_month_staging", nil},
		{"households", qRefreshHousehold, []any{cutoff, day, day}},
		{"communities", qRefreshCommunity, []any{day}},
	}
	for _, st := range steps {
		if err := s.Conn.Exec(ctx, st.sql, st.args...); err != nil {
			return fmt.Errorf("refresh %s %s: %w", m.Format("2006-01"), st.what, err)
		}
	}
	var n uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM community_month_staging").Scan(&n); err != nil {
		return fmt.Errorf("refresh %s: count staging: %w", m.Format("2006-01"), err)
	}
	for _, table := range []string{"household_month", "community_month"} {
		var err error
		if n == 0 { // no ledger for the month (any more): no figures
			err = s.Conn.Exec(ctx, "ALTER TABLE "+table+" DROP PARTITION ?", part)
		} else {
			err = s.Conn.Exec(ctx, "ALTER TABLE "+table+" REPLACE PARTITION ? FROM "+table+"_staging", part)
		}
		if err != nil {
			return fmt.Errorf("refresh %s: swap %s: %w", m.Format("2006-01"), table, err)
		}
	}
	return nil
}

// partitionOf is the partition value of toYYYYMM(month).
func partitionOf(m time.Time) uint32 { return uint32(m.Year()*100 + int(m.Month())) }

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
