package api

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestQuarterPageInBrowser opens a district's 2009-Q4 page in headless Chromium: the
// period card shows a number for every stock and flow, no number cell anywhere holds "—",
// every chart drew, and choosing the year 2010 in the selector opens it as of 2010-02. The
// screenshots go to $FULLEMP_SCREENSHOTS when set.
func TestQuarterPageInBrowser(t *testing.T) {
	f := newPeriodFixture(t)
	base := serveLoopback(t, f)
	bctx := startChromium(t, 1400)
	ctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, logIn(base, "city", "[data-chart] canvas")...); err != nil {
		t.Fatalf("log in: %v", err)
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if dir := os.Getenv("FULLEMP_SCREENSHOTS"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	type pageState struct {
		Values   []string `json:"values"`
		Dashes   []string `json:"dashes"`
		Charts   int      `json:"charts"`
		Canvases int      `json:"canvases"`
		Selected string   `json:"selected"`
		Groups   []string `json:"groups"`
		AsOf     string   `json:"asOf"`
	}
	state := func() pageState {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](`(() => {
			const txt = el => el.textContent.trim();
			const q = s => Array.from(document.querySelectorAll(s));
			const charts = q("[data-chart]");
			const asOf = document.querySelector("#as-of");
			return {
				values: q("#period .pf-value").map(txt),
				dashes: q("#period .pf-value, .hl-value, td.num").map(txt).filter(s => s === "—" || s === "-" || s === ""),
				charts: charts.length, canvases: charts.filter(c => c.querySelector("canvas")).length,
				selected: document.querySelector("select[name=period]").value,
				groups: q("select[name=period] optgroup").map(g => g.label),
				asOf: asOf ? txt(asOf) : "",
			}; })()`))
		if err != nil {
			t.Fatalf("read the page: %v", err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/region/"+distA+"?period=2009-Q4"), chromedp.WaitVisible("#period"),
		chromedp.WaitVisible("#table-streets"), chromedp.Sleep(700*time.Millisecond)); err != nil {
		t.Fatalf("quarter page: %v", err)
	}
	shot("quarter-district.png")
	s := state()
	if strings.Join(s.Values, " ") != "4 75.0 25.0 1 2 1 4 66.7" {
		t.Errorf("the period card shows %q, want 4 75.0 25.0 1 2 1 4 66.7", s.Values)
	}
	if len(s.Dashes) > 0 {
		t.Errorf("number cells without a number: %q", s.Dashes)
	}
	if s.Charts == 0 || s.Charts != s.Canvases {
		t.Errorf("%d charts, %d drawn", s.Charts, s.Canvases)
	}
	if s.Selected != "2009-Q4" || strings.Join(s.Groups, ",") != "月度,季度,年度" || s.AsOf != "" {
		t.Errorf("selector %q in %q, as of %q", s.Selected, s.Groups, s.AsOf)
	}
	// The city's quarter page too (league table, gauges, the group's marks).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/region/3301?period=2009-Q4"), chromedp.WaitVisible("#table-league"),
		chromedp.Sleep(700*time.Millisecond)); err != nil {
		t.Fatalf("city quarter page: %v", err)
	}
	shot("quarter-city.png")
	if s := state(); len(s.Dashes) > 0 || s.Charts != s.Canvases || len(s.Values) != 8 {
		t.Errorf("city quarter page: dashes %q, %d/%d charts, card %q", s.Dashes, s.Canvases, s.Charts, s.Values)
	}
	// Choose the year 2010 in the selector (SetValue fires its change event): the form goes
	// to ?period=2010, read as of 2010-02.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/region/"+distA+"?period=2009-Q4"), chromedp.WaitVisible("#period"),
		chromedp.SetValue("select[name=period]", "2010")); err != nil {
		t.Fatalf("choose 2010: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible("#as-of"), chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatalf("the 2010 page: %v", err)
	}
	shot("year-in-progress.png")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if s := state(); !strings.Contains(loc, "period=2010") || s.AsOf != "数据截至2010-02" || s.Selected != "2010" || len(s.Dashes) > 0 {
		t.Errorf("after choosing 2010: at %s, as of %q, selected %q, dashes %q", loc, s.AsOf, s.Selected, s.Dashes)
	}
}
