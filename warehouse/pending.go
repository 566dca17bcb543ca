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

var qPendingOpen = fsql.MustQuery("pending_refresh_open")

// MarkPending records durably that the file fileID of kind k touched months, before the
// file counts as done: until a refresh publishes them (Refresh with the file in
// Changes.Files), every process that opens the warehouse refreshes them first, so a
// process that dies between 'done' and the end of its refresh leaves no stale figure.
func (s *Store) MarkPending(ctx context.Context, fileID uint64, k campaign.Kind, months []time.Time) error {
	days := make([]time.Time, 0, len(months))
	for _, m := range months {
		days = append(days, time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC))
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	return s.writePending(ctx, []uint64{fileID}, string(k), days, 1)
}

// settlePending records that the files' months are refreshed.
func (s *Store) settlePending(ctx context.Context, files []uint64) error {
	if len(files) == 0 {
		return nil
	}
	return s.writePending(ctx, files, "", []time.Time{}, 0)
}

func (s *Store) writePending(ctx context.Context, files []uint64, kind string, months []time.Time, pending uint8) error {
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO pending_refresh (file_id, kind, months, pending, at, version)")
	if err != nil {
		return fmt.Errorf("prepare pending_refresh insert: %w", err)
	}
	defer b.Close()
	now := time.Now()
	for _, id := range files {
		if err := b.Append(id, kind, months, pending, now, nextVersion()); err != nil {
			b.Abort()
			return fmt.Errorf("pending_refresh row: %w", err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert pending_refresh: %w", err)
	}
	return nil
}

// Pending returns the refreshes recorded by MarkPending and not yet settled: the months
// and kinds to refresh, with the files they settle.
func (s *Store) Pending(ctx context.Context) (Changes, error) {
	var ch Changes
	rows, err := s.Conn.Query(ctx, qPendingOpen)
	if err != nil {
		return ch, fmt.Errorf("read pending_refresh: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uint64
		var kind string
		var months []time.Time
		if err := rows.Scan(&id, &kind, &months); err != nil {
			return ch, fmt.Errorf("read pending_refresh: %w", err)
		}
		for _, m := range months {
			ch.Add(campaign.Kind(kind), m)
		}
		ch.Add(campaign.Kind(kind), time.Time{})
		ch.Files = append(ch.Files, id)
	}
	return ch, rows.Err()
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
	s.Log.WithFields(logrus.Fields{"files": len(ch.Files), "months": len(ch.Months)}).
		Warn("completing the refresh of files loaded by a process that stopped before refreshing them")
	if err := s.Refresh(ctx, ch); err != nil {
		return 0, fmt.Errorf("complete pending refresh: %w", err)
	}
	return len(ch.Files), nil
}
