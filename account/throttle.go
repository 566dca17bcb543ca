package account

import (
	"fmt"
	"sync"
	"time"
)

// ThrottleConfig is the login throttle's configuration (section login of fullemp.yaml).
// Failed logins are counted per user name (whatever the address) and per address (over
// every user name tried from it): past a few, each failure makes the next attempt wait
// longer; past more, the name or address is locked out for a while. A successful login
// resets its user name's count.
type ThrottleConfig struct {
	// FreeFailures is how many failed logins of one user name are answered without a
	// wait (login.free_failures). Default 3.
	FreeFailures int `yaml:"free_failures"`
	// LockoutFailures is the failed login of one user name that locks it out for Lockout
	// (login.lockout_failures). Default 10.
	LockoutFailures int `yaml:"lockout_failures"`
	// AddressFreeFailures is how many failed logins from one address, whatever the user
	// names, are answered without a wait (login.address_free_failures). Default 10.
	AddressFreeFailures int `yaml:"address_free_failures"`
	// AddressLockoutFailures is the failed login from one address that locks the address
	// out for Lockout (login.address_lockout_failures). Default 30.
	AddressLockoutFailures int `yaml:"address_lockout_failures"`
	// Delay is the wait after the first failure past the free ones; it doubles with each
	// further failure (login.delay). Default 1s.
	Delay time.Duration `yaml:"delay"`
	// MaxDelay is the longest wait between two attempts short of a lockout
	// (login.max_delay). Default 1m.
	MaxDelay time.Duration `yaml:"max_delay"`
	// Lockout is how long a lockout lasts; it is kept in ClickHouse (login_lockouts), so a
	// restart does not lift it (login.lockout). Default 15m.
	Lockout time.Duration `yaml:"lockout"`
	// ForgetAfter is how long after its last failure a count starts again from zero
	// (login.forget_after). Default 1h.
	ForgetAfter time.Duration `yaml:"forget_after"`
}

// DefaultThrottle returns the throttle used when the configuration sets none.
func DefaultThrottle() ThrottleConfig {
	return ThrottleConfig{FreeFailures: 3, LockoutFailures: 10, AddressFreeFailures: 10, AddressLockoutFailures: 30,
		Delay: time.Second, MaxDelay: time.Minute, Lockout: 15 * time.Minute, ForgetAfter: time.Hour}
}

// Validate names the first setting that cannot work.
func (c ThrottleConfig) Validate() error {
	switch {
	case c.FreeFailures < 0:
		return fmt.Errorf("login.free_failures %d: want 0 or more", c.FreeFailures)
	case c.LockoutFailures <= c.FreeFailures:
		return fmt.Errorf("login.lockout_failures %d: want more than login.free_failures (%d)", c.LockoutFailures, c.FreeFailures)
	case c.AddressFreeFailures < 0:
		return fmt.Errorf("login.address_free_failures %d: want 0 or more", c.AddressFreeFailures)
	case c.AddressLockoutFailures <= c.AddressFreeFailures:
		return fmt.Errorf("login.address_lockout_failures %d: want more than login.address_free_failures (%d)", c.AddressLockoutFailures, c.AddressFreeFailures)
	case c.Delay <= 0:
		return fmt.Errorf("login.delay %s: want more than 0", c.Delay)
	case c.MaxDelay < c.Delay:
		return fmt.Errorf("login.max_delay %s: want at least login.delay (%s)", c.MaxDelay, c.Delay)
	case c.Lockout < time.Second:
		return fmt.Errorf("login.lockout %s: want at least 1s", c.Lockout)
	case c.ForgetAfter < c.MaxDelay:
		return fmt.Errorf("login.forget_after %s: want at least login.max_delay (%s)", c.ForgetAfter, c.MaxDelay)
	}
	return nil
}

// What a throttle counts by.
const (
	ByUser    = "user"
	ByAddress = "address"
)

// throttle is the login throttle's state, shared by every request of the process.
// Attempts are admitted under one lock. A wait counts from the last failure; attempts sent
// in parallel could all pass before any of them fails, so an admitted attempt also counts
// towards the lockout until its outcome is known: however many are sent at once, no more
// passwords are tried than the lockout allows (and an office behind one address, logging
// in at nine, is not held back by its own successful logins).
type throttle struct {
	cfg     ThrottleConfig
	mu      sync.Mutex
	tallies map[tallyKey]*tally
	pruneAt int
}

type tallyKey struct{ by, key string }

// tally is one user name's or address's failed logins.
type tally struct {
	failures int
	inflight int       // admitted attempts without an outcome yet
	failed   time.Time // the last failure
	admitted time.Time // the last admitted attempt
	until    time.Time // the end of a lockout
	noted    time.Time // the end of the wait whose first refusal was audited
}

func newThrottle(cfg ThrottleConfig) *throttle {
	return &throttle{cfg: cfg, tallies: map[tallyKey]*tally{}, pruneAt: 4096}
}

// limits returns the free failures and the locking failure of a kind.
func (t *throttle) limits(by string) (free, lock int) {
	if by == ByAddress {
		return t.cfg.AddressFreeFailures, t.cfg.AddressLockoutFailures
	}
	return t.cfg.FreeFailures, t.cfg.LockoutFailures
}

