package api

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCSRFRequests: state-changing browser requests need this origin and the session's
// token; Bearer clients need neither.
func TestCSRFRequests(t *testing.T) {
	f := newFixture(t)
	cookie := f.loginCookie(t, "street", testPassword)
	if cookie == "" {
		t.Fatal("no session")
	}
	token := f.sessionToken(t, "/upload", cookie)
	upload := func(headers map[string]string, withToken bool) int {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		if withToken {
			w.WriteField("csrf", token)
		}
		fw, _ := w.CreateFormFile("file", "l.csv")
		fw.Write([]byte(ledgerHeader + "2010-05," + personA + ",张三," + commA + ",H1,employed,Y,Y,N,N,N,N,,N\n"))
		w.Close()
		req := httptest.NewRequest("POST", "/upload", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("Cookie", cookie)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := f.srv.App().Test(req, 60_000)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	for _, tc := range []struct {
		name    string
		headers map[string]string
		token   bool
		want    int
	}{
		{"same site, other origin", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://other.example.com"}, true, 403},
		{"cross site", map[string]string{"Sec-Fetch-Site": "cross-site"}, true, 403},
		{"other Origin, no fetch metadata", map[string]string{"Origin": "http://evil.example"}, true, 403},
		{"no Origin at all", nil, true, 403},
		{"same origin without the token", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}, false, 403},
		{"same origin with the token", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}, true, 200},
	} {
		if got := upload(tc.headers, tc.token); got != tc.want {
			t.Errorf("%s: upload = %d, want %d", tc.name, got, tc.want)
		}
	}
	// Login from another origin, and without the login page's token.
	form := url.Values{"username": {"street"}, "password": {testPassword}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://example.com")
	if resp, _ := f.srv.App().Test(req, 60_000); resp.StatusCode != 403 {
		t.Errorf("login without the form's token = %d, want 403", resp.StatusCode)
	}
	// A Bearer client is not a browser: no token needed.
	if code, res, body := f.upload(t, "street", "b.csv", []byte(ledgerHeader+"2010-06,"+personA+",张三,"+commA+",H1,employed,Y,Y,N,N,N,N,,N\n")); code != 200 || res.Loaded != 1 {
		t.Errorf("Bearer upload = %d: %s", code, body)
	}
}

// TestLoginRedirect: next is a path of this server or nothing.
func TestLoginRedirect(t *testing.T) {
	f := newFixture(t)
	for next, want := range map[string]string{
		"/region/" + streetA:         "/region/" + streetA,
		"/region/3301?month=2009-12": "/region/3301?month=2009-12",
		`/\evil.example/phish`:       "/",
		"//evil.example/phish":       "/",
		"https://evil.example/":      "/",
		"/\t/evil.example":           "/",
		"javascript:alert(1)":        "/",
		"":                           "/",
	} {
		resp := f.postLogin(t, url.Values{"username": {"street"}, "password": {testPassword}, "next": {next}})
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("login with next=%q → %d %q, want %q", next, resp.StatusCode, got, want)
		}
	}
	resp, _ := f.srv.App().Test(httptest.NewRequest("GET", "/login?next=/%5Cevil.example/phish", nil), 60_000)
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if !strings.Contains(b.String(), `name="next" value="/"`) {
		t.Errorf("login page keeps the foreign next: %s", b.String())
	}
}

// TestCSRFBrowser: headless Chromium logged in as the street; a page on another origin of
// the same site (another port of 127.0.0.1) posts an upload and a logout with the
// browser's cookie. Neither takes effect.
func TestCSRFBrowser(t *testing.T) {
	f := newFixture(t)
	base := serveLoopback(t, f)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!DOCTYPE html><html><body><form id="f" method="post" action="` + base + `/logout"></form><script>
var fd = new FormData();
fd.append("file", new Blob(["` + strings.ReplaceAll(ledgerHeader, "\n", `\n`) + `2010-07,` + personA + `,张三,` + commA + `,H1,employed,Y,Y,N,N,N,N,,N\n"], {type: "text/csv"}), "evil.csv");
fetch("` + base + `/upload", {method: "POST", body: fd, credentials: "include", mode: "no-cors"})
  .then(function () { document.title = "sent"; }, function () { document.title = "sent"; });
</script></body></html>`))
	}))
	defer evil.Close()

	bctx := startChromium(t, 0)
	ctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, logIn(base, "street", "header.top")...); err != nil {
		t.Fatalf("log in: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(evil.URL)); err != nil {
		t.Fatalf("the other origin's page: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.title === "sent"`)); err != nil {
		t.Fatalf("the other origin's upload: %v", err)
	}
	if got := f.holder(t, "2010-07-01", personA); got != "" {
		t.Errorf("the other origin's upload loaded a row (in %s)", got)
	}
	// The other origin's logout form, submitted.
	if err := chromedp.Do(ctx, chromedp.Navigate(evil.URL), chromedp.Submit("#f"), chromedp.Sleep(time.Second)); err != nil {
		t.Fatalf("the other origin's logout: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/upload"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	still, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector("header.top")`))
	if !still {
		t.Error("the other origin's logout ended the session")
	}
	// The server's own form still works in the same browser.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/upload"), chromedp.WaitVisible(`input[type=file]`)); err != nil {
		t.Fatal(err)
	}
}
