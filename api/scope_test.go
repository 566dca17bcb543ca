package api

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestScopeByRole asks, as each role, for its own area and for another area's data on
// pages, the API and exports: 200 against 403, deny by default.
func TestScopeByRole(t *testing.T) {
	f := newFixture(t)
	m := "?month=" + testMonth
	cases := []struct {
		user         string
		own, other   string // a region inside and one outside the user's area
		table        string // a table of the own region's page
		ownCommunity string
	}{
		{"city", "3301", "3302", "league", commA},
		{"district", distA, distB, "streets", commA},
		{"street", streetA, streetB, "communities", commA2},
		{"community", commA, commA2, "households", commA},
	}
	for _, tc := range cases {
		t.Run(tc.user, func(t *testing.T) {
			for _, r := range []struct {
				path string
				want int
			}{
				{"/region/" + tc.own + m, 200},
				{"/region/" + tc.other + m, 403},
				{"/api/v1/regions/" + tc.own + m, 200},
				{"/api/v1/regions/" + tc.other + m, 403},
				{"/api/v1/regions/" + tc.own + "/children" + m, 200},
				{"/api/v1/regions/" + tc.other + "/children" + m, 403},
				{"/api/v1/regions/" + tc.own + "/zero-employment?from=2009-01&to=2009-12", 200},
				{"/api/v1/regions/" + tc.other + "/zero-employment?from=2009-01&to=2009-12", 403},
				{"/api/v1/regions/" + tc.own + "/standards" + m, 200},
				{"/api/v1/regions/" + tc.other + "/standards" + m, 403},
				{"/api/v1/communities/" + tc.ownCommunity + "/verification" + m, 200},
				{"/api/v1/communities/" + outside(tc.user, commB) + "/verification" + m, 403},
				{"/api/v1/communities/" + tc.ownCommunity + "/residents" + m, 200},
				{"/api/v1/communities/" + outside(tc.user, commB) + "/residents" + m, 403},
				{"/export/" + tc.table + ".csv?region=" + tc.own + "&month=" + testMonth, 200},
				{"/export/" + tc.table + ".xlsx?region=" + tc.own + "&month=" + testMonth, 200},
				{"/export/" + tc.table + ".csv?region=" + tc.other + "&month=" + testMonth, 403},
				{"/export/residents.xlsx?region=" + outside(tc.user, commB) + "&month=" + testMonth, 403},
			} {
				code, body := f.do(t, tc.user, "GET", r.path, nil, "")
				if code != r.want {
					t.Errorf("%s GET %s = %d, want %d: %.300s", tc.user, r.path, code, r.want, body)
				}
				if r.want == 403 && strings.HasPrefix(r.path, "/api/") && !strings.Contains(body, `"error"`) {
					t.Errorf("%s GET %s: want a JSON error, got %.200s", tc.user, r.path, body)
				}
			}
			code, _ := f.do(t, tc.user, "GET", "/api/v1/targets"+m, nil, "")
			if want := map[bool]int{true: 200, false: 403}[tc.user == "city"]; code != want {
				t.Errorf("%s targets = %d, want %d", tc.user, code, want)
			}
			code, _ = f.do(t, tc.user, "GET", "/api/v1/audit", nil, "")
			if want := map[bool]int{true: 200, false: 403}[tc.user == "city"]; code != want {
				t.Errorf("%s audit = %d, want %d", tc.user, code, want)
			}
		})
	}
	// No credentials: 401 JSON for the API, the login page for pages.
	if code, body := f.do(t, "", "GET", "/api/v1/regions/3301", nil, ""); code != 401 || !strings.Contains(body, "error") {
		t.Errorf("anonymous API = %d %s, want 401", code, body)
	}
	if code, _ := f.do(t, "", "GET", "/region/3301", nil, ""); code != http.StatusFound {
		t.Errorf("anonymous page = %d, want a redirect to /login", code)
	}
	// ID numbers: masked for the district, whole for the street.
	_, body := f.do(t, "district", "GET", "/api/v1/communities/"+commA+"/residents"+m, nil, "")
	if !strings.Contains(body, personAHidden) || strings.Contains(body, personA) {
		t.Errorf("district sees residents unmasked: %.300s", body)
	}
	_, body = f.do(t, "street", "GET", "/api/v1/communities/"+commA+"/residents"+m, nil, "")
	if !strings.Contains(body, personA) {
		t.Errorf("street does not see the full ID number: %.300s", body)
	}
	// The XLSX export opens with excelize.
	code, body := f.do(t, "street", "GET", "/export/households.xlsx?region="+commA+"&month="+testMonth, nil, "")
	x, err := excelize.OpenReader(strings.NewReader(body))
	if code != 200 || err != nil {
		t.Fatalf("xlsx export: %d %v", code, err)
	}
	rows, _ := x.GetRows(x.GetSheetList()[0])
	if len(rows) != 4 { // title, header, households H1, H2
		t.Errorf("households xlsx rows = %v", rows)
	}
	// The audit trail holds the person-level views and exports.
	_, body = f.do(t, "city", "GET", "/api/v1/audit", nil, "")
	for _, action := range []string{"view_residents", "view_verification", "export"} {
		if !strings.Contains(body, action) {
			t.Errorf("audit lacks %s: %.500s", action, body)
		}
	}
}

