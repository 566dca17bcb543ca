package api

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
)

// households returns who lives in which household in month (YYYY-MM-01): ID number →
// community/household.
func (f *fixture) households(t *testing.T, month string) map[string]string {
	t.Helper()
	rows, err := f.store.Conn.Query(context.Background(), "SELECT id_number, community_code, household_id FROM ledger FINAL WHERE month = toDate(?)", month)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, comm, hh string
		if err := rows.Scan(&id, &comm, &hh); err != nil {
			t.Fatal(err)
		}
		out[id] = comm + "/" + hh
	}
	return out
}

// get sends a GET as user and returns the response's status, Content-Disposition and body.
func (f *fixture) get(t *testing.T, user, target string) (int, string, []byte) {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	resp, err := f.srv.App().Test(req, 60_000)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Disposition"), b.Bytes()
}

// filenameStar decodes the RFC 5987 filename* of a Content-Disposition.
func filenameStar(t *testing.T, cd string) string {
	t.Helper()
	_, enc, ok := strings.Cut(cd, "filename*=UTF-8''")
	if !ok {
		t.Fatalf("Content-Disposition %q has no filename*", cd)
	}
	name, err := url.PathUnescape(enc)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// TestExcelRoundTrip: a community's ledger downloads as XLSX with a title row (the
// table, the community, the month), its Chinese sheet and file name, the identifiers as
// text cells (household 00007 stays 00007); edited with excelize (one resident moved to
// another household) and sent back through the upload, it loads every row and changes no
// household but the edited one. The league downloads as 区县排名-杭州市-2009年12月.xlsx,
// its rate column headed (%) and holding numbers, and in English under an English name;
// on the page XLSX comes before CSV.
func TestExcelRoundTrip(t *testing.T) {
	f := newFixture(t)
	// October: three residents of 东坡社区, one of them in household 00007, one unemployed.
	seed := ledgerHeader + "2009-10," + personE + ",周九," + commA + ",00007,employed,Y,Y,N,N,N,N,,N\n" +
		"2009-10," + personA + ",张三," + commA + ",H1,unemployed,Y,Y,Y,N,N,N,2009-06-01,Y\n" +
		"2009-10," + personB + ",李四," + commA + ",H1,out_of_labor_force,N,N,N,N,Y,N,,N\n"
	if _, res, body := f.upload(t, "city", "seed.csv", []byte(seed)); res.Loaded != 3 {
		t.Fatalf("seed October: %s", body)
	}
	code, cd, body := f.get(t, "street", "/export/ledger.xlsx?region="+commA+"&month=2009-10")
	if code != 200 {
		t.Fatalf("ledger.xlsx = %d: %s", code, body)
	}
	if got, want := filenameStar(t, cd), "台帐-东坡社区-2009年10月.xlsx"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sheet := x.GetSheetList()[0]
	if sheet != "台帐" {
		t.Errorf("sheet %q, want 台帐", sheet)
	}
	rows, _ := x.GetRows(sheet)
	if len(rows) < 3 || rows[0][0] != "台帐 · 东坡社区 · 2009年10月" {
		t.Fatalf("title row %q, want 台帐 · 东坡社区 · 2009年10月", rows)
	}
	if strings.Join(rows[1], ",") != strings.Join(campaign.Ledger.ChineseHeaders(), ",") {
		t.Errorf("header %q, want the ledger's Chinese headers", rows[1])
	}
	var seedRow, moveRow int
	for i, r := range rows[2:] {
		switch r[1] {
		case personE:
			seedRow = i + 3
		case personB:
			moveRow = i + 3
		}
	}
	if seedRow == 0 || moveRow == 0 {
		t.Fatalf("ledger.xlsx lacks %s or %s: %q", personE, personB, rows)
	}
	for _, col := range []string{"B", "D", "E"} { // ID number, community, household
		ref := col + itoa(seedRow)
		v, _ := x.GetCellValue(sheet, ref)
		typ, _ := x.GetCellType(sheet, ref)
		sid, _ := x.GetCellStyle(sheet, ref)
		st, _ := x.GetStyle(sid)
		if (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) || st == nil || st.NumFmt != 49 {
			t.Errorf("%s = %q: type %v, style %+v; want a text cell formatted as text", ref, v, typ, st)
		}
		if col == "E" && v != "00007" {
			t.Errorf("household %s = %q, want 00007", ref, v)
		}
	}

	// Edit one cell (李四 moves from H1 to H9) and send the file back.
	before := f.households(t, "2009-10-01")
	x.SetCellStr(sheet, "E"+itoa(moveRow), "H9")
	var edited bytes.Buffer
	if err := x.Write(&edited); err != nil {
		t.Fatal(err)
	}
	code, res, resBody := f.upload(t, "street", "台帐-东坡社区-2009年10月.xlsx", edited.Bytes())
	if code != 200 || res.Read != 3 || res.Loaded != 3 || res.Total != 0 {
		t.Fatalf("upload of the edited ledger = %d: %s", code, resBody)
	}
	after := f.households(t, "2009-10-01")
	for id, was := range before {
		want := was
		if id == personB {
			want = commA + "/H9"
		}
		if after[id] != want {
			t.Errorf("%s: household %s after the round trip, want %s", id, after[id], want)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d people after the round trip, %d before", len(after), len(before))
	}
	// A broken cell in the same file is reported at its row as Excel shows it, under the
	// title row: the header is row 2.
	x.SetCellStr(sheet, "F"+itoa(moveRow), "在职")
	var broken bytes.Buffer
	x.Write(&broken)
	if _, res, body := f.upload(t, "street", "broken.xlsx", broken.Bytes()); len(res.Rejected) != 1 || res.Rejected[0].SheetRow != moveRow || res.Rejected[0].Name != "李四" {
		t.Errorf("a broken cell at row %d of the export: %s", moveRow, body)
	}

	// The league: Chinese file name, the rate in (%) as a number; English names in English.
	code, cd, body = f.get(t, "city", "/export/league.xlsx?region=3301&month="+testMonth)
	if code != 200 || filenameStar(t, cd) != "区县排名-杭州市-2009年12月.xlsx" {
		t.Errorf("league.xlsx = %d, %q", code, cd)
	}
	x, err = excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if s := x.GetSheetList()[0]; s != "区县排名" {
		t.Errorf("league sheet %q", s)
	}
	head, _ := x.GetRows("区县排名")
	share := -1
	for i, h := range head[1] {
		if h == "达标率 (%)" {
			share = i
		}
	}
	if share < 0 {
		t.Fatalf("league header %q has no 达标率 (%%)", head[1])
	}
	ref := string(rune('A'+share)) + "3"
	if typ, _ := x.GetCellType("区县排名", ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("league %s: type %v, want a number", ref, typ)
	}
	code, cd, _ = f.get(t, "city", "/export/league.csv?region=3301&month="+testMonth+"&lang=en")
	if code != 200 || filenameStar(t, cd) != "District league table-Hangzhou-December 2009.csv" {
		t.Errorf("league.csv in English = %d, %q", code, cd)
	}

	// The page: every table's XLSX link before its CSV; the residents offer the ledger.
	_, page := f.do(t, "street", "GET", "/region/"+commA+"?month="+testMonth, nil, "")
	for _, card := range strings.Split(page, `class="downloads"`)[1:] {
		if x, c := strings.Index(card, `data-format="xlsx"`), strings.Index(card, `data-format="csv"`); x < 0 || c < 0 || x > c {
			t.Errorf("downloads not XLSX first: %.300s", card)
		}
	}
	if !strings.Contains(page, "/export/ledger.xlsx?") {
		t.Errorf("the community page does not offer the ledger download")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestLedgerTemplate: the upload page's ledger template has the ledger's Chinese headers,
// its identifier columns formatted as text, drop-down lists for the status and the seven
// yes/no columns, and instructions in Chinese, then English; three rows filled in with
// excelize (each status kind, both yes and no, an unemployment date, a household 00011)
// go in with no rejected row, as typed.
func TestLedgerTemplate(t *testing.T) {
	f := newFixture(t)
	if _, page := f.do(t, "community", "GET", "/upload", nil, ""); !strings.Contains(page, `href="/upload/template.xlsx`) {
		t.Errorf("the upload page does not link the template")
	}
	code, cd, body := f.get(t, "community", "/upload/template.xlsx")
	if code != 200 || filenameStar(t, cd) != "台帐模板.xlsx" {
		t.Fatalf("template = %d, %q", code, cd)
	}
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sheets := x.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "台帐" || !strings.Contains(sheets[1], "说明") {
		t.Fatalf("sheets %q", sheets)
	}
	rows, _ := x.GetRows("台帐")
	if len(rows) != 1 || strings.Join(rows[0], ",") != strings.Join(campaign.Ledger.ChineseHeaders(), ",") {
		t.Errorf("template rows %q, want the Chinese header alone", rows)
	}
	for _, col := range []string{"A", "B", "D", "E", "M"} { // month, ID number, community, household, date
		sid, _ := x.GetColStyle("台帐", col)
		if st, _ := x.GetStyle(sid); st == nil || st.NumFmt != 49 {
			t.Errorf("column %s: style %+v, want text (@)", col, st)
		}
	}
	dvs, err := x.GetDataValidations("台帐")
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
		}
	}
	if l := lists["F2"]; !strings.Contains(l, "就业,灵活就业,失业,非劳动力") {
		t.Errorf("status drop-down %q", l)
	}
	for _, col := range []string{"G", "H", "I", "J", "K", "L", "N"} {
		if l := lists[col+"2"]; !strings.Contains(l, "是,否") {
			t.Errorf("column %s drop-down %q, want 是,否", col, l)
		}
	}
	help, _ := x.GetRows(sheets[1])
	zh, en := -1, -1
	for i, r := range help {
		if len(r) > 0 && r[0] == "台帐填表说明" {
			zh = i
		}
		if len(r) > 0 && r[0] == "How to fill in the ledger" {
			en = i
		}
	}
	if zh < 0 || en < zh {
		t.Errorf("instructions: Chinese at %d, English at %d; want Chinese first", zh, en)
	}

	fill := [][]string{
		{"2009-10", personA, "张三", commA, "00011", "就业", "是", "是", "否", "否", "否", "否", "", "否"},
		{"2009-10", personB, "李四", commA, "00011", "失业", "是", "是", "是", "是", "否", "是", "2009-06-01", "是"},
		{"2009-10", personE, "周九", commA, "00012", "非劳动力", "否", "否", "否", "否", "是", "否", "", "否"},
	}
	for r, cells := range fill {
		for c, v := range cells {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
			x.SetCellStr("台帐", ref, v)
		}
	}
	var filled bytes.Buffer
	if err := x.Write(&filled); err != nil {
		t.Fatal(err)
	}
	code, res, resBody := f.upload(t, "community", "台帐模板.xlsx", filled.Bytes())
	if code != 200 || res.Read != 3 || res.Loaded != 3 || res.Total != 0 {
		t.Fatalf("filled template = %d: %s", code, resBody)
	}
	var status, hh string
	var since *time.Time
	if err := f.store.Conn.QueryRow(context.Background(), "SELECT toString(status), household_id, unemployed_since FROM ledger FINAL WHERE id_number = ? AND month = toDate('2009-10-01')", personB).Scan(&status, &hh, &since); err != nil {
		t.Fatal(err)
	}
	if status != "unemployed" || hh != "00011" || since == nil || since.Format("2006-01-02") != "2009-06-01" {
		t.Errorf("李四 loaded as %s, household %s, since %v", status, hh, since)
	}
}
