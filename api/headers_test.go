package api

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"fullemp/bulletin"
	"fullemp/standard"
)

// TestSecurityHeaders: pages, the login page, the API, exports, assets and errors all
// carry the CSP (frame-ancestors 'none', no 'unsafe-inline' for scripts), nosniff and
// Referrer-Policy; every inline script of a page carries the response's nonce, a new one
// per response; a bulletin's stored HTML gets its <style> by hash and no script.
func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	f.srv.EnableBulletins(f.store.Conn, standard.Default(), bulletin.DefaultOptions())
	get := func(path, user string) (int, func(string) string, string) {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		if user != "" {
			req.Header.Set("Authorization", "Bearer "+f.tokens[user])
		}
		resp, err := f.srv.App().Test(req, 60_000)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get, string(b)
	}
	for _, tc := range []struct {
		path, user string
		code       int
	}{
		{"/region/3301?month=" + testMonth, "city", 200},
		{"/region/" + commA + "?month=" + testMonth, "community", 200},
		{"/login", "", 200},
		{"/api/v1/me", "city", 200},
		{"/api/v1/me", "", 401},
		{"/export/league.csv?region=3301&month=" + testMonth, "city", 200},
		{f.srv.dash.Assets.URL("echarts.min.js"), "", 200},
		{f.srv.dash.Assets.URL("app.css"), "", 200},
		{"/api/v1/openapi.yaml", "", 200},
		{"/no/such/page", "city", 404},
		{"/region/" + distB, "district", 403},
	} {
		code, h, _ := get(tc.path, tc.user)
		if code != tc.code {
			t.Errorf("GET %s = %d, want %d", tc.path, code, tc.code)
		}
		csp := h("Content-Security-Policy")
		for _, want := range []string{"frame-ancestors 'none'", "default-src 'self'", "object-src 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy %q lacks %s", tc.path, csp, want)
			}
		}
		if scripts := directive(csp, "script-src"); !strings.HasPrefix(scripts, "script-src 'self' 'nonce-") || strings.Contains(scripts, "unsafe") {
			t.Errorf("GET %s: %q, want the server's own scripts and a nonce only", tc.path, scripts)
		}
		if got := h("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", tc.path, got)
		}
		if got := h("Referrer-Policy"); got != "same-origin" {
			t.Errorf("GET %s: Referrer-Policy %q", tc.path, got)
		}
		if got := h("X-Frame-Options"); got != "DENY" {
			t.Errorf("GET %s: X-Frame-Options %q", tc.path, got)
		}
	}

	// The page's inline scripts carry the header's nonce; the next response has another.
	inline := regexp.MustCompile(`<script\b([^>]*)>`)
	var nonces []string
	for i := 0; i < 2; i++ {
		_, h, body := get("/region/3301?month="+testMonth, "city")
		m := regexp.MustCompile(`'nonce-([A-Za-z0-9+/=]+)'`).FindStringSubmatch(h("Content-Security-Policy"))
		if m == nil {
			t.Fatalf("the overview's policy has no nonce: %q", h("Content-Security-Policy"))
		}
		nonce := m[1]
		nonces = append(nonces, nonce)
		n := 0
		for _, m := range inline.FindAllStringSubmatch(body, -1) {
			if strings.Contains(m[1], "src=") {
				continue
			}
			n++
			if m[1] != ` nonce="`+nonce+`"` {
				t.Errorf("inline script <script%s>, want the response's nonce %s", m[1], nonce)
			}
		}
		if n == 0 {
			t.Fatal("the overview has no inline script: the charts' scripts are gone")
		}
		if strings.Contains(body, `style="width:`) {
			t.Error("a chart container keeps its style attribute, which style-src 'self' refuses")
		}
	}
	if nonces[0] == nonces[1] || len(nonces[0]) < 20 {
		t.Errorf("nonces %q: want a new one of 16 random bytes per response", nonces)
	}

	// A bulletin's HTML: its own <style> by hash, no script at all.
	code, h, body := get("/api/v1/bulletins/3301/2009-12?vintage=draft&format=html", "city")
	if code != 200 {
		t.Fatalf("bulletin html = %d: %.200s", code, body)
	}
	style := body[strings.Index(body, "<style>")+len("<style>") : strings.Index(body, "</style>")]
	sum := sha256.Sum256([]byte(style))
	csp := h("Content-Security-Policy")
	if want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(directive(csp, "style-src"), want) ||
		directive(csp, "script-src") != "script-src 'none'" || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("bulletin html: Content-Security-Policy %q, want style-src with %s and script-src 'none'", csp, want)
	}
}

