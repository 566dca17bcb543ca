package api

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/idcard"
)

// ledgerXLSX writes a ledger workbook with the Chinese header and rows of cells in SPEC
// order; a cell that is an int goes in as a number cell, as Excel stores a General cell.
func ledgerXLSX(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for c, h := range campaign.Ledger.ChineseHeaders() {
		ref, _ := excelize.CoordinatesToCellName(c+1, 1)
		x.SetCellStr("Sheet1", ref, h)
	}
	for r, cells := range rows {
		for c, v := range cells {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if err := x.SetCellValue("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ledgerCells is a ledger row of commA in December with the given ID number and household.
func ledgerCells(id, name any, household any) []any {
	return []any{"2009-12", id, name, commA, household, "就业", "是", "是", "否", "否", "否", "否", "", "否"}
}

// TestDamagedIdentifiers: identifiers a spreadsheet damaged are rejected with a reason
// that says what happened and to format the column as text, and no household is split:
// an ID number in a number cell (even one whose digits survived), a household 7 in a
// number cell where the community has 00007 in November's ledger, a household 7 typed as
// text beside 00007 in the same file, and a number cell 12 in a community whose household
// IDs have leading zeros. The text cells of the same files load.
func TestDamagedIdentifiers(t *testing.T) {
	f := newFixture(t)
	personF := "33010219900101002" + string(idcard.CheckDigit("33010219900101002"))
	personG := "33010219910101003" + string(idcard.CheckDigit("33010219910101003"))
	nov := ledgerHeader + "2009-11," + personE + ",周九," + commA + ",00007,employed,Y,Y,N,N,N,N,,N\n"
	if _, res, body := f.upload(t, "city", "nov.csv", []byte(nov)); res.Loaded != 1 {
		t.Fatalf("November's 00007: %s", body)
	}
	num, _ := strconv.ParseInt(personF, 10, 64)
	file := ledgerXLSX(t,
		ledgerCells(num, "吴一", "H1"),        // ID number as a number cell: row 1
		ledgerCells(personE, "周九", 7),       // household 00007 as the number 7: row 2
		ledgerCells(personG, "郑二", 12),      // a number in a community with leading zeros: row 3
		ledgerCells(personA, "张三", "H1"),    // fine
		ledgerCells(personB, "李四", "00008")) // fine
	code, res, body := f.upload(t, "street", "damaged.xlsx", file)
	if code != 200 || res.Read != 5 || res.Loaded != 2 || res.Total != 3 {
		t.Fatalf("damaged.xlsx = %d: %s", code, body)
	}
	want := map[int]struct{ col, en, zh string }{
		1: {"id_number", "the cell is a number, not text", "设置为“文本”格式"},
		2: {"household_id", "household 7 is household 00007 of this community (in the ledger)", "设置为“文本”格式"},
		3: {"household_id", "the household cell is a number", "设置为“文本”格式"},
	}
	for _, r := range res.Rejected {
		w, ok := want[r.Row]
		if !ok {
			t.Errorf("row %d rejected: %+v", r.Row, r)
			continue
		}
		delete(want, r.Row)
		if r.Column != w.col || !strings.Contains(r.Reason, w.en) || !strings.Contains(r.Reason, w.zh) || !strings.Contains(r.Reason, "format the column as text") {
			t.Errorf("row %d: column %s, reason %q; want %s and the fix", r.Row, r.Column, r.Reason, w.col)
		}
	}
	for n := range want {
		t.Errorf("row %d not rejected: %s", n, body)
	}
	// A household typed as 7 beside 00007 in the same file (CSV: text cells).
	same := ledgerHeader + "2009-12," + personC + ",孙八," + commA2 + ",00003,employed,Y,Y,N,N,N,N,,N\n" +
		"2009-12," + personD + ",赵六," + commA2 + ",3,employed,Y,Y,N,N,N,N,,N\n"
	code, res, body = f.upload(t, "street", "same.csv", []byte(same))
	if code != 200 || res.Loaded != 1 || len(res.Rejected) != 1 || res.Rejected[0].Row != 2 ||
		!strings.Contains(res.Rejected[0].Reason, "household 3 is household 00003 of this community (in this file)") {
		t.Fatalf("same.csv = %d: %s", code, body)
	}
	// No household was split: December has no household 7, 12 or 3, and 周九 stays in
	// November's 00007.
	rows, err := f.store.Conn.Query(context.Background(), "SELECT DISTINCT household_id FROM ledger FINAL WHERE month >= toDate('2009-11-01')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var hh string
		rows.Scan(&hh)
		if hh == "7" || hh == "12" || hh == "3" {
			t.Errorf("household %q was loaded: a household split in two", hh)
		}
	}
	if got := f.households(t, "2009-12-01")[personF]; got != "" {
		t.Errorf("the number-cell ID number was loaded: %s", got)
	}
}
