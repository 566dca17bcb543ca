package api

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fullemp/idcard"
)

const ledgerHeader = "month,id_number,name,community_code,household_id,status,able,willing,hard_to_employ,assistance_card,graduate,rural_labor,unemployed_since,training_wish\n"

// personC lives in district B (commB): the tests put them there; personE is another.
var (
	personC = "33010319810101005" + string(idcard.CheckDigit("33010319810101005"))
	personE = "33010319830202007" + string(idcard.CheckDigit("33010319830202007"))
)

// upload sends one file as user and decodes the result.
func (f *fixture) upload(t *testing.T, user, name string, data []byte) (int, UploadResult, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	code, body := f.do(t, user, "POST", "/api/v1/upload", &buf, w.FormDataContentType())
	var res UploadResult
	if code == 200 {
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatalf("upload result %q: %v", body, err)
		}
	}
	return code, res, body
}

// holder returns the community of id's ledger row for month (YYYY-MM-01), "" for none.
func (f *fixture) holder(t *testing.T, month, id string) string {
	t.Helper()
	rows, err := f.store.Conn.Query(context.Background(), "SELECT community_code FROM ledger FINAL WHERE month = toDate(?) AND id_number = ?", month, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var c string
	if rows.Next() {
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// TestUploadCrossArea: a street user's row carrying a district-B resident under the
// street's own community is refused (the person stays in district B) with a reason naming
// who can move them; a move inside the street goes through; the city, whose area covers
// both, makes the cross-district move.
func TestUploadCrossArea(t *testing.T) {
	f := newFixture(t)
	home := ledgerHeader + "2009-12," + personC + ",钱七," + commB + ",H4,employed,Y,Y,N,N,N,N,,N\n"
	if _, res, body := f.upload(t, "city", "home.csv", []byte(home)); res.Loaded != 1 {
		t.Fatalf("setting up %s in %s: %s", personC, commB, body)
	}
	csv := ledgerHeader +
		"2009-12," + personC + ",钱七," + commA + ",H9,employed,Y,Y,N,N,N,N,,N\n" +
		"2009-12," + personD + ",赵六," + commA + ",H1,employed,Y,Y,N,N,N,N,,N\n"
	code, res, body := f.upload(t, "street", "move.csv", []byte(csv))
	if code != 200 {
		t.Fatalf("street upload = %d: %s", code, body)
	}
	if res.Read != 2 || res.Loaded != 1 || res.Replaced != 1 || len(res.Rejected) != 1 {
		t.Errorf("street upload read %d loaded %d replaced %d rejected %d, want 2 1 1 1: %s", res.Read, res.Loaded, res.Replaced, len(res.Rejected), body)
	}
	if len(res.Rejected) == 1 {
		r := res.Rejected[0]
		if r.Row != 1 || r.Column != "id_number" || !strings.Contains(r.Reason, "city user of 3301") || !strings.Contains(r.Reason, "市级") {
			t.Errorf("refusal = %+v, want row 1, id_number, naming the city user of 3301", r)
		}
		if strings.Contains(r.Reason, commB) {
			t.Errorf("refusal names the other area's community: %s", r.Reason)
		}
	}
	if got := f.holder(t, "2009-12-01", personC); got != commB {
		t.Errorf("after the street's upload %s is in %q, want still %s", personC, got, commB)
	}
	if got := f.holder(t, "2009-12-01", personD); got != commA {
		t.Errorf("the move inside the street: %s is in %q, want %s", personD, got, commA)
	}
	// A community user may not take a person from the other community of its own street.
	csv2 := ledgerHeader + "2009-12," + personD + ",赵六," + commA2 + ",H3,employed,Y,Y,N,N,N,N,,N\n"
	if _, res, body := f.upload(t, "community", "back.csv", []byte(csv2)); res.Loaded != 0 || !strings.Contains(body, "outside your area") {
		t.Errorf("community upload of another community's row = %s", body)
	}
	// The city covers both: the move goes through.
	code, res, body = f.upload(t, "city", "move.csv", []byte(csv))
	if code != 200 || res.Loaded != 2 || res.Status != "done" {
		t.Errorf("city upload = %d: %s", code, body)
	}
	if got := f.holder(t, "2009-12-01", personC); got != commA {
		t.Errorf("after the city's upload %s is in %q, want %s", personC, got, commA)
	}
}

// TestUploadXLSXTricks: the scope check reads the values ingest loads. A number format
// that shows the street's community over district B's raw code, and a row hidden by the
// ";;;" format and by its row height, are refused like any other outside row, and every
// row read is counted.
func TestUploadXLSXTricks(t *testing.T) {
	f := newFixture(t)
	x := excelize.NewFile()
	sh := "Sheet1"
	lines := strings.Split(strings.TrimSpace(ledgerHeader+
		"2010-03,"+personA+",张三,"+commA+",H1,employed,Y,Y,N,N,N,N,,N\n"+
		"2010-03,"+personC+",钱七,CODE,H4,employed,Y,Y,N,N,N,N,,N\n"+
		"2010-03,"+personE+",孙八,"+commB+",H4,employed,Y,Y,N,N,N,N,,N"), "\n")
	for r, line := range lines {
		for c, cell := range strings.Split(line, ",") {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if cell == "CODE" {
				x.SetCellInt(sh, ref, 330103001001)
				fake := `"` + commA + `"`
				st, err := x.NewStyle(&excelize.Style{CustomNumFmt: &fake})
				if err != nil {
					t.Fatal(err)
				}
				x.SetCellStyle(sh, ref, ref, st)
				continue
			}
			x.SetCellStr(sh, ref, cell)
		}
	}
	hide := ";;;"
	st, err := x.NewStyle(&excelize.Style{CustomNumFmt: &hide})
	if err != nil {
		t.Fatal(err)
	}
	x.SetCellStyle(sh, "A4", "N4", st)
	x.SetRowVisible(sh, 4, false)
	if shown, _ := x.GetCellValue(sh, "D3"); shown != commA {
		t.Fatalf("the number format shows %q, want %s (the trick)", shown, commA)
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	code, res, body := f.upload(t, "street", "tricks.xlsx", b.Bytes())
	if code != 200 {
		t.Fatalf("upload = %d: %s", code, body)
	}
	if res.Read != 3 || res.Loaded != 1 || len(res.Rejected) != 2 {
		t.Errorf("read %d loaded %d rejected %d, want 3 1 2: %s", res.Read, res.Loaded, len(res.Rejected), body)
	}
	for _, r := range res.Rejected {
		if r.Column != "community_code" || r.Value != commB || !strings.Contains(r.Reason, "outside your area") {
			t.Errorf("rejection %+v, want community_code %s outside the area", r, commB)
		}
	}
	var n uint64
	if err := f.store.Conn.QueryRow(context.Background(), "SELECT count() FROM ledger FINAL WHERE month = toDate('2010-03-01') AND community_code = ?", commB).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d rows of 2010-03 went into %s", n, commB)
	}
}
