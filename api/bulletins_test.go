package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"fullemp/bulletin"
	"fullemp/standard"
)

// TestBulletinRoutes: drafts are the city's only (embargo); a district reads its own and
// the city's published bulletins, not another district's; publishing is the city's and
// audited; the bulletin's numbers equal the API's.
func TestBulletinRoutes(t *testing.T) {
	f := newFixture(t)
	f.srv.EnableBulletins(f.store.Conn, standard.Default(), bulletin.DefaultOptions())
	draft := "/api/v1/bulletins/3301/2009-12?vintage=draft"
	if code, body := f.do(t, "district", http.MethodGet, draft, nil, ""); code != http.StatusForbidden {
		t.Errorf("a district reads the city's draft: %d %s", code, body)
	}
	if code, _ := f.do(t, "district", http.MethodGet, "/api/v1/bulletins/3301/2009-12", nil, ""); code != http.StatusNotFound {
		t.Errorf("an unpublished bulletin: %d, want 404", code)
	}
	code, body := f.do(t, "city", http.MethodGet, draft, nil, "")
	if code != http.StatusOK {
		t.Fatalf("the city's draft: %d %s", code, body)
	}
	var b bulletin.Bulletin
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	code, body = f.do(t, "city", http.MethodGet, "/api/v1/regions/3301/progress?month=2009-12", nil, "")
	if code != http.StatusOK {
		t.Fatalf("progress: %d %s", code, body)
	}
	var pr struct {
		CommunitiesMet      int `json:"communities_met"`
		CommunitiesAssessed int `json:"communities_assessed"`
	}
	if err := json.Unmarshal([]byte(body), &pr); err != nil {
		t.Fatal(err)
	}
	if b.Numbers["communities_met"].Value != float64(pr.CommunitiesMet) || b.Numbers["communities_assessed"].Value != float64(pr.CommunitiesAssessed) {
		t.Errorf("bulletin %v of %v, API %d of %d", b.Numbers["communities_met"].Value, b.Numbers["communities_assessed"].Value, pr.CommunitiesMet, pr.CommunitiesAssessed)
	}
	if code, body := f.do(t, "district", http.MethodPost, "/api/v1/bulletins/3301/2009-12/publish", nil, ""); code != http.StatusForbidden {
		t.Errorf("a district publishes: %d %s", code, body)
	}
	for _, region := range []string{"3301", distA, distB} {
		if code, body := f.do(t, "city", http.MethodPost, "/api/v1/bulletins/"+region+"/2009-12/publish", nil, ""); code != http.StatusOK {
			t.Fatalf("the city publishes %s: %d %s", region, code, body)
		}
	}
	code, body = f.do(t, "district", http.MethodGet, "/api/v1/bulletins", nil, "")
	if code != http.StatusOK || !strings.Contains(body, `"region":"3301"`) || !strings.Contains(body, `"region":"`+distA+`"`) || strings.Contains(body, `"region":"`+distB+`"`) {
		t.Errorf("a district's list: %d %s", code, body)
	}
	if code, _ := f.do(t, "district", http.MethodGet, "/api/v1/bulletins/"+distB+"/2009-12", nil, ""); code != http.StatusForbidden {
		t.Errorf("a district reads another district's bulletin: %d", code)
	}
	code, body = f.do(t, "district", http.MethodGet, "/api/v1/bulletins/3301/2009-12?format=md", nil, "")
	if code != http.StatusOK || !strings.Contains(body, "统计月报") || !strings.Contains(body, "初步") {
		t.Errorf("the city's published bulletin as Markdown for a district: %d %.300s", code, body)
	}
	code, body = f.do(t, "city", http.MethodGet, "/api/v1/audit", nil, "")
	if code != http.StatusOK || !strings.Contains(body, "publish_bulletin") {
		t.Errorf("publication not audited: %.300s", body)
	}
	code, body = f.do(t, "district", http.MethodGet, "/bulletins", nil, "")
	if code != http.StatusOK || !strings.Contains(body, "/bulletins/3301/2009-12?lang=zh&amp;vintage=1") || strings.Contains(body, "vintage=draft") || strings.Contains(body, "/"+distB+"/") {
		t.Errorf("a district's bulletins page: %d %.2000s", code, body)
	}
	code, body = f.do(t, "city", http.MethodGet, "/bulletins", nil, "")
	if code != http.StatusOK || !strings.Contains(body, "/bulletins/"+distB+"/2009-12?lang=zh&amp;vintage=1") {
		t.Errorf("the city's bulletins page lacks %s's vintage: %d", distB, code)
	}
	if code, _ := f.do(t, "city", http.MethodGet, "/api/v1/bulletins/3301/2009-13?vintage=draft", nil, ""); code != http.StatusBadRequest {
		t.Errorf("a malformed period: %d, want 400", code)
	}
}
