package account

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func testThrottle() *throttle {
	return newThrottle(ThrottleConfig{FreeFailures: 2, LockoutFailures: 5, AddressFreeFailures: 6, AddressLockoutFailures: 8,
		Delay: time.Second, MaxDelay: 4 * time.Second, Lockout: time.Minute, ForgetAfter: time.Hour})
}

// TestThrottleSteps walks one user name and address through the policy with a clock of
// its own: free failures, waits that double, refusals during a wait (even for the right
// password, which is never checked), the lockout, its end, and a success that resets the
// user's count but not the address's.
func TestThrottleSteps(t *testing.T) {
	th := testThrottle()
	t0 := time.Date(2009, 12, 1, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	type step struct {
		at      time.Duration
		user    string
		outcome string // "fail", "ok", or "" (refused: wantUntil, wantLock)
		until   time.Duration
		locked  bool
		by      string
	}
	for i, s := range []step{
		{0, "wang", "fail", 0, false, ""},
		{0, "wang", "fail", 0, false, ""},
		{0, "wang", "fail", 0, false, ""}, // the third failure: the next waits 1s
		{500 * time.Millisecond, "wang", "", time.Second, false, ByUser},
		{time.Second, "wang", "fail", 0, false, ""}, // the fourth: 2s
		{2 * time.Second, "wang", "", 3 * time.Second, false, ByUser},
		{3 * time.Second, "wang", "fail", 0, false, ""}, // the fifth locks wang out for a minute
		{4 * time.Second, "wang", "", 63 * time.Second, true, ByUser},
		{62 * time.Second, "wang", "", 63 * time.Second, true, ByUser},
		// Another name from the same address: the address has 5 failures, frees 6.
		{5 * time.Second, "li", "fail", 0, false, ""},
		{5 * time.Second, "li", "fail", 0, false, ""}, // the address's seventh: 1s
		{5 * time.Second, "zhao", "", 6 * time.Second, false, ByAddress},
		{6 * time.Second, "zhao", "fail", 0, false, ""}, // the eighth locks the address
		{7 * time.Second, "zhou", "", 66 * time.Second, true, ByAddress},
		// Both lockouts over: wang logs in; a failure after it is free again.
		{66 * time.Second, "wang", "ok", 0, false, ""},
		{66 * time.Second, "wang", "fail", 0, false, ""},
		{66 * time.Second, "wang", "fail", 0, false, ""},
	} {
		r := th.admit(s.user, "10.0.0.7", at(s.at))
		if s.outcome == "" {
			if r == nil || !r.Until.Equal(at(s.until)) || r.Locked != s.locked || r.By != s.by {
				t.Fatalf("step %d (%s at %s): refusal %+v, want until %s locked %v by %s", i, s.user, s.at, r, s.until, s.locked, s.by)
			}
			continue
		}
		if r != nil {
			t.Fatalf("step %d (%s at %s): refused %+v, want admitted", i, s.user, s.at, r)
		}
		out := th.done(s.user, "10.0.0.7", s.outcome == "ok", s.outcome == "fail", at(s.at))
		if i == 6 && (len(out.Locked) != 1 || out.Locked[0].By != ByUser || !out.Locked[0].Until.Equal(at(63*time.Second))) {
			t.Errorf("fifth failure: %+v, want wang locked until +63s", out)
		}
		if i == 12 && (len(out.Locked) != 1 || out.Locked[0].By != ByAddress || out.AddressFailures != 8) {
			t.Errorf("the address's eighth failure: %+v, want the address locked", out)
		}
		if i == 16 && (out.UserFailures != 2 || out.Wait != 0) {
			t.Errorf("after the reset: %+v, want wang's second free failure", out)
		}
	}
	// Another address is not held back by this one's lockout, a name's is.
	if r := th.admit("li", "10.0.0.8", at(10*time.Second)); r != nil {
		t.Errorf("li from another address: %+v", r)
	}
}

// TestThrottleParallel: attempts admitted at one instant by many goroutines count towards
// the lockout until their outcome is known, so no more get through than the lockout
// allows (five), and when they fail the name is locked out.
func TestThrottleParallel(t *testing.T) {
	th := testThrottle()
	now := time.Date(2009, 12, 1, 9, 0, 0, 0, time.UTC)
	var admitted atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if th.admit("wang", "10.0.0.7", now) == nil {
				admitted.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := admitted.Load(); n != 5 {
		t.Fatalf("%d of 200 parallel attempts admitted, want 5 (the lockout's failures)", n)
	}
	if r := th.admit("wang", "10.0.0.7", now.Add(500*time.Millisecond)); r == nil || r.Locked || !r.Until.Equal(now.Add(time.Second)) {
		t.Errorf("while five are in flight: %+v, want a refusal until +1s", r)
	}
	var locked []Lockout
	for i := 0; i < 5; i++ {
		locked = append(locked, th.done("wang", "10.0.0.7", false, true, now).Locked...)
	}
	if len(locked) != 1 || locked[0].By != ByUser || locked[0].Failures != 5 {
		t.Errorf("five parallel failures locked %+v, want wang", locked)
	}
	if r := th.admit("wang", "10.0.0.8", now.Add(time.Second)); r == nil || !r.Locked {
		t.Errorf("after the five failures: %+v, want the lockout", r)
	}
}

// TestThrottleBusyAddress: many logins in parallel from one address (an office behind
// one NAT) that succeed do not hold each other back.
func TestThrottleBusyAddress(t *testing.T) {
	th := testThrottle()
	now := time.Date(2009, 12, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 8; i++ { // as many as the address's lockout (8), past its free failures (6)
		if r := th.admit(fmt.Sprintf("user%d", i), "10.0.0.7", now); r != nil {
			t.Fatalf("login %d in parallel: %+v", i, r)
		}
	}
	for i := 0; i < 8; i++ {
		th.done(fmt.Sprintf("user%d", i), "10.0.0.7", true, false, now)
	}
	if r := th.admit("user9", "10.0.0.7", now); r != nil {
		t.Errorf("after eight successful logins: %+v", r)
	}
}

// TestThrottleRestore: a lockout read back from ClickHouse refuses at once, and ends.
func TestThrottleRestore(t *testing.T) {
	th := testThrottle()
	now := time.Date(2009, 12, 1, 9, 0, 0, 0, time.UTC)
	th.lock(Lockout{By: ByUser, Key: "wang", Until: now.Add(time.Minute), Failures: 5}, now)
	if r := th.admit("wang", "10.0.0.9", now); r == nil || !r.Locked || !r.first {
		t.Errorf("restored lockout: %+v", r)
	}
	if r := th.admit("wang", "10.0.0.9", now.Add(time.Second)); r == nil || r.first {
		t.Errorf("second refusal of one lockout: %+v, want it not audited again", r)
	}
	if r := th.admit("wang", "10.0.0.9", now.Add(time.Minute)); r != nil {
		t.Errorf("after the lockout: %+v", r)
	}
}
