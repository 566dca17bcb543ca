package api

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"fullemp/account"
	"fullemp/warehouse/whtest"
)

// loginBrowser is a browser on a loopback address of its own (127.0.0.N), so that the
// server sees the address a real connection comes from.
type loginBrowser struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func newLoginBrowser(t *testing.T, base, ip string) *loginBrowser {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	jar, _ := cookiejar.New(nil)
	return &loginBrowser{t: t, base: base, hc: &http.Client{
		Transport:     &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true},
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// login opens the login page and sends its form as that page would; it returns the
// status, the Retry-After header, the page's notice and whether a session cookie came.
func (b *loginBrowser) login(user, password string) (code int, retry, notice string, session bool) {
	b.t.Helper()
	resp, err := b.hc.Get(b.base + "/login")
	if err != nil {
		b.t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]*)"`).FindSubmatch(page)
	if m == nil {
		b.t.Fatalf("login page without its token: %s", page)
	}
	form := url.Values{"username": {user}, "password": {password}, "csrf": {string(m[1])}}
	req, _ := http.NewRequest("POST", b.base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err = b.hc.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if n := regexp.MustCompile(`<p class="error">([^<]*)</p>`).FindSubmatch(body); n != nil {
		notice = string(n[1])
	}
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			session = true
		}
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), notice, session
}

// TestLoginThrottle is a brute-force run over real connections from two loopback
// addresses: wrong passwords for one user from one address are answered at once, then
// with waits that grow (429 with Retry-After 2, then 4), then the user is locked out
// (429, even for the right password and from another address); another user from the
// same address is held back by the address's count after more failures, until the
// address too is locked out (while a third user logs in from another address). Every
// failure, the first refusal of each wait and each lockout are audited; the lockouts
// survive a restart (a new Accounts on the database); when they are over, the right
// password logs in and the user's count starts again.
func TestLoginThrottle(t *testing.T) {
	f := newFixture(t)
	cfg := account.ThrottleConfig{FreeFailures: 2, LockoutFailures: 5, AddressFreeFailures: 6, AddressLockoutFailures: 8,
		Delay: 2 * time.Second, MaxDelay: 4 * time.Second, Lockout: 5 * time.Second, ForgetAfter: time.Hour}
	f.acc.Throttle = cfg
	base := serveLoopback(t, f)
	a, b := newLoginBrowser(t, base, "127.0.0.2"), newLoginBrowser(t, base, "127.0.0.3")
	step := func(name string, br *loginBrowser, user, password string, wantCode int, wantRetry string) {
		t.Helper()
		code, retry, notice, session := br.login(user, password)
		if code != wantCode || retry != wantRetry {
			t.Fatalf("%s: %d Retry-After %q (%s), want %d Retry-After %q", name, code, retry, notice, wantCode, wantRetry)
		}
		if code == http.StatusTooManyRequests {
			zh, en := strings.Index(notice, "登录失败次数过多"), strings.Index(notice, "too many failed logins")
			if zh < 0 || en < zh {
				t.Errorf("%s: notice %q, want Chinese first, then English", name, notice)
			}
		}
		if session != (code == http.StatusSeeOther) {
			t.Errorf("%s: %d with session cookie %v", name, code, session)
		}
	}
	const wrong = "Wrong-Horse-99"
	step("1st wrong", a, "street", wrong, 401, "")
	step("2nd wrong", a, "street", wrong, 401, "")
	step("3rd wrong", a, "street", wrong, 401, "")
	step("at once after the 3rd", a, "street", wrong, 429, "2")
	time.Sleep(2100 * time.Millisecond)
	step("4th wrong", a, "street", wrong, 401, "")
	step("at once after the 4th", a, "street", wrong, 429, "4")
	time.Sleep(4100 * time.Millisecond)
	step("5th wrong: locked out", a, "street", wrong, 429, "5")
	step("right password, locked out", a, "street", testPassword, 429, "5")
	step("right password from another address", b, "street", testPassword, 429, "5")
	// A restart while the lockout lasts: a new Accounts reads it back from ClickHouse (at
	// its first login, so each check is a restart of its own).
	stillLocked := func(user, addr string) {
		t.Helper()
		restarted := account.New(f.store.Conn, whtest.Log())
		restarted.Throttle = cfg
		var te *account.ThrottledError
		if _, err := restarted.Login(context.Background(), user, testPassword, addr); !errors.As(err, &te) || !te.Locked {
			t.Errorf("after a restart, %s from %s: %v, want the lockout", user, addr, err)
		}
	}
	stillLocked("street", "127.0.0.9")

	// The address: street's five failures, then district's.
	step("district 1st wrong (address 6th)", a, "district", wrong, 401, "")
	step("district 2nd wrong (address 7th)", a, "district", wrong, 401, "")
	step("district at once: the address waits", a, "district", testPassword, 429, "2")
	time.Sleep(2100 * time.Millisecond)
	step("district 3rd wrong (address 8th): address locked out", a, "district", wrong, 429, "5")
	step("city from the locked address", a, "city", testPassword, 429, "5")
	stillLocked("city", "127.0.0.2")
	step("city from another address", b, "city", testPassword, 303, "")

	// The audit trail.
	events, err := f.acc.Audit(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range events {
		if e.Remote == "127.0.0.2" || e.Remote == "127.0.0.3" {
			count[e.Action+" "+e.User+" "+e.Target]++
		}
	}
	for k, want := range map[string]int{
		"login_failed street ":                       5,
		"login_failed district ":                     3,
		"login_throttled street user street":         3, // the two waits and the lockout (its first refusal only)
		"login_throttled district address 127.0.0.2": 1,
		"login_throttled city address 127.0.0.2":     2, // the browser's, and the restarted process's first refusal
		"login_locked street user street":            1,
		"login_locked district address 127.0.0.2":    1,
		"login_throttled district user district":     0,
		"login city 3301":                            1,
	} {
		if count[k] != want {
			t.Errorf("audit: %d × %q, want %d (all: %v)", count[k], k, want, count)
		}
	}

	// The lockouts end; the right password logs in and street's count starts again.
	time.Sleep(5200 * time.Millisecond)
	step("street after the lockouts", a, "street", testPassword, 303, "")
	step("street wrong after the reset", a, "street", wrong, 401, "")
	step("street wrong again: still free", a, "street", wrong, 401, "")
}
