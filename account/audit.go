package account

import (
	"context"
	"fmt"
	"time"

	fsql "fullemp/sql"
)

// The audited actions.
const (
	ActionLogin       = "login"
	ActionLoginFailed = "login_failed"
	ActionResidents   = "view_residents"
	ActionVerify      = "view_verification"
	ActionExport      = "export"
	ActionUpload      = "upload"
	ActionPublish     = "publish_bulletin"
)

// Event is one row of the audit trail.
type Event struct {
	At     time.Time `json:"at"`
	User   string    `json:"user"`
	Role   string    `json:"role"`
	Region string    `json:"region"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Detail string    `json:"detail"`
	Remote string    `json:"remote"`
}

// Record appends an event for principal p (the zero Principal for a failed login, with
// user set by the caller in detail).
func (a *Accounts) Record(ctx context.Context, p Principal, action, target, detail, remote string) error {
	batch, err := a.conn.PrepareBatch(ctx, "INSERT INTO audit (at, user, role, region, action, target, detail, remote)")
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	defer batch.Close()
	if err := batch.Append(time.Now(), p.User, string(p.Role), p.Region, action, target, detail, remote); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// Audit returns the latest events, newest first, at most limit.
func (a *Accounts) Audit(ctx context.Context, limit int) ([]Event, error) {
	if limit <= 0 || limit > 10000 {
		limit = 500
	}
	rows, err := a.conn.Query(ctx, qAuditRecent, limit)
	if err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.User, &e.Role, &e.Region, &e.Action, &e.Target, &e.Detail, &e.Remote); err != nil {
			return nil, fmt.Errorf("read audit: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Queries of sql/queries read by this file.
var (
	qAuditRecent = fsql.MustQuery("audit_recent")
)
