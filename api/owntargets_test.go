package api

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fullemp/account"
	"fullemp/dashboards"
	"fullemp/ingest"
	"fullemp/readmodel"
	"fullemp/standard"
	"fullemp/synth"
	"fullemp/warehouse/whtest"
)

// demoFixture is a server on the demo city's 2008–2010 files (scale 0.01) with a city user.
func demoFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, synth.Options{Dir: dir, Scale: 0.01, Seed: synth.DefaultSeed}); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range []string{"regions.csv", "street_scores.csv", "spot_checks.csv",
		"ledger-2008.csv", "ledger-2009.csv", "ledger-2010.csv", "contributions-2008.csv", "contributions-2009.csv", "contributions-2010.csv"} {
		files = append(files, filepath.Join(dir, f))
	}
	s := whtest.Open(t)
	log := whtest.Log()
	if _, err := ingest.New(s, log, ingest.Options{}).Files(ctx, files); err != nil {
		t.Fatal(err)
	}
	acc := account.New(s.Conn, log)
	acc.BcryptCost = 4
	f := &fixture{store: s, acc: acc, tokens: map[string]string{}}
	if err := acc.Add(ctx, "city", account.City, "3301", testPassword); err != nil {
		t.Fatal(err)
	}
	tok, err := acc.IssueToken(ctx, "city", "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["city"] = tok
	dash, err := dashboards.New(readmodel.NewData(s, s, standard.Default()), acc, log)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = New(acc, dash, ingest.New(s, log, ingest.Options{Workers: 1}), log, Options{})
	return f
}

type apiTarget struct {
	ID         string
	NameZh     string `json:"name_zh"`
	Percent    float64
	Num, Den   uint64
	Value      float64
	Met        bool
	Gap        uint64
	Closed     bool
	FirstMet   *time.Time `json:"first_met"`
	Projection standard.Projection
}

func targetIDs(ts []apiTarget) string {
	var ids []string
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ",")
}

