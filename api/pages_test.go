package api

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// demoFreshness is what ingest_log and the ledger say of the demo city, read straight
// from ClickHouse: when the last file was done (Beijing time, as the pages write it), and
// each community's last ledger month.
type demoFreshness struct {
	ingested string
	last     map[string]string // community → YYYY-MM
}

func readFreshness(t *testing.T, f *fixture) demoFreshness {
	t.Helper()
	ctx := context.Background()
	var at time.Time
	if err := f.store.Conn.QueryRow(ctx, "SELECT max(at) FROM ingest_log WHERE status = 'done'").Scan(&at); err != nil {
		t.Fatal(err)
	}
	out := demoFreshness{ingested: at.In(time.FixedZone("UTC+8", 8*3600)).Format("2006-01-02 15:04"), last: map[string]string{}}
	rows, err := f.store.Conn.Query(ctx, "SELECT community_code, toString(max(month)) FROM ledger GROUP BY community_code")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, m string
		if err := rows.Scan(&code, &m); err != nil {
			t.Fatal(err)
		}
		out.last[code] = m[:7]
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPagesDemo, on the demo city: every page says when its data were last ingested
// (ingest_log's last 'done', Beijing time), a community's page and its street's table of
// communities its last ledger month (the ledger's own); the street page prints on A4
// without the header, forms or downloads, with every figure and every row of its tables,
// nothing wider than the paper; its charts follow the window's width; the header's search
// box suggests regions as one types and opens the one chosen, under the CSP and with no
// request to another host.
func TestPagesDemo(t *testing.T) {
	f := demoFixture(t)
	fr := readFreshness(t, f)
	var late, onTime string // a community whose last ledger is 2010-11, one of its street sending 2010-12
	for code, m := range fr.last {
		if m == "2010-11" && (late == "" || code < late) {
			late = code
		}
	}
	if late == "" {
		t.Fatalf("no community of the demo city without its 2010-12 ledger: %v", fr.last)
	}
	street := late[:9]
	for code, m := range fr.last {
		if strings.HasPrefix(code, street) && m == "2010-12" && (onTime == "" || code < onTime) {
			onTime = code
		}
	}
	if onTime == "" {
		t.Fatalf("street %s: no community with a 2010-12 ledger", street)
	}
	get := func(path string) string {
		t.Helper()
		code, body := f.do(t, "city", "GET", path, nil, "")
		if code != 200 {
			t.Fatalf("GET %s = %d %.300s", path, code, body)
		}
		return body
	}

	// Last ingested, on the page of every level, in both languages.
	stamp := "数据最后入库：" + fr.ingested + "（北京时间）"
	for _, code := range []string{"3301", late[:6], street, late, onTime} {
		if body := get("/region/" + code + "?month=2010-12"); !strings.Contains(body, stamp) {
			t.Errorf("/region/%s: no %q", code, stamp)
		}
	}
	if body := get("/region/" + street + "?month=2010-12&lang=en"); !strings.Contains(body, "Data last ingested: "+fr.ingested+" (Beijing time)") {
		t.Errorf("English street page: no last ingest %s", fr.ingested)
	}
	// Last ledger month: on the community's page, in its street's table (and its export),
	// and in the city's list of communities missing the month.
	for code, want := range map[string]string{late: "2010-11", onTime: "2010-12"} {
		if body := get("/region/" + code + "?month=2010-12"); !strings.Contains(body, "本社区最后台帐月份："+want) {
			t.Errorf("/region/%s: no last ledger month %s", code, want)
		}
	}
	body := get("/region/" + street + "?month=2010-12")
	for code, want := range map[string]string{late: "2010-11", onTime: "2010-12"} {
		row := fmt.Sprintf(`<tr class="drill" data-href="/region/%s?period=2010-12"><td>%s</td><td>`, code, code)
		i := strings.Index(body, row)
		if i < 0 || !strings.Contains(body[i:i+strings.Index(body[i:], "</tr>")], "<td>"+want+"</td>") {
			t.Errorf("street %s's table of communities: %s without last ledger month %s", street, code, want)
		}
	}
	if !strings.Contains(body, "<th>最后台帐月份</th>") {
		t.Errorf("street %s's table of communities has no column 最后台帐月份", street)
	}
	csv := get("/export/communities.csv?region=" + street + "&month=2010-12")
	if !strings.Contains(csv, "最后台帐月份") || !strings.Contains(csv, "2010-11") {
		t.Errorf("communities export: no last ledger month: %.400s", csv)
	}
	if body := get("/region/3301?month=2010-12"); !strings.Contains(body, fmt.Sprintf(`data-href="/region/%s?period=2010-12"><td>%s</td>`, late, late)) {
		t.Errorf("the city's missing list lacks %s", late)
	}

	var big string
	if err := f.store.Conn.QueryRow(context.Background(), "SELECT community_code FROM ledger WHERE month = toDate('2010-12-01') GROUP BY community_code ORDER BY count() DESC, community_code LIMIT 1").Scan(&big); err != nil {
		t.Fatal(err)
	}
	pagesInBrowser(t, f, street, late, big)
}

// pagesInBrowser prints the street page, resizes its window and searches from its header.
// big is a community with a long list of residents.
func pagesInBrowser(t *testing.T, f *fixture, street, late, big string) {
	base := serveLoopback(t, f)
	bctx := startChromium(t, 1400)
	var mu sync.Mutex
	var problems, hosts []string
	if err := chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
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
		case *network.EventRequestWillBeSent:
			if u, err := url.Parse(ev.Request.URL); err == nil && u.Scheme != "data" && u.Scheme != "about" {
				hosts = append(hosts, u.Host)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	keep := func(name string, data []byte) {
		if dir := os.Getenv("FULLEMP_SCREENSHOTS"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, name), data, 0o644)
		}
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		keep(name, png)
	}
	step("log in", logIn(base, "city", "[data-chart] canvas")...)
	// printed prints the page at path on A4: in print media at the paper's width (inside
	// the margins: 190 mm, 718 px at 96 dpi) nothing is wider than it, the header, forms
	// and downloads are hidden and no chart is cut; the PDF's text has the title, the
	// freshness line, the headline figures and the cell of every row of the table
	// (which on screen sits in a scroll box), the words in want, and none of the header's,
	// the forms' or the downloads'. It returns the tables that scroll on screen.
	printed := func(name, path, table string, cell int, want ...string) []string {
		t.Helper()
		step(name, chromedp.Navigate(base+path), chromedp.WaitVisible("#table-"+table), chromedp.Sleep(500*time.Millisecond))
		shot(name + ".png")
		screen, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]string](fmt.Sprintf(`({
			title: [document.querySelector("h1").innerText.split(" ")[0]],
			headline: Array.from(document.querySelectorAll(".hl-value")).map(e => e.innerText.split(" ")[0]),
			cells: Array.from(document.querySelectorAll("#table-%s tbody tr")).map(tr => tr.cells[%d].innerText),
			freshness: [document.getElementById("freshness").innerText],
			scrolled: Array.from(document.querySelectorAll(".scroll")).filter(s => s.scrollHeight > s.clientHeight + 1).map(s => s.parentElement.id),
		})`, table, cell)))
		if err != nil {
			t.Fatal(err)
		}
		if len(screen["cells"]) < 3 || len(screen["headline"]) == 0 {
			t.Fatalf("%s: %v", name, screen)
		}
		wide, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]string, error) {
			if _, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				return nil, err
			}
			if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 718, Height: 1000, DeviceScaleFactor: 1}); err != nil {
				return nil, err
			}
			time.Sleep(500 * time.Millisecond)
			return chromedp.Evaluate[[]string](`(() => {
				window.dispatchEvent(new Event("beforeprint"));
				const w = document.documentElement.clientWidth, out = [];
				if (document.documentElement.scrollWidth > w) out.push("document " + document.documentElement.scrollWidth + " > " + w);
				for (const el of document.querySelectorAll("body *")) {
					const r = el.getBoundingClientRect();
					if (r.width > 0 && r.right > w + 1) out.push(el.tagName + "." + el.className + "#" + el.id + " right " + Math.round(r.right));
				}
				for (const el of document.querySelectorAll("[data-chart] .item")) {
					const c = el.querySelector("canvas").getBoundingClientRect().width;
					if (c > el.clientWidth + 1) out.push("chart " + el.id + " cut: " + Math.round(c) + " px in " + el.clientWidth);
				}
				for (const sel of ["header.top", "form", "button", "select", "input", ".downloads"]) {
					for (const el of document.querySelectorAll(sel)) {
						if (getComputedStyle(el).display !== "none") out.push(sel + " shown in print");
					}
				}
				for (const el of document.querySelectorAll(".scroll")) {
					if (el.scrollHeight > el.clientHeight + 1) out.push("a table scrolls in print: " + el.parentElement.id);
				}
				return out.slice(0, 20); })()`)(ctx, tg)
		})
		if err != nil {
			t.Fatalf("%s in print media: %v", name, err)
		}
		if len(wide) > 0 {
			t.Errorf("%s in print at 718 px: %v", name, wide)
		}
		shot(name + "-print-media.png")
		step(name+" on screen again", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}), chromedp.Reload(), chromedp.WaitVisible("#table-"+table), chromedp.Sleep(500*time.Millisecond))

		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if err != nil {
			t.Fatalf("%s: print to PDF: %v", name, err)
		}
		keep(name+".pdf", pdf)
		text := pdfText(t, pdf)
		flat := strings.Join(strings.Fields(text), "")
		want = append(append(append(want, screen["title"][0], strings.Join(strings.Fields(screen["freshness"][0]), "")), screen["headline"]...), screen["cells"]...)
		for _, w := range want {
			if !strings.Contains(flat, strings.Join(strings.Fields(w), "")) {
				t.Errorf("%s: the printed page lacks %q", name, w)
			}
		}
		for _, absent := range []string{"退出", "English", "下载", "搜索", "city(3301)", "CSV", "XLSX", "上报台帐", "审计日志"} {
			if strings.Contains(flat, absent) {
				t.Errorf("%s: the printed page has %q (the header, a form or a download)", name, absent)
			}
		}
		if pages := strings.Count(text, "\f"); pages < 2 {
			t.Errorf("%s: %d pages printed", name, pages)
		}
		return screen["scrolled"]
	}
	printed("overview", "/region/3301?month=2010-12", "league", 1, "目标进度", "T2010-streets")
	printed("street", "/region/"+street+"?month=2010-12", "communities", 0, "最后台帐月份", "2010-11", late)
	if scrolled := printed("community", "/region/"+big+"?month=2010-12", "residents", 1, "本社区最后台帐月份", "户号"); !slices.Contains(scrolled, "table-residents") {
		t.Errorf("community %s: its residents fit the screen's scroll box (%v); the print test wants a longer table", big, scrolled)
	}

	step("street page", chromedp.Navigate(base+"/region/"+street+"?month=2010-12"), chromedp.WaitVisible("#table-communities"), chromedp.Sleep(500*time.Millisecond))
	// Resize: every chart follows its container when the window narrows.
	widths := func() [][]float64 {
		t.Helper()
		w, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](`Array.from(document.querySelectorAll("[data-chart] .item")).map(el =>
			[el.querySelector("canvas").getBoundingClientRect().width, el.clientWidth])`))
		if err != nil || len(w) == 0 {
			t.Fatalf("chart widths: %v %v", w, err)
		}
		return w
	}
	before := widths()
	step("narrow window", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		win, err := cdp.Call(ctx, tg, browser.GetWindowForTarget, browser.GetWindowForTargetParams{})
		if err != nil {
			return err
		}
		_, err = chromedp.CallBrowser(ctx, browser.SetWindowBounds, browser.SetWindowBoundsParams{WindowID: win.WindowID, Bounds: &browser.Bounds{Width: 820, Height: 1000}})
		return err
	}), chromedp.Sleep(800*time.Millisecond))
	after := widths()
	shot("street-narrow.png")
	for i := range after {
		if d := after[i][0] - after[i][1]; d > 2 || d < -2 {
			t.Errorf("chart %d: canvas %.0f px in a container of %.0f px after the resize", i, after[i][0], after[i][1])
		}
		if before[i][0]-after[i][0] < 300 {
			t.Errorf("chart %d: %.0f px before, %.0f px after narrowing the window by 580 px", i, before[i][0], after[i][0])
		}
	}

	// Search from the header: suggestions as one types, from this server, and the chosen
	// one's page for the month shown.
	district := late[:6]
	dname, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h1").innerText.split(" ")[0]`)) // the street's name
	if err != nil {
		t.Fatal(err)
	}
	part := string([]rune(dname)[:2])
	step("type a search", chromedp.Navigate(base+"/region/"+district+"?month=2010-06"), chromedp.WaitVisible("input[data-search]"),
		chromedp.SendKeys("input[data-search]", part), chromedp.Sleep(1200*time.Millisecond))
	options, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#search-suggestions option")).map(o => o.value + " " + o.label)`))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, o := range options {
		found = found || strings.HasPrefix(o, street+" "+dname)
	}
	if !found {
		t.Fatalf("typing %q suggests %v, not %s %s", part, options, street, dname)
	}
	shot("search-suggestions.png")
	// Chromium's own list cannot be clicked headless: set the value as choosing does (an
	// input event that is not typing).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const i = document.querySelector("input[data-search]");
		i.value = %q; i.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, street))); err != nil {
		t.Fatalf("choose a suggestion: %v", err)
	}
	step("the chosen page", chromedp.WaitVisible("#table-communities"))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if want := "/region/" + street + "?period=2010-06"; !strings.HasSuffix(loc, want) {
		t.Errorf("choosing %s went to %s, want %s", street, loc, want)
	}
	// Without choosing: the search page, with links.
	step("search page", chromedp.SendKeys("input[data-search]", part), chromedp.Submit("input[data-search]"), chromedp.WaitVisible("#search-results"))
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/search?q="+url.QueryEscape(part)) {
		t.Errorf("submitting the search went to %s", loc)
	}
	shot("search-page.png")

	mu.Lock()
	defer mu.Unlock()
	sort.Strings(problems)
	for _, p := range problems {
		t.Errorf("browser: %s", p)
	}
	self := strings.TrimPrefix(base, "http://")
	for _, h := range hosts {
		if h != self {
			t.Errorf("a request to another host: %s", h)
		}
	}
	if len(hosts) == 0 {
		t.Error("no requests seen")
	}
}

// pdfText is the text of a PDF, by poppler's pdftotext, page breaks as form feeds.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils): %v", err)
	}
	return string(out)
}