// directive returns the directive name of a policy ("" when absent).
func directive(csp, name string) string {
	for _, d := range strings.Split(csp, ";") {
		if d = strings.TrimSpace(d); strings.HasPrefix(d, name+" ") {
			return d
		}
	}
	return ""
}

// TestCSPBrowser opens every kind of page in headless Chromium under the policy: no CSP
// violation is reported (neither in the browser's log nor as a securitypolicyviolation
// event), every chart draws a canvas of its height, a chart's tooltip (markup with style
// attributes) shows, and a published bulletin keeps its style sheet.
func TestCSPBrowser(t *testing.T) {
	f := newFixture(t)
	f.srv.EnableBulletins(f.store.Conn, standard.Default(), bulletin.DefaultOptions())
	base := serveLoopback(t, f)
	bctx := startChromium(t, 1400)
	var mu sync.Mutex
	var problems []string
	if err := chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdplog.EventEntryAdded:
			// Network errors are the expected 404s (/no/such/page, /favicon.ico).
			if e := ev.Entry; e.Source != cdplog.EntrySourceNetwork && (e.Level == cdplog.EntryLevelError || e.Level == cdplog.EntryLevelWarning || strings.Contains(e.Text, "Content Security Policy")) {
				problems = append(problems, fmt.Sprintf("log %s %s: %s (%s)", e.Source, e.Level, e.Text, e.URL))
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == "error" || ev.Type == "warning" {
				problems = append(problems, fmt.Sprintf("console.%s", ev.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception "+ev.ExceptionDetails.Text)
		}
	}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	// Every document records the violations it sees, whatever its policy allows.
	if err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber); });`})
		return chromedp.Void{}, err
	}); err != nil {
		t.Fatal(err)
	}
	violations := func(where string) {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || ["no violation listener"]`))
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		for _, x := range v {
			t.Errorf("%s: CSP violation %s", where, x)
		}
	}
	if err := chromedp.Do(ctx, logIn(base, "city", "header.top")...); err != nil {
		t.Fatalf("log in: %v", err)
	}
	violations("login and overview")
	for _, path := range []string{"/region/3301?month=" + testMonth, "/region/" + distA + "?month=" + testMonth,
		"/region/" + streetA + "?month=" + testMonth, "/region/" + commA + "?month=" + testMonth} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible("main"), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => { const cs = Array.from(document.querySelectorAll("[data-chart]"));
			return [cs.length, cs.filter(c => { const v = c.querySelector("canvas"); return v && v.getBoundingClientRect().height >= 200; }).length]; })()`))
		if err != nil {
			t.Fatalf("%s: count charts: %v", path, err)
		}
		if n[0] == 0 || n[0] != n[1] {
			t.Errorf("%s: %d chart containers, %d with a canvas of its height", path, n[0], n[1])
		}
		// A tooltip: ECharts writes it as markup with style attributes.
		tip, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector("[data-chart] .item");
			echarts.getInstanceByDom(el).dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: 0});
			const d = Array.from(el.querySelectorAll("div")).find(d => d.innerText.trim() !== "" && getComputedStyle(d).position === "absolute");
			return !!d && !!d.querySelector("span[style]"); })()`))
		if err != nil || !tip {
			t.Errorf("%s: no styled tooltip (%v)", path, err)
		}
		violations(path)
	}
	for _, path := range []string{"/upload", "/audit", "/no/such/page"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible("main")); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		violations(path)
	}
	// The bulletin: its <style> applies (the masthead's title is red).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/api/v1/bulletins/3301/2009-12?vintage=draft&format=html")); err != nil {
		t.Fatalf("bulletin: %v", err)
	}
	if color, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".masthead h1")).color`)); err != nil || color != "rgb(187, 34, 34)" {
		t.Errorf("bulletin: title colour %q (%v), want its style sheet's #b22", color, err)
	}
	violations("bulletin")
	mu.Lock()
	for _, p := range problems {
		t.Errorf("browser: %s", p)
	}
	problems = nil
	mu.Unlock()

	// The control: an inline script without the nonce, added to a page, does not run, and
	// both the event and the browser's log report it (so the checks above could see one).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/region/3301?month="+testMonth), chromedp.WaitVisible("main")); err != nil {
		t.Fatal(err)
	}
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.createElement("script");
		s.textContent = "window.__ran = true"; document.head.appendChild(s); return !!window.__ran; })()`))
	if err != nil || ran {
		t.Errorf("an inline script without the nonce ran (%v)", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.__csp.length > 0`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("no securitypolicyviolation event for the script without the nonce: %v", err)
	}
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(problems) == 0 {
		t.Error("the browser's log did not report the script without the nonce")
	}
}