// TestOwnTargetsDemo: on the demo city, each area is judged on its own targets — the API's
// progress and children, the district page, the league table (with its 合计 row), the
// charts' per-bar markers — projections only for the open year, and every campaign year on
// the progress chart. Screenshots of 淳安县 2009 and the league table of 2009-06 go to
// $FULLEMP_SCREENSHOTS when set.
func TestOwnTargetsDemo(t *testing.T) {
	f := demoFixture(t)
	getJSON := func(path string, v any) {
		t.Helper()
		code, body := f.do(t, "city", "GET", path, nil, "")
		if code != 200 {
			t.Fatalf("GET %s = %d %.300s", path, code, body)
		}
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	type progress struct {
		OwnTarget string `json:"own_target"`
		Targets   []apiTarget
	}

	// 淳安县 2009, closed: T2009-outer (50 %) is its own, named for it, final; the city's
	// 60 % is not its target.
	var p progress
	getJSON("/api/v1/regions/330127/progress?year=2009&month=2009-12", &p)
	var outer *apiTarget
	for i := range p.Targets {
		if p.Targets[i].ID == "T2009-outer" {
			outer = &p.Targets[i]
		}
	}
	if ids := targetIDs(p.Targets); strings.Contains(ids, "T2009-city") || strings.Contains(ids, "streets") || outer == nil || p.OwnTarget != "T2009-outer" {
		t.Fatalf("淳安县 2009 targets %s (own %s), want T2009-outer and no city-wide or street target", ids, p.OwnTarget)
	}
	if outer.NameZh != "淳安县社区达标率 · 目标 ≥50% (T2009-outer)" || outer.Percent != 50 || !outer.Closed ||
		outer.Projection.State != standard.StateFinal || outer.Projection.Reached != nil {
		t.Errorf("淳安县 T2009-outer: %+v", *outer)
	}
	// As of June the year is open: met since a month, or on pace by December, or the pace
	// the deadline needs — never a month after it.
	for _, code := range []string{"330127", "330122", "3301", "330102"} {
		var pj progress
		getJSON("/api/v1/regions/"+code+"/progress?year=2009&month=2009-06", &pj)
		for _, tg := range pj.Targets {
			pr := tg.Projection
			switch {
			case tg.Closed:
				t.Errorf("%s %s as of June: closed", code, tg.ID)
			case tg.Met && (pr.State != standard.StateMet || tg.FirstMet == nil):
				t.Errorf("%s %s met without its first month: %+v", code, tg.ID, pr)
			case pr.State == standard.StateOnPace && (pr.Reached == nil || pr.Reached.After(time.Date(2009, 12, 1, 0, 0, 0, 0, time.UTC))):
				t.Errorf("%s %s on pace after the deadline: %+v", code, tg.ID, pr)
			case pr.State == standard.StateOffPace && (pr.Reached != nil || pr.NeededPerMonth <= 0 || pr.MonthsLeft != 6):
				t.Errorf("%s %s off pace: %+v", code, tg.ID, pr)
			}
		}
	}

	// children: every district with its own targets, value, met and gap.
	var ch struct {
		Children []struct {
			Region    struct{ Code, Name string }
			OwnTarget string `json:"own_target"`
			Targets   []apiTarget
		}
	}
	getJSON("/api/v1/regions/3301/children?month=2009-06", &ch)
	if len(ch.Children) != 13 {
		t.Fatalf("%d children of the city", len(ch.Children))
	}
	for _, c := range ch.Children {
		ids := targetIDs(c.Targets)
		want := "T2009-outer"
		if strings.HasPrefix(c.Region.Code, "33010") && c.Region.Code != "330109" {
			want = "T2009-old"
		}
		if c.OwnTarget != want || strings.Contains(ids, "T2009-city") {
			t.Errorf("child %s %s: own %s, targets %s", c.Region.Code, c.Region.Name, c.OwnTarget, ids)
		}
		for _, tg := range c.Targets {
			needed := standard.Needed(tg.Den, tg.Percent)
			if tg.Met != (tg.Num >= needed) || (!tg.Met && tg.Gap != needed-tg.Num) || tg.Value != standard.Percent(tg.Num, tg.Den, 100) {
				t.Errorf("child %s %s: %+v", c.Region.Code, tg.ID, tg)
			}
		}
	}
	// 2010 has no community target: the street targets are the districts' own.
	getJSON("/api/v1/regions/3301/children?month=2010-12", &ch)
	for _, c := range ch.Children {
		if ids := targetIDs(c.Targets); (ids != "T2010-streets" && ids != "T2010-outer-streets") || c.OwnTarget != ids {
			t.Errorf("child %s 2010: targets %s own %s", c.Region.Code, ids, c.OwnTarget)
		}
	}

	// Pages: 淳安县 2009 names its own targets and the outcome, never a projection.
	for path, want := range map[string][]string{
		"/region/330127?month=2009-12": {"淳安县社区达标率 · 目标 ≥50% (T2009-outer)", "淳安县社区达标率 · 目标 ≥40% (T2008)", "<td>淳安县社区</td>", "标记为各自目标"},
		"/region/330127?month=2010-12": {"2010年社区达标率（本年无社区目标）", "淳安县街道达标率 · 目标 ≥50% (T2010-outer-streets)"},
		"/region/3301?month=2009-06":   {"按月进度（2008–2009）", "≥50% (T2009-outer)", "老社区 ≥100% (T2009-old)", "合计", "≥60% (T2009-city)"},
	} {
		code, body := f.do(t, "city", "GET", path, nil, "")
		for _, w := range want {
			if code != 200 || !strings.Contains(body, w) {
				t.Errorf("GET %s = %d: no %q", path, code, w)
			}
		}
		if strings.Contains(path, "330127") && (strings.Contains(body, "全市社区达标率") || strings.Contains(body, "预计") || strings.Contains(body, "晚于期限")) {
			t.Errorf("GET %s: a city-wide target or a projection for a closed year", path)
		}
	}
	_, body := f.do(t, "city", "GET", "/region/330127?month=2009-12", nil, "")
	if !strings.Contains(body, "已达成") && !strings.Contains(body, "未达成") {
		t.Errorf("淳安县 2009: no 已达成/未达成")
	}

	browserChecks(t, f)
}

// browserChecks opens the pages in headless Chromium: the league table's rows against each
// district's own target, the bars' markers, every campaign year on the progress chart.
func browserChecks(t *testing.T, f *fixture) {
	base := serveLoopback(t, f)
	bctx := startChromium(t, 1440)
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
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
	step("log in", logIn(base, "city", "[data-chart] canvas")...)

	// The league table of 2009-06: each row's own target and its dot; a 合计 row.
	step("league 2009-06", chromedp.Navigate(base+"/region/3301?month=2009-06"), chromedp.WaitVisible("#table-league"), chromedp.Sleep(500*time.Millisecond))
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`Array.from(document.querySelectorAll("#table-league tbody tr")).map(tr =>
		[...Array.from(tr.cells).map(td => td.innerText.trim()), (tr.querySelector(".rag")||{className:""}).className, tr.className])`))
	if err != nil {
		t.Fatal(err)
	}
	var sawXiaoshan, sawTotal bool
	for _, r := range rows {
		if len(r) < 12 {
			t.Fatalf("league row %v", r)
		}
		switch r[1] {
		case "萧山区":
			sawXiaoshan = true
			// 55.4 % in June against its own 50 %: green (it was amber against the city's 60 %).
			if r[6] != "≥50% (T2009-outer)" || !strings.HasPrefix(r[7], r[5]) || r[10] != "rag green" {
				t.Errorf("萧山区 2009-06: %q", r)
			}
		case "合计":
			sawTotal = true
			if r[6] != "≥60% (T2009-city)" || r[11] != "total" {
				t.Errorf("合计 row %q", r)
			}
		}
	}
	if !sawXiaoshan || !sawTotal {
		t.Errorf("league rows %q", rows)
	}
	// The districts' bars: a marker each, at the district's own target.
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		for (const el of document.querySelectorAll("[data-chart] .item")) {
			const o = echarts.getInstanceByDom(el).getOption();
			const sc = o.series.find(s => s.type === "scatter");
			if (sc) return o.xAxis[0].data.map((n, i) => n + "=" + sc.data[i].value + o.series[0].data[i].itemStyle.color).join(",");
		}
		return "none"; })()`))
	if err != nil {
		t.Fatal(err)
	}
	// Each bar green when its own target holds: 下城区's old communities 72/72 meet T2009-old
	// (its share of all communities is 98.7 %); 淳安县 (3/26) misses its 50 %.
	if !strings.Contains(marks, "萧山区=50#2f9e44") || !strings.Contains(marks, "淳安县=50#e03131") || !strings.Contains(marks, "上城区=100#e03131") || !strings.Contains(marks, "下城区=100#2f9e44") {
		t.Errorf("district bar markers: %s", marks)
	}
	shot("league-2009-06.png")

	// 淳安县 2009.
	step("淳安县 2009", chromedp.Navigate(base+"/region/330127?month=2009-12"), chromedp.WaitVisible("#table-targets"), chromedp.Sleep(500*time.Millisecond))
	shot("chunan-2009.png")

	// The progress chart holds every campaign year: 2008-01 to 2010-12, the communities'
	// share drawn in 2010 too.
	step("city 2010-12", chromedp.Navigate(base+"/region/3301?month=2010-12"), chromedp.WaitVisible("#table-league"), chromedp.Sleep(500*time.Millisecond))
	prog, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		for (const el of document.querySelectorAll("[data-chart] .item")) {
			const o = echarts.getInstanceByDom(el).getOption();
			if (o.series[0].type === "line" && o.series.length === 4) {
				const x = o.xAxis[0].data, d = o.series[0].data;
				return x[0] + " " + x[x.length-1] + " " + x.length + " " + JSON.stringify(d[d.length-1]);
			}
		}
		return "none"; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(prog, "2008-01 2010-12 36 ") || strings.HasSuffix(prog, `"-"`) {
		t.Errorf("progress chart: %s", prog)
	}
	fmt.Fprintln(os.Stderr, "progress chart:", prog, "markers:", marks)
}
