package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"fullemp/warehouse"
)

// newPeriodFixture is the small city (newFixture) with more months: 2009-10, when 赵六's
// household H3 is zero-employment (formed) and 王五 is employed, so that 2009-Q4 has two
// households formed (H3 in October, H2 in November) and one eliminated (H3 in November);
// 2010-01, when 王五 is employed again (H2 eliminated), and 2010-02, when 赵六 is
// unemployed again (H3 formed) — the last month with data, so 2010 is in progress. And
// placements in each of 2009-10, -11, -12 and 2010-01, some kept within 72 hours.
func newPeriodFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	s := f.store
	lb, err := s.Conn.PrepareBatch(ctx, "INSERT INTO ledger (month, id_number, name, community_code, household_id, status, able, willing, hard_to_employ, assistance_card, graduate, rural_labor, unemployed_since, training_wish, birth_date, male, age, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	wang, qian := "330102197505050033", "330103198101010055"
	type person struct{ id, name, comm, hh string }
	people := []person{{personA, "张三", commA, "H1"}, {personB, "李四", commA, "H1"}, {wang, "王五", commA, "H2"},
		{personD, "赵六", commA2, "H3"}, {qian, "钱七", commB, "H4"}}
	status := map[string]map[string]string{ // month → person → status, employed when absent
		"2009-10": {wang: "employed", personD: "unemployed"},
		"2010-01": {wang: "employed"},
		"2010-02": {wang: "employed", personD: "unemployed"},
	}
	n := 0
	for _, ms := range []string{"2009-10", "2010-01", "2010-02"} {
		m, _ := time.Parse("2006-01", ms)
		for _, p := range people {
			n++
			st := status[ms][p.id]
			if st == "" {
				st = "employed"
				if p.id == personB {
					st = "flexible"
				}
			}
			var since *time.Time
			if st == "unemployed" {
				d := m.AddDate(0, -1, 0)
				since = &d
			}
			if err := lb.Append(m, p.id, p.name, p.comm, p.hh, st, uint8(1), uint8(1), uint8(0), uint8(0), uint8(0), uint8(0),
				since, uint8(0), uint32(19800101), uint8(1), uint8(29), uint64(3), uint32(n), uint64(1000+n)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := lb.Send(); err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(s string) time.Time {
		x, err := time.ParseInLocation("2006-01-02 15:04", s, sh)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	pb, err := s.Conn.PrepareBatch(ctx, "INSERT INTO placements (id_number, community_code, channel, requested_at, placed_at, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []struct {
		id, comm, channel, req, placed string
	}{
		{wang, commA, "job_fair", "2009-10-01 08:00", "2009-10-03 08:00"},       // kept
		{personD, commA2, "one_on_one", "2009-10-20 08:00", "2009-10-30 08:00"}, // broken
		{personD, commA2, "flexible", "", "2009-11-05 09:00"},                   // no request
		{qian, commB, "public_welfare", "2009-12-01 08:00", "2009-12-02 08:00"}, // kept, district B
		{personA, commA, "education", "2009-12-10 08:00", "2009-12-12 09:00"},   // kept
		{wang, commA, "job_fair", "2010-01-05 08:00", "2010-01-06 08:00"},       // kept, 2010
	} {
		var req *time.Time
		if p.req != "" {
			r := at(p.req)
			req = &r
		}
		if err := pb.Append(p.id, p.comm, p.channel, req, at(p.placed), uint64(4), uint32(i+1), uint64(2000+i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := pb.Send(); err != nil {
		t.Fatal(err)
	}
	if err := s.RefreshAll(ctx); err != nil {
		t.Fatal(err)
	}
	f.srv.dash.Data.Invalidate()
	return f
}

// getJSON asks the API as user and decodes a 200 answer into v.
func (f *fixture) getJSON(t *testing.T, user, u string, v any) {
	t.Helper()
	code, body := f.do(t, user, "GET", u, nil, "")
	if code != 200 {
		t.Fatalf("GET %s: %d %.300s", u, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// stocks are a period's figures without its flows, to compare with a month's.
func stocks(f warehouse.PeriodFigures) warehouse.Figures {
	s := f.Figures
	s.Zero.Formed, s.Zero.Eliminated = 0, 0
	return s
}

// pageValues returns the values of the period card by key (data-key → shown value).
func pageValues(body string) map[string]string {
	out := map[string]string{}
	re := regexp.MustCompile(`data-key="([a-z0-9_]+)"><span class="pf-label">[^<]*</span> <span class="pf-value[^"]*">([^<]*)</span>`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestQuarterFigures: a quarter's stocks are its last month's figures and its flows the
// sums of its three months' (each asked of the API as a month), for the city, a group, a
// district and a community, in the API, its children and the page.
func TestQuarterFigures(t *testing.T) {
	f := newPeriodFixture(t)
	for _, code := range []string{"3301", "main_urban", distA, commA, commA2} {
		var q warehouse.PeriodFigures
		f.getJSON(t, "city", "/api/v1/regions/"+code+"?period=2009-Q4", &q)
		var months [3]warehouse.PeriodFigures
		var formed, elim, placed, req, kept uint64
		for i, m := range []string{"2009-10", "2009-11", "2009-12"} {
			f.getJSON(t, "city", "/api/v1/regions/"+code+"?month="+m, &months[i])
			formed += months[i].Zero.Formed
			elim += months[i].Zero.Eliminated
			placed += months[i].Placements.Total
			req += months[i].Placements.Promise.Den
			kept += months[i].Placements.Promise.Num
		}
		if q.Period != "2009-Q4" || q.AsOf.Format("2006-01") != "2009-12" || q.Partial || len(q.Months) != 3 {
			t.Errorf("%s: period %s as of %s partial %v months %v", code, q.Period, q.AsOf, q.Partial, q.Months)
		}
		if !reflect.DeepEqual(stocks(q), stocks(months[2])) {
			t.Errorf("%s: the quarter's stocks\n%+v\nare not December's\n%+v", code, stocks(q), stocks(months[2]))
		}
		if q.Zero.Formed != formed || q.Zero.Eliminated != elim || q.Placements.Total != placed ||
			q.Placements.Promise.Den != req || q.Placements.Promise.Num != kept {
			t.Errorf("%s: quarter flows formed %d eliminated %d placed %d promise %d/%d; the months sum to %d %d %d %d/%d", code,
				q.Zero.Formed, q.Zero.Eliminated, q.Placements.Total, q.Placements.Promise.Num, q.Placements.Promise.Den, formed, elim, placed, kept, req)
		}
	}
	// The fixture's own numbers, so the sums above are not of zeros.
	var d warehouse.PeriodFigures
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"?period=2009Q4", &d)
	if d.Zero.Formed != 2 || d.Zero.Eliminated != 1 || d.Zero.Outstanding != 1 || d.Placements.Total != 4 ||
		d.Placements.Promise.Num != 2 || d.Placements.Promise.Den != 3 {
		t.Errorf("%s 2009-Q4: formed %d eliminated %d outstanding %d placed %d promise %d/%d; want 2, 1, 1, 4, 2/3",
			distA, d.Zero.Formed, d.Zero.Eliminated, d.Zero.Outstanding, d.Placements.Total, d.Placements.Promise.Num, d.Placements.Promise.Den)
	}
	var city warehouse.PeriodFigures
	f.getJSON(t, "city", "/api/v1/regions/3301?period=2009-Q4", &city)
	if city.Placements.Total != 5 {
		t.Errorf("city 2009-Q4 placements %d, want 5", city.Placements.Total)
	}
	var pl warehouse.Placements
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"/placements?period=2009-Q4", &pl)
	if pl.Total != d.Placements.Total || pl.Promise != d.Placements.Promise {
		t.Errorf("placements route %+v, the region's %+v", pl, d.Placements)
	}
	// Children: the city's districts over the quarter add up to the city.
	var ch struct {
		Period   string                    `json:"period"`
		AsOf     string                    `json:"as_of"`
		Children []warehouse.PeriodFigures `json:"children"`
	}
	f.getJSON(t, "city", "/api/v1/regions/3301/children?period=2009-Q4", &ch)
	var sf, se, sp uint64
	for _, c := range ch.Children {
		sf, se, sp = sf+c.Zero.Formed, se+c.Zero.Eliminated, sp+c.Placements.Total
	}
	if ch.Period != "2009-Q4" || ch.AsOf != "2009-12" || len(ch.Children) != 2 || sf != city.Zero.Formed || se != city.Zero.Eliminated || sp != city.Placements.Total {
		t.Errorf("children %s as of %s: %d children, flows %d %d %d; the city's %d %d %d", ch.Period, ch.AsOf, len(ch.Children),
			sf, se, sp, city.Zero.Formed, city.Zero.Eliminated, city.Placements.Total)
	}
	// The page shows the same numbers, says which are stocks and which flows, and offers
	// months, quarters and years.
	code, body := f.do(t, "city", "GET", "/region/"+distA+"?period=2009-Q4", nil, "")
	if code != 200 {
		t.Fatalf("quarter page: %d %.300s", code, body)
	}
	got := pageValues(body)
	want := map[string]string{
		"labour_force": fmt.Sprint(d.LabourForce), "employment_rate": fmt.Sprintf("%.1f", d.EmploymentRate.Percent),
		"registered_unemployment": fmt.Sprintf("%.1f", d.RegisteredUnemployment.Percent), "zero_outstanding": "1",
		"zero_formed": "2", "zero_eliminated": "1", "placements": "4", "promise_72h": "66.7",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the quarter page's card %v, want %v", got, want)
	}
	for _, w := range []string{"2009年第四季度", "存量为期末数（2009-12），流量为期内合计（2009-10至2009-12，有台帐的3个月）", "存量（期末数）", "流量（期内合计）",
		`<optgroup label="月度">`, `<optgroup label="季度">`, `<optgroup label="年度">`, `<option value="2009-Q4" selected>2009年第四季度</option>`,
		`<option value="2010">2010年</option>`, `<option value="2009-11">2009-11</option>`, `data-href="/region/` + streetA + `?period=2009-Q4"`,
		"/export/streets.csv?lang=zh-CN&amp;period=2009-Q4&amp;region=" + distA, "较上季度（百分点）"} {
		if w == "较上季度（百分点）" {
			_, cityPage := f.do(t, "city", "GET", "/region/3301?period=2009-Q4", nil, "")
			if !strings.Contains(cityPage, w) {
				t.Errorf("the city's quarter page lacks %q", w)
			}
			continue
		}
		if !strings.Contains(body, w) {
			t.Errorf("the quarter page lacks %q", w)
		}
	}
	if strings.Contains(body, "数据截至") {
		t.Error("a finished quarter says it is read before its end")
	}
	_, en := f.do(t, "city", "GET", "/region/"+distA+"?period=2009-Q4&lang=en", nil, "")
	for _, w := range []string{"Q4 2009", "Stocks are at the end of the period (2009-12); flows are totals over it (2009-10 to 2009-12, 3 months with a ledger).", "QoQ"} {
		if !strings.Contains(en, w) {
			t.Errorf("the English quarter page lacks %q", w)
		}
	}
	// A community's quarter page lists the quarter's placements, the ones its card counts.
	code, body = f.do(t, "street", "GET", "/region/"+commA2+"?period=2009-Q4", nil, "")
	if code != 200 {
		t.Fatalf("community quarter page: %d %.300s", code, body)
	}
	got = pageValues(body)
	if got["placements"] != "2" || got["promise_72h"] != "0.0" || got["zero_formed"] != "1" || got["zero_eliminated"] != "1" || got["zero_outstanding"] != "0" ||
		!strings.Contains(body, "帮扶安置 · 2009年第四季度") || strings.Count(body, "2009-10-30 08:00")+strings.Count(body, "2009-11-05 09:00") != 2 ||
		!strings.Contains(body, "72小时兑现率 0.0% (0/1)") {
		t.Errorf("community quarter page: card %v\n%.3000s", got, body)
	}
	// The export of a quarter's table is named for the quarter.
	req := httptest.NewRequest("GET", "/export/league.csv?region=3301&period=2009q4", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["city"])
	resp, err := f.srv.App().Test(req, 60_000)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); resp.StatusCode != 200 || !strings.Contains(cd, `filename="league-3301-2009-Q4.csv"`) {
		t.Errorf("quarter export: %d %s", resp.StatusCode, cd)
	}
}

// TestPeriodCacheKeys: the ways of writing one period share one cache entry, for pages
// and the API alike.
func TestPeriodCacheKeys(t *testing.T) {
	f := newPeriodFixture(t)
	first := []string{"/region/" + distA + "?period=2009-Q4", "/api/v1/regions/" + distA + "?period=2009-Q4",
		"/region/" + distA + "?period=2009-12", "/api/v1/regions/" + distA + "?period=2009-12"}
	for _, u := range first {
		if code, body := f.do(t, "city", "GET", u, nil, ""); code != 200 {
			t.Fatalf("GET %s: %d %.200s", u, code, body)
		}
	}
	before, _ := f.srv.dash.Data.CacheStats()
	for _, u := range []string{"/region/" + distA + "?period=2009Q4", "/region/" + distA + "?period=2009-q4&x=1",
		"/api/v1/regions/" + distA + "?period=2009q4", "/api/v1/regions/" + distA + "?period=%202009-Q4",
		"/region/" + distA + "?month=200912", "/region/" + distA + "?period=200912", "/api/v1/regions/" + distA + "?month=2009-12",
		"/api/v1/regions/" + distA + "?period=200912&utm=3"} {
		if code, body := f.do(t, "city", "GET", u, nil, ""); code != 200 {
			t.Fatalf("GET %s: %d %.200s", u, code, body)
		}
	}
	if after, _ := f.srv.dash.Data.CacheStats(); after != before {
		t.Errorf("cache entries %d after other spellings of the same periods, %d before", after, before)
	}
}

// TestYearInProgress: 2010 has ledgers for January and February only: it is read as of
// February, its stocks are February's, its flows January's and February's, and the page
// says so.
func TestYearInProgress(t *testing.T) {
	f := newPeriodFixture(t)
	var y, jan, feb warehouse.PeriodFigures
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"?period=2010", &y)
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"?month=2010-01", &jan)
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"?month=2010-02", &feb)
	if y.AsOf.Format("2006-01") != "2010-02" || !y.Partial || len(y.Months) != 2 {
		t.Errorf("2010: as of %s partial %v months %v, want 2010-02, partial, two months", y.AsOf, y.Partial, y.Months)
	}
	if !reflect.DeepEqual(stocks(y), stocks(feb)) || y.Zero.Outstanding != 1 {
		t.Errorf("2010's stocks\n%+v\nare not February's\n%+v", stocks(y), stocks(feb))
	}
	if y.Zero.Formed != jan.Zero.Formed+feb.Zero.Formed || y.Zero.Eliminated != jan.Zero.Eliminated+feb.Zero.Eliminated ||
		y.Zero.Formed != 1 || y.Zero.Eliminated != 1 || y.Placements.Total != 1 {
		t.Errorf("2010 flows: formed %d eliminated %d placed %d; January %d %d, February %d %d; want 1, 1, 1",
			y.Zero.Formed, y.Zero.Eliminated, y.Placements.Total, jan.Zero.Formed, jan.Zero.Eliminated, feb.Zero.Formed, feb.Zero.Eliminated)
	}
	var q warehouse.PeriodFigures
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"?period=2010-Q1", &q)
	if q.AsOf.Format("2006-01") != "2010-02" || !q.Partial {
		t.Errorf("2010-Q1: as of %s partial %v", q.AsOf, q.Partial)
	}
	for lang, words := range map[string][]string{
		"zh-CN": {"2010年", `<span id="as-of">数据截至2010-02</span>`, "2010年 · 数据截至2010-02", "存量为期末数（2010-02），流量为期内合计（2010-01至2010-02，有台帐的2个月）"},
		"en":    {`<span id="as-of">as of 2010-02</span>`, "Stocks are at the end of the period (2010-02)"},
	} {
		code, body := f.do(t, "city", "GET", "/region/"+distA+"?period=2010&lang="+lang, nil, "")
		if code != 200 {
			t.Fatalf("2010 page: %d %.300s", code, body)
		}
		for _, w := range words {
			if !strings.Contains(body, w) {
				t.Errorf("the %s page of 2010 lacks %q", lang, w)
			}
		}
		if lang == "zh-CN" && (strings.Contains(body, "环比") || !strings.Contains(body, "同比")) {
			t.Error("a year's headline should show 同比 and no 环比")
		}
	}
	// The API's year headline has no 环比, its 同比 none (no 2009-02).
	var h struct {
		Period  string `json:"period"`
		Month   string `json:"month"`
		Figures []struct {
			Key   string   `json:"key"`
			Value float64  `json:"value"`
			MoM   *float64 `json:"mom"`
		} `json:"figures"`
	}
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"/headline?period=2010", &h)
	if h.Period != "2010" || h.Month != "2010-02" || len(h.Figures) == 0 {
		t.Errorf("headline of 2010: %+v", h)
	}
	for _, x := range h.Figures {
		if x.MoM != nil {
			t.Errorf("headline %s of a year has a 环比 %v", x.Key, *x.MoM)
		}
		if x.Key == "zero_outstanding" && x.Value != 1 {
			t.Errorf("headline zero outstanding %v, want February's 1", x.Value)
		}
	}
}

// TestPeriodOutsideData: a period without any ledger is a 404 with a sentence in Chinese
// then English — the page, the API (JSON) and an export — never a page of zeros; a
// malformed one is a 400 that names it; a region outside the user's area stays 403.
func TestPeriodOutsideData(t *testing.T) {
	f := newPeriodFixture(t)
	for _, c := range []struct{ user, path, zh, en string }{
		{"city", "/region/3301?period=2030-Q1", "2030年第一季度没有台帐数据（现有数据为2009年10月至2010年2月），因此没有数字。", "There is no ledger data for Q1 2030 (the data cover October 2009 to February 2010), so there are no figures."},
		{"city", "/region/" + distA + "?period=2006", "2006年没有台帐数据", "There is no ledger data for 2006"},
		{"city", "/region/main_urban?month=2009-06", "2009年6月没有台帐数据", "There is no ledger data for June 2009"},
		{"street", "/region/" + commA + "?period=2008-Q4", "2008年第四季度没有台帐数据", "There is no ledger data for Q4 2008"},
		{"city", "/api/v1/regions/3301?period=2006", "2006年没有台帐数据", "There is no ledger data for 2006"},
		{"district", "/api/v1/regions/" + distA + "/children?period=2030-Q1", "2030年第一季度没有台帐数据", "Q1 2030"},
		{"district", "/api/v1/regions/" + distA + "/headline?month=2009-09", "2009年9月没有台帐数据", "September 2009"},
		{"city", "/api/v1/targets?period=2011", "2011年没有台帐数据", "2011"},
		{"city", "/export/league.xlsx?region=3301&period=2030-Q1", "2030年第一季度没有台帐数据", "Q1 2030"},
	} {
		code, body := f.do(t, c.user, "GET", c.path, nil, "")
		if code != 404 || !strings.Contains(body, c.zh) || !strings.Contains(body, c.en) || strings.Index(body, c.zh) > strings.Index(body, c.en) {
			t.Errorf("%s GET %s = %d %.400s; want 404 saying %q then %q", c.user, c.path, code, body, c.zh, c.en)
		}
		if strings.HasPrefix(c.path, "/api/") {
			var e struct{ Error string }
			if json.Unmarshal([]byte(body), &e) != nil || !strings.HasPrefix(e.Error, c.zh[:12]) {
				t.Errorf("GET %s: want a JSON error that is the sentence, got %.300s", c.path, body)
			}
		}
		if strings.HasPrefix(c.path, "/region/") && (strings.Contains(body, "未找到该页面或地区") || strings.Contains(body, "pf-value")) {
			t.Errorf("GET %s: want the sentence alone, no figures: %.600s", c.path, body)
		}
	}
	for _, c := range []struct{ path, want string }{
		{"/region/3301?period=2009-Q5", `period &#34;2009-Q5&#34;: quarter Q5 is not Q1–Q4`},
		{"/api/v1/regions/3301?period=2009-13", `period \"2009-13\": month 13 is not 01–12`},
		{"/api/v1/regions/3301?month=2009/12", `period \"2009/12\": want YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year)`},
		{"/api/v1/regions/3301/zero-employment?from=2009-Q1", `a quarter where a month YYYY-MM is wanted`},
	} {
		if code, body := f.do(t, "city", "GET", c.path, nil, ""); code != 400 || !strings.Contains(body, c.want) {
			t.Errorf("GET %s = %d %.300s; want 400 with %s", c.path, code, body, c.want)
		}
	}
	// Outside the user's area: 403 whatever the period (the scope is checked first).
	for _, p := range []string{"/region/" + distB + "?period=2030-Q1", "/api/v1/regions/" + distB + "?period=2006", "/api/v1/targets?period=2030-Q1"} {
		if code, body := f.do(t, "district", "GET", p, nil, ""); code != 403 {
			t.Errorf("district GET %s = %d %.200s, want 403", p, code, body)
		}
	}
}

// TestGroupPageAndUnknownCodes: a district group has a page like the API's group code;
// inside the user's area an unknown code is 404, outside it (or a group, for all but the
// city) 403 — on pages, the API and exports.
func TestGroupPageAndUnknownCodes(t *testing.T) {
	f := newPeriodFixture(t)
	code, body := f.do(t, "city", "GET", "/region/main_urban?period=2009-Q4", nil, "")
	if code != 200 {
		t.Fatalf("group page: %d %.300s", code, body)
	}
	var g, a, b warehouse.PeriodFigures
	f.getJSON(t, "city", "/api/v1/regions/main_urban?period=2009-Q4", &g)
	f.getJSON(t, "city", "/api/v1/regions/"+distA+"?period=2009-Q4", &a)
	f.getJSON(t, "city", "/api/v1/regions/"+distB+"?period=2009-Q4", &b)
	if g.Region.Level != warehouse.LevelGroup || g.LabourForce != a.LabourForce+b.LabourForce || g.Zero.Formed != a.Zero.Formed+b.Zero.Formed ||
		g.Placements.Total != a.Placements.Total+b.Placements.Total {
		t.Errorf("group %+v is not its districts' sum", g)
	}
	vals := pageValues(body)
	if vals["labour_force"] != fmt.Sprint(g.LabourForce) || vals["zero_formed"] != fmt.Sprint(g.Zero.Formed) || vals["placements"] != fmt.Sprint(g.Placements.Total) {
		t.Errorf("group page card %v, API %d %d %d", vals, g.LabourForce, g.Zero.Formed, g.Placements.Total)
	}
	for _, w := range []string{"<h1>主城区", `id="table-league"`, "上城区", "下城区", `data-href="/region/` + distA + `?period=2009-Q4"`,
		`<a href="/region/3301?period=2009-Q4">杭州市</a> › 主城区`, `data-chart="districts"`} {
		if !strings.Contains(body, w) {
			t.Errorf("the group page lacks %q", w)
		}
	}
	if _, en := f.do(t, "city", "GET", "/region/main_urban?period=2009-Q4&lang=en", nil, ""); !strings.Contains(en, "<h1>Main urban districts") {
		t.Error("the English group page lacks its title")
	}
	m := "?period=2009-Q4"
	for _, c := range []struct {
		user, code string
		want       int
	}{
		{"city", "main_urban", 200}, {"city", "330199", 404}, {"city", "330102001999", 404}, {"city", "3302", 403}, {"city", "main_urbanx", 403},
		{"district", distA, 200}, {"district", "330102999", 404}, {"district", "330102001999", 404},
		{"district", distB, 403}, {"district", "330199", 403}, {"district", "main_urban", 403}, {"district", "3301", 403},
		{"street", streetA, 200}, {"street", "330102001999", 404}, {"street", "330102002", 403}, {"street", distA, 403},
		{"community", commA, 200}, {"community", commA + "9", 404}, {"community", commA2, 403},
	} {
		for _, path := range []string{"/region/" + c.code + m, "/api/v1/regions/" + c.code + m, "/api/v1/regions/" + c.code + "/headline" + m,
			"/export/targets.csv?region=" + c.code + "&period=2009-Q4"} {
			if got, body := f.do(t, c.user, "GET", path, nil, ""); got != c.want {
				t.Errorf("%s GET %s = %d, want %d: %.200s", c.user, path, got, c.want, body)
			}
		}
	}
	// The league ranks the districts of the city or of a group, no other region's.
	if code, _ := f.do(t, "city", "GET", "/export/league.csv?region=main_urban&period=2009-Q4", nil, ""); code != 200 {
		t.Errorf("group league export: %d", code)
	}
	if code, _ := f.do(t, "district", "GET", "/export/league.csv?region="+distA+"&period=2009-Q4", nil, ""); code != 404 {
		t.Errorf("a district's league export: %d, want 404", code)
	}
}