// wait is how long the next attempt waits after n failures.
func (t *throttle) wait(by string, n int) time.Duration {
	free, _ := t.limits(by)
	if n <= free {
		return 0
	}
	d := t.cfg.Delay
	for i := free + 1; i < n && d < t.cfg.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.cfg.MaxDelay)
}

// get returns the tally of key, started afresh when its lockout is over or its failures
// are forgotten.
func (t *throttle) get(by, key string, now time.Time) *tally {
	k := tallyKey{by, key}
	x := t.tallies[k]
	if x == nil {
		x = &tally{}
		t.tallies[k] = x
	}
	if x.inflight == 0 && (!x.until.IsZero() && !now.Before(x.until) || x.until.IsZero() && now.Sub(x.failed) > t.cfg.ForgetAfter) {
		*x = tally{}
	}
	return x
}

// Refusal says why a login attempt was not admitted: by whom (a user name or an
// address), until when, and whether that is a lockout or a wait.
type Refusal struct {
	By       string
	Key      string
	Until    time.Time
	Locked   bool
	Failures int
	// first: the first refusal of this wait or lockout, the one the audit records.
	first bool
}

// refusal returns why x refuses an attempt at now, or nil.
func (t *throttle) refusal(by, key string, x *tally, now time.Time) *Refusal {
	r := &Refusal{By: by, Key: key, Failures: x.failures}
	_, lock := t.limits(by)
	switch wait := x.failed.Add(t.wait(by, x.failures)); {
	case now.Before(x.until):
		r.Until, r.Locked = x.until, true
	case x.failures+x.inflight >= lock: // the attempts in flight would lock it if they fail
		r.Until = x.admitted.Add(t.cfg.Delay)
	case now.Before(wait):
		r.Until = wait
	default:
		return nil
	}
	if !r.Until.After(now) {
		r.Until = now.Add(time.Second)
	}
	if !x.noted.Equal(r.Until) {
		x.noted, r.first = r.Until, true
	}
	return r
}

// admit admits a login attempt of user from addr at now, or refuses it (the user name's
// or the address's refusal, whichever lasts longer).
func (t *throttle) admit(user, addr string, now time.Time) *Refusal {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune(now)
	u, a := t.get(ByUser, user, now), t.get(ByAddress, addr, now)
	ru, ra := t.refusal(ByUser, user, u, now), t.refusal(ByAddress, addr, a, now)
	switch {
	case ru != nil && (ra == nil || !ra.Until.After(ru.Until)):
		return ru
	case ra != nil:
		return ra
	}
	for _, x := range []*tally{u, a} {
		x.inflight++
		x.admitted = now
	}
	return nil
}

// Lockout is a user name or an address locked out after Failures failed logins.
type Lockout struct {
	By       string
	Key      string
	Until    time.Time
	Failures int
}

// Outcome is what a failed login left: the counts, the wait before the next attempt
// and the lockouts it started.
type Outcome struct {
	UserFailures, AddressFailures int
	Wait                          time.Duration
	Locked                        []Lockout
}

// done records the outcome of an admitted attempt: ok (the user name's count starts
// again), a failure (counted, perhaps locking the name or the address out), or neither
// (the password could not be checked: counted as nothing).
func (t *throttle) done(user, addr string, ok, failed bool, now time.Time) Outcome {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out Outcome
	for _, k := range []tallyKey{{ByUser, user}, {ByAddress, addr}} {
		x := t.tallies[k]
		if x == nil {
			continue
		}
		if x.inflight > 0 {
			x.inflight--
		}
		switch {
		case ok && k.by == ByUser:
			delete(t.tallies, k)
		case failed:
			x.failures++
			x.failed = now
			if _, lock := t.limits(k.by); x.failures >= lock {
				x.until = now.Add(t.cfg.Lockout)
				out.Locked = append(out.Locked, Lockout{By: k.by, Key: k.key, Until: x.until, Failures: x.failures})
			}
			if k.by == ByUser {
				out.UserFailures = x.failures
			} else {
				out.AddressFailures = x.failures
			}
			out.Wait = max(out.Wait, t.wait(k.by, x.failures))
		}
	}
	return out
}

// lock restores a lockout (read from ClickHouse at start-up).
func (t *throttle) lock(l Lockout, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	x := t.get(l.By, l.Key, now)
	if l.Until.After(x.until) {
		x.until, x.failures, x.failed = l.Until, l.Failures, now
	}
}

// prune drops the tallies that count nothing any more once there are many (a flood of
// made-up user names), so the map stays as small as the live counts.
func (t *throttle) prune(now time.Time) {
	if len(t.tallies) < t.pruneAt {
		return
	}
	for k, x := range t.tallies {
		if x.inflight == 0 && (x.until.IsZero() && now.Sub(x.failed) > t.cfg.ForgetAfter || !x.until.IsZero() && !now.Before(x.until)) {
			delete(t.tallies, k)
		}
	}
	t.pruneAt = max(4096, 2*len(t.tallies))
}
