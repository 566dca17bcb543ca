package warehouse

import (
	"context"
	"fmt"
	"time"

	fsql "fullemp/sql"
)

var qPendingOpen = fsql.MustQuery("pending_refresh_open")

// pendingMark is one refresh owed: a month a file loaded rows for.
type pendingMark struct {
	fileID  uint64
	month   time.Time
	version uint64
}

// MarkPending records durably, before a file counts as done, the months it loaded rows
// for: should the process die before its refresh, the next process that opens the
// warehouse refreshes them (CompletePending).
func (s *Store) MarkPending(ctx context.Context, fileID uint64, months []time.Time) error {
	if len(months) == 0 {
		return nil
	}
	marks := make([]pendingMark, len(months))
	v := uint64(time.Now().UnixNano())
	for i, m := range months {
		marks[i] = pendingMark{fileID: fileID, month: monthStart(m), version: v}
	}
	return s.writeMarks(ctx, marks, 0)
}

func (s *Store) writeMarks(ctx context.Context, marks []pendingMark, cleared uint8) error {
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO pending_refresh (file_id, month, cleared, version)")
	if err != nil {
		return fmt.Errorf("record pending refresh: %w", err)
	}
	defer b.Close()
	for _, m := range marks {
		v := m.version
		if cleared == 1 {
			v++ // above the mark it clears, and below any later mark of the same file
		}
		if err := b.Append(m.fileID, m.month, cleared, v); err != nil {
			return fmt.Errorf("record pending refresh: %w", err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("record pending refresh: %w", err)
	}
	return nil
}

// openMarks returns the refreshes owed.
func (s *Store) openMarks(ctx context.Context) ([]pendingMark, error) {
	rows, err := s.Conn.Query(ctx, qPendingOpen)
	if err != nil {
		return nil, fmt.Errorf("read pending refreshes: %w", err)
	}
	defer rows.Close()
	var out []pendingMark
	for rows.Next() {
		var m pendingMark
		if err := rows.Scan(&m.fileID, &m.month, &m.version); err != nil {
			return nil, fmt.Errorf("read pending refreshes: %w", err)
		}
		m.month = monthStart(m.month)
		out = append(out, m)
	}
	return out, rows.Err()
}

// CompletePending refreshes the months that a process which died after loading files
// (and before their refresh) left owed, and returns how many months it refreshed. Open
// calls it, so any fullemp process that opens the warehouse puts the figures right first.
func (s *Store) CompletePending(ctx context.Context) (int, error) {
	marks, err := s.openMarks(ctx)
	if err != nil || len(marks) == 0 {
		return 0, err
	}
	seen := map[time.Time]bool{}
	var months []time.Time
	for _, m := range marks {
		if !seen[m.month] {
			seen[m.month] = true
			months = append(months, m.month)
		}
	}
	s.Log.WithField("months", len(months)).Warn("completing the refresh of months loaded by a process that stopped before refreshing them")
	if err := s.refreshMonths(ctx, months); err != nil {
		return 0, fmt.Errorf("complete pending refresh: %w", err)
	}
	return len(months), nil
}
