package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"fullemp/bulletin"
	"fullemp/standard"
)

// TestBulletinViewInBrowser: the city opens the draft of 2009-Q4 in headless Chromium: the
// bulletin shows inside the app with its own style applied (allowed by hash: its masthead
// is red) and no CSP violation or console error; it has the 发布 button, which publishes
// with the page's CSRF token and lands on vintage 1, without the button; the three
// downloads are a PDF, an XLSX that excelize opens with the annex's sheets, and Markdown
// text. A district sees the city's published vintage without a 发布 button, and no
// draft. The screenshot goes to $FULLEMP_SCREENSHOTS when set.
func TestBulletinViewInBrowser(t *testing.T) {
	f := newFixture(t)
	f.srv.EnableBulletins(f.store.Conn, standard.Default(), bulletin.DefaultOptions())
	base := serveLoopback(t, f)
	bctx := startChromium(t, 1200)
	var mu sync.Mutex
	var problems []string
	if err := chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdplog.EventEntryAdded:
			if strings.HasSuffix(ev.Entry.URL, "/favicon.ico") {
				return // the app has no icon: the browser's own request, not the page's
			}
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning || strings.Contains(ev.Entry.Text, "Content Security Policy") {
				problems = append(problems, "log "+ev.Entry.Text+" "+ev.Entry.URL)
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
	if err := chromedp.Do(ctx, logIn(base, "city", "header.top")...); err != nil {
		t.Fatalf("log in: %v", err)
	}
	type state struct {
		Title     string   `json:"title"`
		Color     string   `json:"color"`
		Publish   bool     `json:"publish"`
		Downloads []string `json:"downloads"`
		Text      string   `json:"text"`
	}
	read := func() state {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
			const h1 = document.querySelector("article.bulletin .masthead h1");
			return {title: h1 ? h1.textContent : "", color: h1 ? getComputedStyle(h1).color : "",
				publish: !!document.querySelector("form.publish button"),
				downloads: Array.from(document.querySelectorAll(".bulletin-downloads a")).map(a => a.getAttribute("href")),
				text: document.querySelector("article.bulletin").textContent};
			})()`))
		if err != nil {
			t.Fatalf("read the page: %v", err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/bulletins/3301/2009-Q4?vintage=draft"), chromedp.WaitVisible("article.bulletin")); err != nil {
		t.Fatalf("the draft's page: %v", err)
	}
	s := read()
	if !strings.Contains(s.Title, "统计季报") || s.Color != "rgb(187, 34, 34)" || !s.Publish || len(s.Downloads) != 3 || !strings.Contains(s.Text, "一、") {
		t.Errorf("the draft's page: %+v", s)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("FULLEMP_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "bulletin-draft.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The draft's page has a .vintages b and an article too: wait for the page the POST
	// lands on, not for what the old one already shows.
	if err := chromedp.Do(ctx, chromedp.Click("#publish")); err != nil {
		t.Fatalf("publish: %v", err)
	}
	waitUntil(ctx, t, `location.search.includes("vintage=1") && document.readyState === "complete" && !!document.querySelector("article.bulletin")`)
	s = read()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "vintage=1") || s.Publish || len(s.Downloads) != 3 || s.Color != "rgb(187, 34, 34)" {
		t.Errorf("after 发布: at %s, %+v", loc, s)
	}
	for _, href := range s.Downloads {
		code, body := f.do(t, "city", http.MethodGet, href, nil, "")
		switch {
		case code != http.StatusOK:
			t.Errorf("%s: %d %.200s", href, code, body)
		case strings.Contains(href, "format=pdf") && !strings.HasPrefix(body, "%PDF"):
			t.Errorf("%s is no PDF: %.20q", href, body)
		case strings.Contains(href, "format=xlsx"):
			x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
			if err != nil {
				t.Errorf("%s: excelize: %v", href, err)
			} else if len(x.GetSheetList()) == 0 {
				t.Errorf("%s: no sheet", href)
			}
		case strings.Contains(href, "format=md") && (!strings.Contains(body, "统计季报") || !strings.Contains(body, "终值")):
			t.Errorf("%s: %.200s", href, body)
		}
	}
	mu.Lock()
	if len(problems) > 0 {
		t.Errorf("the browser reported: %q", problems)
	}
	mu.Unlock()

	code, body := f.do(t, "district", http.MethodGet, "/bulletins/3301/2009-Q4", nil, "")
	if code != http.StatusOK || !strings.Contains(body, `<article class="bulletin">`) || strings.Contains(body, `id="publish"`) || strings.Contains(body, "vintage=draft") {
		t.Errorf("a district's view of the city's published 2009-Q4: %d", code)
	}
	if code, _ := f.do(t, "district", http.MethodGet, "/bulletins/3301/2009-Q4?vintage=draft", nil, ""); code != http.StatusForbidden {
		t.Errorf("a district's view of a draft: %d, want 403", code)
	}
	if code, _ := f.do(t, "district", http.MethodGet, "/bulletins/"+distB+"/2009-Q4", nil, ""); code != http.StatusForbidden {
		t.Errorf("a district's view of another district: %d, want 403", code)
	}
}
