package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestLoginSession: a wrong password is 401 and audited; a right one sets an HttpOnly,
// SameSite=Lax session cookie that opens the pages; logout ends it.
func TestLoginSession(t *testing.T) {
	f := newFixture(t)
	post := func(form url.Values, _ string) *http.Response { return f.postLogin(t, form) }
	get := func(path, cookie string) int {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Cookie", cookie)
		resp, err := f.srv.App().Test(req, 60_000)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	if resp := post(url.Values{"username": {"street"}, "password": {"wrong-password"}}, ""); resp.StatusCode != 401 {
		t.Errorf("wrong password = %d, want 401", resp.StatusCode)
	}
	if resp := post(url.Values{"username": {"nobody"}, "password": {testPassword}}, ""); resp.StatusCode != 401 {
		t.Errorf("unknown user = %d, want 401", resp.StatusCode)
	}
	resp := post(url.Values{"username": {"street"}, "password": {testPassword}, "next": {"/region/" + streetA}}, "")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/region/"+streetA {
		t.Fatalf("login = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	set := resp.Header.Get("Set-Cookie")
	for _, want := range []string{sessionCookie + "=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(set, want) {
			t.Errorf("session cookie %q lacks %s", set, want)
		}
	}
	cookie := strings.SplitN(set, ";", 2)[0]
	if code := get("/region/"+streetA+"?month="+testMonth, cookie); code != 200 {
		t.Errorf("own street page with the session = %d", code)
	}
	if code := get("/region/"+distA+"?month="+testMonth, cookie); code != 403 {
		t.Errorf("parent district page = %d, want 403", code)
	}
	if code := get("/upload", cookie); code != 200 {
		t.Errorf("upload page for a street = %d", code)
	}
	req := httptest.NewRequest("POST", "/logout", strings.NewReader("csrf="+f.sessionToken(t, "/upload", cookie)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://example.com")
	req.Header.Set("Cookie", cookie)
	if _, err := f.srv.App().Test(req, 60_000); err != nil {
		t.Fatal(err)
	}
	if code := get("/region/"+streetA, cookie); code != http.StatusFound {
		t.Errorf("after logout = %d, want a redirect to the login page", code)
	}
	_, body := f.do(t, "city", "GET", "/api/v1/audit", nil, "")
	for _, want := range []string{`"action":"login_failed"`, `"user":"nobody"`, `"action":"login"`} {
		if !strings.Contains(body, want) {
			t.Errorf("audit lacks %s", want)
		}
	}
	// Language switch: English labels on request.
	_, page := f.do(t, "city", "GET", "/region/3301?month="+testMonth+"&lang=en", nil, "")
	if !strings.Contains(page, "District league table") || !strings.Contains(page, `lang="en"`) {
		t.Errorf("English overview lacks its labels")
	}
}
