package account

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	fsql "fullemp/sql"
)

// ErrThrottled: too many failed logins of a user name or from an address (429, with
// Retry-After).
var ErrThrottled = errors.New("too many failed logins")

// ThrottledError is a login refused by the throttle, without its password being checked
// (or the failure that started a lockout). Its message is Chinese first, then English.
type ThrottledError struct {
	Refusal
	// At is when it was refused; RetryAfter counts from it.
	At time.Time
}

func (e *ThrottledError) Error() string {
	zh, en := span(e.RetryAfter())
	if e.Locked {
		return fmt.Sprintf("登录失败次数过多，已暂时锁定，请%s后再试 · too many failed logins: locked, try again in %s", zh, en)
	}
	return fmt.Sprintf("登录失败次数过多，请%s后再试 · too many failed logins: try again in %s", zh, en)
}

func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// RetryAfter is the wait before the next attempt can be admitted, in whole seconds (at
// least one), as the Retry-After header says it.
func (e *ThrottledError) RetryAfter() int {
	return max(1, int(math.Ceil(e.Until.Sub(e.At).Seconds())))
}

// span says a number of seconds in Chinese and in English (minutes from two minutes on).
func span(s int) (zh, en string) {
	if s >= 120 {
		m := (s + 59) / 60
		return fmt.Sprintf("%d分钟", m), fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d秒", s), fmt.Sprintf("%d s", s)
}

// The throttle's audited actions (with ActionLoginFailed).
const (
	// ActionLoginThrottled: an attempt refused during a wait or a lockout (the first
	// of each wait or lockout, so a flood of attempts writes one row per wait).
	ActionLoginThrottled = "login_throttled"
	// ActionLoginLocked: a failure that locked a user name or an address out.
	ActionLoginLocked = "login_locked"
)

// Login checks name and password for a login from the address addr under the login
// throttle (Throttle): an attempt during a wait or a lockout of the name or the address is
// refused with a *ThrottledError before the password is looked at, so even the right one
// does not get in; a wrong password is ErrBadLogin, or a *ThrottledError when it starts a
// lockout. Failures, refusals and lockouts go to the audit trail, lockouts also to
// login_lockouts; a successful login starts the name's count again (the caller audits the
// login itself, with the session it starts).
func (a *Accounts) Login(ctx context.Context, name, password, addr string) (User, error) {
	t, err := a.loginThrottle(ctx)
	if err != nil {
		return User{}, err
	}
	now := time.Now()
	if r := t.admit(name, addr, now); r != nil {
		if r.first {
			detail := fmt.Sprintf("retry after %s (%d failures)", r.Until.Sub(now).Round(time.Millisecond), r.Failures)
			if r.Locked {
				detail = fmt.Sprintf("locked until %s (%d failures)", r.Until.Format(time.RFC3339), r.Failures)
			}
			a.audit(ctx, name, ActionLoginThrottled, r.By+" "+r.Key, detail, addr)
		}
		return User{}, &ThrottledError{Refusal: *r, At: now}
	}
	u, err := a.Authenticate(ctx, name, password)
	if err != nil && !errors.Is(err, ErrBadLogin) {
		t.done(name, addr, false, false, time.Now())
		return User{}, err
	}
	now = time.Now()
	out := t.done(name, addr, err == nil, err != nil, now)
	if err == nil {
		return u, nil
	}
	a.audit(ctx, name, ActionLoginFailed, "", fmt.Sprintf("failures: user %d, address %d; next attempt after %s",
		out.UserFailures, out.AddressFailures, out.Wait), addr)
	var locked *Lockout
	for _, l := range out.Locked {
		a.log.WithFields(map[string]any{"by": l.By, "key": l.Key, "until": l.Until, "failures": l.Failures, "remote": addr}).Warn("login lockout")
		if werr := a.writeLockout(ctx, l, now); werr != nil {
			a.log.WithError(werr).Error("record login lockout")
		}
		a.audit(ctx, name, ActionLoginLocked, l.By+" "+l.Key, fmt.Sprintf("locked for %s after %d failures, until %s", a.Throttle.Lockout, l.Failures, l.Until.Format(time.RFC3339)), addr)
		locked = &l
	}
	if locked != nil {
		return User{}, &ThrottledError{Refusal: Refusal{By: locked.By, Key: locked.Key, Until: locked.Until, Locked: true, Failures: locked.Failures}, At: now}
	}
	return User{}, err
}

// audit records a login event for the user name tried; a failure is logged, never shown.
func (a *Accounts) audit(ctx context.Context, name, action, target, detail, addr string) {
	if err := a.Record(context.WithoutCancel(ctx), Principal{User: name}, action, target, detail, addr); err != nil {
		a.log.WithError(err).WithField("action", action).Error("audit")
	}
}

// loginThrottle returns the process's throttle, made from Throttle at the first login
// with the lockouts still running in login_lockouts (read again at the next login when
// ClickHouse cannot answer).
func (a *Accounts) loginThrottle(ctx context.Context) (*throttle, error) {
	a.throttleMu.Lock()
	defer a.throttleMu.Unlock()
	if a.throttle != nil {
		return a.throttle, nil
	}
	t := newThrottle(a.Throttle)
	now := time.Now()
	rows, err := a.conn.Query(ctx, qLoginLockoutsActive, uint32(now.Unix()))
	if err != nil {
		return nil, fmt.Errorf("read login lockouts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l Lockout
		var failures uint32
		if err := rows.Scan(&l.By, &l.Key, &l.Until, &failures); err != nil {
			return nil, fmt.Errorf("read login lockouts: %w", err)
		}
		l.Failures = int(failures)
		t.lock(l, now)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read login lockouts: %w", err)
	}
	a.throttle = t
	return t, nil
}

// writeLockout keeps a lockout in login_lockouts, so that a restart does not lift it.
func (a *Accounts) writeLockout(ctx context.Context, l Lockout, at time.Time) error {
	until := l.Until.Truncate(time.Second)
	if until.Before(l.Until) {
		until = until.Add(time.Second) // DateTime holds seconds: never end it early
	}
	return a.writeCredential(context.WithoutCancel(ctx), "INSERT INTO login_lockouts (at, kind, subject, until, failures)",
		at, l.By, l.Key, until, uint32(l.Failures))
}

// Queries of sql/queries read by this file.
var (
	qLoginLockoutsActive = fsql.MustQuery("login_lockouts_active")
)