// TestUploadScope: a community user's rows of another community are rejected with a
// reason; district and city users upload inside their area.
func TestUploadScope(t *testing.T) {
	f := newFixture(t)
	csv := "month,id_number,name,community_code,household_id,status,able,willing,hard_to_employ,assistance_card,graduate,rural_labor,unemployed_since,training_wish\n" +
		"2010-01," + personA + ",张三," + commA + ",H1,employed,Y,Y,N,N,N,N,,N\n" +
		"2010-01," + personD + ",赵六," + commA2 + ",H3,employed,Y,Y,N,N,N,N,,N\n" +
		"2010-01," + personB + ",李四," + commA + ",H1,bogus,Y,Y,N,N,N,N,,N\n"
	send := func(user string) (int, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "ledger-2010-01.csv")
		fw.Write([]byte(csv))
		w.Close()
		return f.do(t, user, "POST", "/api/v1/upload", &buf, w.FormDataContentType())
	}
	code, body := send("community")
	if code != 200 {
		t.Fatalf("community upload = %d: %s", code, body)
	}
	for _, want := range []string{`"rows_loaded":1`, "outside your area", `"row":2`, `"row":3`, "status"} {
		if !strings.Contains(body, want) {
			t.Errorf("community upload result lacks %s: %s", want, body)
		}
	}
	if code, body = send("street"); code != 200 {
		t.Errorf("street upload = %d: %s", code, body)
	}
	// The same rows as XLSX: the outside row is rejected, the others go through ingest.
	x := excelize.NewFile()
	for r, line := range strings.Split(strings.TrimSpace(csv), "\n") {
		for c, cell := range strings.Split(line, ",") {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			x.SetCellStr("Sheet1", ref, strings.Replace(cell, "2010-01", "2010-02", 1))
		}
	}
	var xb bytes.Buffer
	if err := x.Write(&xb); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "ledger-2010-02.xlsx")
	fw.Write(xb.Bytes())
	w.Close()
	code, body = f.do(t, "community", "POST", "/api/v1/upload", &buf, w.FormDataContentType())
	if code != 200 || !strings.Contains(body, `"rows_loaded":1`) || !strings.Contains(body, "outside your area") {
		t.Errorf("community XLSX upload = %d: %s", code, body)
	}
	for _, u := range []string{"district", "city"} {
		if code, body := send(u); code != 200 || !strings.Contains(body, `"rows_loaded":2`) {
			t.Errorf("%s upload = %d: %s", u, code, body)
		}
	}
}

// outside returns a community outside the user's area: commB, or for the city (whose area
// is every community) a code of another city.
func outside(user, comm string) string {
	if user == "city" {
		return "330203001001"
	}
	return comm
}
