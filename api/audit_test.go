package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fullemp/account"
)

// TestAuditEveryPersonLevelRead: each person-level read — households, residents,
// verification list, placements, on the community page, the API, the tables API and an
// export — leaves its audit row; the audit filters by user, action and day; it downloads
// with its filters (itself audited) for the city only.
func TestAuditEveryPersonLevelRead(t *testing.T) {
	f := newFixture(t)
	m := "?month=" + testMonth
	for _, u := range []string{
		"/api/v1/communities/" + commA + "/households" + m,
		"/api/v1/communities/" + commA + "/residents" + m,
		"/api/v1/communities/" + commA + "/verification" + m,
		"/api/v1/tables/placements" + m + "&region=" + commA,
		"/api/v1/tables/households" + m + "&region=" + commA,
		"/export/residents.csv" + m + "&region=" + commA,
		"/region/" + commA + m,
	} {
		if code, body := f.do(t, "community", "GET", u, nil, ""); code != 200 {
			t.Fatalf("GET %s: %d %.200s", u, code, body)
		}
	}
	events := func(q string) []account.Event {
		t.Helper()
		code, body := f.do(t, "city", "GET", "/api/v1/audit?"+q, nil, "")
		if code != 200 {
			t.Fatalf("audit?%s: %d %.200s", q, code, body)
		}
		var out struct{ Events []account.Event }
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out.Events
	}
	count := map[string]int{}
	for _, e := range events("user=community") {
		if e.User != "community" || e.Target != commA {
			t.Errorf("event %+v: want the community user's reads of %s", e, commA)
		}
		count[e.Action]++
	}
	// The residents export is a residents view and an export.
	want := map[string]int{account.ActionHouseholds: 3, account.ActionResidents: 3, account.ActionVerify: 2, account.ActionPlacements: 2, account.ActionExport: 1}
	for a, n := range want {
		if count[a] != n {
			t.Errorf("%s: %d events, want %d (all: %v)", a, count[a], n, count)
		}
	}
	if ev := events("user=community&action=" + account.ActionHouseholds); len(ev) != 3 {
		t.Errorf("filtered by action: %d events, want 3", len(ev))
	}
	today := time.Now().In(beijing)
	if ev := events("user=community&from=" + today.AddDate(0, 0, 1).Format("2006-01-02")); len(ev) != 0 {
		t.Errorf("from tomorrow: %d events, want none", len(ev))
	}
	if ev := events("user=community&to=" + today.AddDate(0, 0, -1).Format("2006-01-02")); len(ev) != 0 {
		t.Errorf("to yesterday: %d events, want none", len(ev))
	}
	if ev := events("user=community&from=" + today.Format("2006-01-02") + "&to=" + today.Format("2006-01-02")); len(ev) != 11 {
		t.Errorf("today: %d events, want 11", len(ev))
	}
	code, body := f.do(t, "city", "GET", "/audit/export.csv?user=community&action="+account.ActionResidents, nil, "")
	if code != 200 || strings.Count(body, "查看居民名单") != 3 || strings.Contains(body, "查看家庭名单") {
		t.Errorf("audit export: %d %.400s; want the three residents views only", code, body)
	}
	if ev := events("user=city&action=" + account.ActionExport); len(ev) != 1 || !strings.Contains(ev[0].Detail, "audit.csv") {
		t.Errorf("the audit's own download: %+v, want one export event naming audit.csv", ev)
	}
	if code, body := f.do(t, "city", "GET", "/audit?user=community", nil, ""); code != 200 || !strings.Contains(body, `name="action"`) || !strings.Contains(body, "/audit/export.xlsx?user=community") {
		t.Errorf("audit page: %d, want the filter form and downloads keeping the filter", code)
	} else if !strings.Contains(body, "查看家庭名单") {
		t.Errorf("audit page lacks the households views")
	}
	if code, _ := f.do(t, "district", "GET", "/audit/export.csv", nil, ""); code != 403 {
		t.Errorf("a district user's audit export: %d, want 403", code)
	}
	if code, _ := f.do(t, "city", "GET", "/api/v1/audit?action=drop_table", nil, ""); code != 400 {
		t.Errorf("unknown action filter: %d, want 400", code)
	}
}
