package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fullemp/account"
	"fullemp/warehouse/whtest"
)

// loginForm opens the login page as a browser would and returns its pre-session cookie
// and the form's csrf token.
func (f *fixture) loginForm(t *testing.T) (cookie, token string) {
	t.Helper()
	resp, err := f.srv.App().Test(httptest.NewRequest("GET", "/login", nil), 60_000)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.Name == loginCookie {
			cookie = c.Name + "=" + c.Value
		}
	}
	m := regexp.MustCompile(`name="csrf" value="([^"]*)"`).FindStringSubmatch(string(b))
	if cookie == "" || m == nil || m[1] == "" {
		t.Fatalf("login page without its cookie or token: %s", b)
	}
	return cookie, m[1]
}

// sessionToken returns the csrf token of the page at path for a session cookie.
func (f *fixture) sessionToken(t *testing.T, path, cookie string) string {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := f.srv.App().Test(req, 60_000)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`name="csrf" value="([^"]*)"`).FindStringSubmatch(string(b))
	if m == nil || m[1] == "" {
		t.Fatalf("%s without a csrf token (%d)", path, resp.StatusCode)
	}
	return m[1]
}

// postLogin sends the login form as a same-origin browser.
func (f *fixture) postLogin(t *testing.T, form url.Values) *http.Response {
	t.Helper()
	cookie, token := f.loginForm(t)
	form.Set("csrf", token)
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookie)
	req.Header.Set("Origin", "http://example.com") // httptest's host
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := f.srv.App().Test(req, 60_000)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// loginCookie logs user in with password and returns the session cookie ("" on failure).
func (f *fixture) loginCookie(t *testing.T, user, password string) string {
	t.Helper()
	resp := f.postLogin(t, url.Values{"username": {user}, "password": {password}})
	var err error
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 303 {
		return ""
	}
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			return c.Name + "=" + c.Value
		}
	}
	return ""
}

// getAs requests path with a cookie or a bearer token and returns the status.
func (f *fixture) getAs(t *testing.T, path, cookie, token string) int {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := f.srv.App().Test(req, 60_000)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

// TestCredentialsDie: the server's Accounts, and a second one standing for a `fullemp
// user …` command beside it. A removed user's token and session die at the server's next
// Sync; a re-added name (with the city role) does not revive them; a password change
// ends the sessions; revoke ends tokens and sessions, or one token.
func TestCredentialsDie(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cli := account.New(f.store.Conn, whtest.Log())
	cli.BcryptCost = 4
	sync := func() {
		if err := f.acc.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sync()
	oldTok := f.tokens["district"]
	oldSession := f.loginCookie(t, "district", testPassword)
	if oldSession == "" || f.getAs(t, "/api/v1/me", oldSession, "") != 200 || f.getAs(t, "/api/v1/me", "", oldTok) != 200 {
		t.Fatal("district's session and token do not work to begin with")
	}
	if err := cli.Remove(ctx, "district"); err != nil {
		t.Fatal(err)
	}
	sync()
	if c := f.getAs(t, "/api/v1/me", "", oldTok); c != 401 {
		t.Errorf("removed user's token = %d, want 401", c)
	}
	if err := cli.Add(ctx, "district", account.City, "3301", "Another-pass-42"); err != nil {
		t.Fatal(err)
	}
	sync()
	if c := f.getAs(t, "/api/v1/audit", "", oldTok); c != 401 {
		t.Errorf("old district token after the name came back as city: /api/v1/audit = %d, want 401", c)
	}
	if c := f.getAs(t, "/api/v1/me", oldSession, ""); c != 401 {
		t.Errorf("old district session after re-add = %d, want 401", c)
	}
	if f.loginCookie(t, "district", "Another-pass-42") == "" {
		t.Error("the re-added user cannot log in")
	}

	// Password change: sessions end, tokens stay.
	s1 := f.loginCookie(t, "street", testPassword)
	if err := cli.SetPassword(ctx, "street", "Changed-pass-77"); err != nil {
		t.Fatal(err)
	}
	sync()
	if c := f.getAs(t, "/api/v1/me", s1, ""); c != 401 {
		t.Errorf("session after a password change = %d, want 401", c)
	}
	if f.loginCookie(t, "street", testPassword) != "" {
		t.Error("old password still logs in")
	}
	if f.loginCookie(t, "street", "Changed-pass-77") == "" {
		t.Error("new password does not log in")
	}
	if c := f.getAs(t, "/api/v1/me", "", f.tokens["street"]); c != 200 {
		t.Errorf("token after a password change = %d, want 200", c)
	}

	// Revoke one token, then everything of a user.
	extra, err := cli.IssueToken(ctx, "community", "second", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cli.RevokeToken(ctx, extra); err != nil {
		t.Fatal(err)
	}
	sync()
	if c := f.getAs(t, "/api/v1/me", "", extra); c != 401 {
		t.Errorf("revoked token = %d, want 401", c)
	}
	if c := f.getAs(t, "/api/v1/me", "", f.tokens["community"]); c != 200 {
		t.Errorf("the user's other token after revoking one = %d, want 200", c)
	}
	s2 := f.loginCookie(t, "community", testPassword)
	if err := cli.Revoke(ctx, "community"); err != nil {
		t.Fatal(err)
	}
	sync()
	if c := f.getAs(t, "/api/v1/me", "", f.tokens["community"]); c != 401 {
		t.Errorf("token after user revoke = %d, want 401", c)
	}
	if c := f.getAs(t, "/api/v1/me", s2, ""); c != 401 {
		t.Errorf("session after user revoke = %d, want 401", c)
	}
}
