package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestBrowser drives headless Chromium through the dashboards: log in as the city, open
// the overview, check that every chart drew a canvas, that nothing was asked of another
// host and that the console stayed clean, drill down (a table row, then a chart bar) to a
// community, and download an XLSX that excelize opens.
func TestBrowser(t *testing.T) {
	f := newFixture(t)
	base := serveLoopback(t, f)
	bctx := startChromium(t, 1400)
	var mu sync.Mutex
	var hosts, problems []string
	if err := chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if u, err := url.Parse(ev.Request.URL); err == nil && u.Scheme != "data" && u.Scheme != "about" {
				hosts = append(hosts, u.Host+" "+ev.Request.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == "error" || ev.Type == "warning" {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value))
				}
				problems = append(problems, fmt.Sprintf("console.%s %s", ev.Type, strings.Join(parts, " ")))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception "+ev.ExceptionDetails.Text)
		}
	}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	charts := func(page string) {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.querySelectorAll("[data-chart]").length,
			Array.from(document.querySelectorAll("[data-chart]")).filter(c => c.querySelector("canvas")).length]`))
		if err != nil {
			t.Fatalf("%s: count charts: %v", page, err)
		}
		if n[0] == 0 || n[0] != n[1] {
			t.Errorf("%s: %d chart containers, %d with a canvas", page, n[0], n[1])
		}
	}

	step("log in", logIn(base, "city", "[data-chart] canvas")...)
	step("overview", chromedp.Navigate(base+"/region/3301?month="+testMonth), chromedp.WaitVisible("#table-league"), chromedp.Sleep(500*time.Millisecond))
	charts("overview")
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		if dir := os.Getenv("FULLEMP_SCREENSHOTS"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, "overview.png"), shot, 0o644)
		}
	}
	// Drill down: a league-table row to the district, then a bar of its streets chart.
	step("district row", chromedp.Click("#table-league tr.drill"), chromedp.WaitVisible("#table-streets"), chromedp.Sleep(300*time.Millisecond))
	charts("district")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector("[data-chart] .item");
		echarts.getInstanceByDom(el).trigger("click", {dataIndex: 0}); return true })()`)); err != nil {
		t.Fatalf("click a street bar: %v", err)
	}
	step("street page", chromedp.WaitVisible("#table-communities"), chromedp.Sleep(300*time.Millisecond))
	charts("street")
	step("community row", chromedp.Click(`#table-communities tr.drill`), chromedp.WaitVisible("#table-residents"))
	charts("community")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/region/3301") || len(strings.Split(strings.Split(loc, "/region/")[1], "?")[0]) != 12 {
		t.Errorf("drill-down ended at %s, want a community page", loc)
	}
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		if dir := os.Getenv("FULLEMP_SCREENSHOTS"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, "community.png"), shot, 0o644)
		}
	}
	// Download the households XLSX with the page's own link and session.
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const a = document.querySelector("#table-households a[data-format=xlsx]");
		const r = await fetch(a.href);
		if (!r.ok) throw new Error("download " + r.status);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const x of b) s += String.fromCharCode(x);
		return btoa(s); })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download xlsx: %v", err)
	}
	raw, _ := base64.StdEncoding.DecodeString(b64)
	x, err := excelize.OpenReader(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("downloaded xlsx does not open: %v", err)
	}
	if rows, _ := x.GetRows(x.GetSheetList()[0]); len(rows) < 3 { // title, header, a household
		t.Errorf("downloaded xlsx has %d rows", len(rows))
	}
	mu.Lock()
	defer mu.Unlock()
	for _, h := range hosts {
		if !strings.HasPrefix(h, strings.TrimPrefix(base, "http://")+" ") {
			t.Errorf("request to another host: %s", h)
		}
	}
	for _, p := range problems {
		t.Errorf("browser: %s", p)
	}
	if len(hosts) == 0 {
		t.Error("no network events seen")
	}
}
