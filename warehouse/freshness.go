package warehouse

import (
	"context"
	"fmt"
	"time"

	fsql "fullemp/sql"
)

// LastIngested returns when a file was last ingested into the warehouse (the latest
// 'done' of ingest_log, by any process); ok is false when none has been.
func (s *Store) LastIngested(ctx context.Context) (at time.Time, ok bool, err error) {
	var n uint64
	if err := s.Conn.QueryRow(ctx, qLastDone).Scan(&n, &at); err != nil {
		return time.Time{}, false, fmt.Errorf("read the last ingest: %w", err)
	}
	if n == 0 {
		return time.Time{}, false, nil
	}
	return at, true, nil
}

// LastLedgerMonths returns each community's latest month with a ledger (first day, UTC);
// a community that never sent one is absent.
func (s *Store) LastLedgerMonths(ctx context.Context) (map[string]time.Time, error) {
	if err := s.ensureAggregates(ctx); err != nil {
		return nil, err
	}
	rows, err := s.Conn.Query(ctx, qLastLedger)
	if err != nil {
		return nil, fmt.Errorf("read the communities' last ledger months: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var code string
		var m time.Time
		if err := rows.Scan(&code, &m); err != nil {
			return nil, fmt.Errorf("read the communities' last ledger months: %w", err)
		}
		out[code] = monthStart(m)
	}
	return out, rows.Err()
}

var (
	qLastDone   = fsql.MustQuery("ingest_last_done")
	qLastLedger = fsql.MustQuery("community_last_ledger")
)
