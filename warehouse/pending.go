package warehouse

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/sirupsen/logrus"

	"fullemp/campaign"
	fsql "fullemp/sql"
)

var (
	qPendingOpen   = fsql.MustQuery("pending_refresh_open")
	qPendingPairs  = fsql.MustQuery("pending_pairs")
	qSettlePending = fsql.MustQuery("refresh_settle_pending")
)

// ReservedTop returns the highest version reserved so far by any process: a file reads its
// pairs after it (MarkPending's after).
func (s *Store) ReservedTop(ctx context.Context) (uint64, error) {
	var top uint64
	if err := s.Conn.QueryRow(ctx, qReservationTop).Scan(&top); err != nil {
		return 0, fmt.Errorf("read reserved versions: %w", err)
	}
	return top, nil
}

// MarkPending records durably that the file fileID of kind k touched months, and in them
// the (month, community) pairs (read after version after was reserved; none for kinds
// without aggregates), before the file's rows are published: until a refresh publishes them (Refresh
// with the file in Changes.Files), every process that opens the warehouse refreshes them
// first, so a process that dies between publishing and the end of its refresh leaves no
// stale figure. The pairs of a re-run add to those its first attempt recorded.
func (s *Store) MarkPending(ctx context.Context, fileID uint64, k campaign.Kind, months []time.Time, pairs []Pair, after uint64) error {
	days := make([]time.Time, 0, len(months))
	for _, m := range months {
		days = append(days, monthStart(m))
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	version := clockAbove(after) // above the settlements of refreshes reserved before
	if len(pairs) > 0 {
		b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO refresh_pairs (file_id, month, community_code, version)")
		if err != nil {
			return fmt.Errorf("prepare refresh_pairs insert: %w", err)
		}
		defer b.Close()
		for _, p := range pairs {
			if err := b.Append(fileID, monthStart(p.Month), p.Community, version); err != nil {
				b.Abort()
				return fmt.Errorf("refresh_pairs row: %w", err)
			}
		}
		if err := b.Send(); err != nil {
			return fmt.Errorf("insert refresh_pairs: %w", err)
		}
	}
	// With after = 0 (a kind without aggregates) the file's months are refreshed whole; with
	// pairs read and none found (contributions of persons in no ledger that month) it
	// touches no aggregate, and its refresh only settles it.
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO pending_refresh (file_id, kind, months, pending, at, version, pairs_after)")
	if err != nil {
		return fmt.Errorf("prepare pending_refresh insert: %w", err)
	}
	defer b.Close()
	if err := b.Append(fileID, string(k), days, uint8(1), time.Now(), version, after); err != nil {
		b.Abort()
		return fmt.Errorf("pending_refresh row: %w", err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert pending_refresh: %w", err)
	}
	return nil
}

// settlePending records that the files' pairs and months are refreshed, by the refresh of
// version (above every mark made before it started).
func (s *Store) settlePending(ctx context.Context, files []uint64, version uint64) error {
	if len(files) == 0 {
		return nil
	}
	if err := s.Conn.Exec(ctx, qSettlePending, files, version); err != nil {
		return fmt.Errorf("settle pending_refresh: %w", err)
	}
	return nil
}

// Pending returns the refreshes recorded by MarkPending and not yet settled: the pairs (or
// whole months, for files recorded before pairs were) to refresh, with the files they
// settle and the lowest version reserved before their pairs were read.
func (s *Store) Pending(ctx context.Context) (Changes, error) {
	var ch Changes
	rows, err := s.Conn.Query(ctx, qPendingOpen)
	if err != nil {
		return ch, fmt.Errorf("read pending_refresh: %w", err)
	}
	defer rows.Close()
	var withPairs []uint64
	for rows.Next() {
		var id uint64
		var kind string
		var months []time.Time
		var after uint64
		if err := rows.Scan(&id, &kind, &months, &after); err != nil {
			return ch, fmt.Errorf("read pending_refresh: %w", err)
		}
		ch.Add(campaign.Kind(kind), time.Time{})
		ch.Files = append(ch.Files, id)
		if after > 0 {
			withPairs = append(withPairs, id)
			ch.AddAfter(after)
			continue
		}
		for _, m := range months {
			ch.Add(campaign.Kind(kind), m)
		}
	}
	if err := rows.Err(); err != nil {
		return ch, fmt.Errorf("read pending_refresh: %w", err)
	}
	rows.Close()
	if len(withPairs) > 0 {
		add := func(m time.Time, c string) { ch.Pairs[Pair{monthStart(m), c}] = true }
		if err := s.scanMonthPairs(ctx, qPendingPairs, []any{withPairs}, add); err != nil {
			return ch, fmt.Errorf("read refresh_pairs: %w", err)
		}
	}
	return ch, nil
}

// RefreshPending completes the refreshes a process recorded (MarkPending) and did not
// finish because it died or was stopped: Open calls it, so every process that opens the
// warehouse shows figures that match the loaded rows. It returns how many files' months
// it refreshed.
func (s *Store) RefreshPending(ctx context.Context) (int, error) {
	ch, err := s.Pending(ctx)
	if err != nil || len(ch.Files) == 0 {
		return 0, err
	}
	s.Log.WithFields(logrus.Fields{"files": len(ch.Files), "months": len(ch.Months), "pairs": len(ch.Pairs)}).
		Warn("completing the refresh of files loaded by a process that stopped before refreshing them")
	if err := s.Refresh(ctx, ch); err != nil {
		return 0, fmt.Errorf("complete pending refresh: %w", err)
	}
	return len(ch.Files), nil
}
