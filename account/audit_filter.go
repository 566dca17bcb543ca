package account

import (
	"context"
	"fmt"
	"time"

	fsql "fullemp/sql"
)

// The person-level reads audited besides residents and verification lists.
const (
	ActionHouseholds = "view_households"
	ActionPlacements = "view_placements"
)

// AuditFilter selects audit events: by user and action (empty: any), at or after From and
// before To (zero: unbounded), newest first, at most Limit (default 500, at most 100000).
type AuditFilter struct {
	User, Action string
	From, To     time.Time
	Limit        int
}

// AuditWhere returns the events f selects.
func (a *Accounts) AuditWhere(ctx context.Context, f AuditFilter) ([]Event, error) {
	if f.Limit <= 0 {
		f.Limit = 500
	}
	f.Limit = min(f.Limit, 100000)
	from, to := f.From, f.To
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if to.IsZero() {
		to = time.Date(2105, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	rows, err := a.conn.Query(ctx, qAuditFiltered, f.User, f.User, f.Action, f.Action, from.UTC(), to.UTC(), f.Limit)
	if err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.User, &e.Role, &e.Region, &e.Action, &e.Target, &e.Detail, &e.Remote); err != nil {
			return nil, fmt.Errorf("read audit: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

var qAuditFiltered = fsql.MustQuery("audit_filtered")
