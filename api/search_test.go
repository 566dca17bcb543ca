package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"fullemp/readmodel"
)

// TestSearch: GET /api/v1/search finds regions by Chinese name and by code, each with its
// page's URL, within the caller's area only (a street user does not find another
// district's communities); the search page lists them with links and goes straight to a
// region named whole or by code.
func TestSearch(t *testing.T) {
	f := newFixture(t)
	type answer struct {
		Query   string
		Results []readmodel.SearchResult
		More    bool
	}
	search := func(user, q string) answer {
		t.Helper()
		a := f.answer(t, user, "/api/v1/search?q="+url.QueryEscape(q))
		if a.code != 200 || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
			t.Fatalf("%s searches %q: %d %s %.200s", user, q, a.code, a.header.Get("Content-Type"), a.body)
		}
		var out answer
		if err := json.Unmarshal([]byte(a.body), &out); err != nil {
			t.Fatalf("%s searches %q: %v in %.200s", user, q, err, a.body)
		}
		return out
	}
	found := func(a answer) string {
		var out []string
		for _, r := range a.Results {
			out = append(out, r.Code+" "+r.Name+" "+string(r.Level)+" "+r.Path+" "+r.URL)
		}
		return strings.Join(out, "; ")
	}
	for _, tc := range []struct{ user, q, want string }{
		{"city", "湖滨", "330102001 湖滨街道 street 上城区 /region/330102001"},
		{"city", "竹竿巷", "330103001001 竹竿巷社区 community 下城区 › 武林街道 /region/330103001001"},
		{"city", commB, "330103001001 竹竿巷社区 community 下城区 › 武林街道 /region/330103001001"},
		{"city", "上城", "330102 上城区 district  /region/330102"},
		{"city", "社区", "330102001001 东坡社区 community 上城区 › 湖滨街道 /region/330102001001; " +
			"330102001002 青年社区 community 上城区 › 湖滨街道 /region/330102001002; 330103001001 竹竿巷社区 community 下城区 › 武林街道 /region/330103001001"},
		{"street", "社区", "330102001001 东坡社区 community 上城区 › 湖滨街道 /region/330102001001; 330102001002 青年社区 community 上城区 › 湖滨街道 /region/330102001002"},
		{"street", "竹竿巷", ""},
		{"street", commB, ""},
		{"street", "下城", ""},
		{"street", "上城", ""}, // above the street user's area
		{"district", "武林", ""},
		{"community", "青年", ""},
		{"community", "东坡", "330102001001 东坡社区 community 上城区 › 湖滨街道 /region/330102001001"},
	} {
		a := search(tc.user, tc.q)
		if got := found(a); got != tc.want || a.Query != tc.q || a.More {
			t.Errorf("%s searches %q: %q (more %v), want %q", tc.user, tc.q, got, a.More, tc.want)
		}
	}
	if a := f.answer(t, "city", "/api/v1/search?q=%20"); a.code != 400 || !strings.Contains(a.body, `"error"`) {
		t.Errorf("empty query: %d %s", a.code, a.body)
	}
	if a := f.answer(t, "city", "/api/v1/search?q=x&limit=500"); a.code != 400 {
		t.Errorf("limit 500: %d %s", a.code, a.body)
	}
	if a := f.answer(t, "", "/api/v1/search?q=东坡"); a.code != 401 {
		t.Errorf("anonymous search: %d", a.code)
	}

	// The page: a list with links; the whole name or a code opens the region's page, for
	// the month the search came from.
	a := f.answer(t, "street", "/search?q="+url.QueryEscape("社区")+"&month=2009-12")
	if a.code != 200 || !strings.Contains(a.body, `<a href="/region/330102001001?period=2009-12">东坡社区</a>`) ||
		!strings.Contains(a.body, "青年社区") || strings.Contains(a.body, "竹竿巷") {
		t.Errorf("search page as the street user: %d %.2000s", a.code, a.body)
	}
	for q, want := range map[string]string{"东坡社区": "/region/330102001001?period=2009-12", commA2: "/region/330102001002?period=2009-12",
		streetA: "/region/330102001?period=2009-12"} { // its communities' codes start with it too
		a := f.answer(t, "street", "/search?q="+url.QueryEscape(q)+"&month=2009-12")
		if a.code != 302 || a.header.Get("Location") != want {
			t.Errorf("search page %q: %d to %q, want %s", q, a.code, a.header.Get("Location"), want)
		}
	}
	a = f.answer(t, "street", "/search?q="+url.QueryEscape("竹竿巷社区"))
	if a.code != 200 || !strings.Contains(a.body, "在您的辖区内没有找到") || strings.Contains(a.body, commB) {
		t.Errorf("another district's community on the search page: %d %.1000s", a.code, a.body)
	}
	// Every page's header has the search box.
	a = f.answer(t, "street", "/region/"+streetA+"?month="+testMonth)
	if !strings.Contains(a.body, `<form class="search" method="get" action="/search" role="search">`) || !strings.Contains(a.body, `name="period" value="2009-12"`) {
		t.Errorf("the street page has no search box: %.1500s", a.body)
	}
}
