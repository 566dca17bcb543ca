package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
)

// TestExportIdentifiersAsText: the CSV exports keep their UTF-8 BOM and write identifiers
// (ID numbers, household IDs, region codes) as ="…", which Excel keeps as text and ingest
// reads back as the identifier; the XLSX exports type them as text cells (format "@"). A
// ledger built from the exported cells, with household 00007, goes in unchanged.
func TestExportIdentifiersAsText(t *testing.T) {
	f := newFixture(t)
	code, body := f.do(t, "street", "GET", "/export/residents.csv?region="+commA+"&month="+testMonth, nil, "")
	if code != 200 || !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("residents.csv = %d, BOM %v: %.200s", code, strings.HasPrefix(body, "\ufeff"), body)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("residents.csv: %v %q", err, recs)
	}
	var idCell string
	for _, r := range recs[1:] {
		if r[0] == `="`+personA+`"` {
			idCell = r[0]
		}
	}
	if idCell == "" {
		t.Fatalf("residents.csv: no ID number written as =\"%s\": %q", personA, recs)
	}
	// Region codes too (the league and streets tables).
	if _, body := f.do(t, "city", "GET", "/export/streets.csv?region="+distA+"&month="+testMonth, nil, ""); !strings.Contains(body, `"=""`+streetA+`"""`) {
		t.Errorf("streets.csv: the street code is not written as text: %.300s", body)
	}

	// XLSX: the ID number is a string cell with the text format.
	code, body = f.do(t, "street", "GET", "/export/residents.xlsx?region="+commA+"&month="+testMonth, nil, "")
	if code != 200 {
		t.Fatalf("residents.xlsx = %d", code)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sheet := x.GetSheetList()[0]
	rows, _ := x.GetRows(sheet)
	found := false
	for i, r := range rows {
		if i < 2 || len(r) == 0 || r[0] != personA { // the title row, the header
			continue
		}
		found = true
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		typ, _ := x.GetCellType(sheet, ref)
		sid, _ := x.GetCellStyle(sheet, ref)
		st, _ := x.GetStyle(sid)
		if (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) || st == nil || st.NumFmt != 49 {
			t.Errorf("residents.xlsx %s: type %v, style %+v; want a text cell formatted as text", ref, typ, st)
		}
	}
	if !found {
		t.Errorf("residents.xlsx: no row with %s: %q", personA, rows)
	}

	// Read back: a ledger whose identifier cells are the exported ones goes in as the
	// identifiers themselves (household 00007 stays 00007).
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"month", "id_number", "name", "community_code", "household_id", "status", "able", "willing", "hard_to_employ", "assistance_card", "graduate", "rural_labor", "unemployed_since", "training_wish"})
	_ = w.Write([]string{"2009-12", idCell, "张三", `="` + commA + `"`, `="00007"`, "employed", "Y", "Y", "N", "N", "N", "N", "", "N"})
	w.Flush()
	sum, err := f.srv.ing.Upload(context.Background(), "roundtrip.csv", buf.Bytes(), campaign.Ledger)
	if err != nil || sum.Loaded != 1 || sum.Rejected != 0 {
		t.Fatalf("upload the round-tripped ledger: %v %+v", err, sum)
	}
	var hh, comm string
	if err := f.store.Conn.QueryRow(context.Background(), "SELECT household_id, community_code FROM ledger FINAL WHERE id_number = ? AND month = toDate('2009-12-01')", personA).Scan(&hh, &comm); err != nil {
		t.Fatal(err)
	}
	if hh != "00007" || comm != commA {
		t.Errorf("round-tripped ledger row: household %q community %q, want 00007 and %s", hh, comm, commA)
	}
}
