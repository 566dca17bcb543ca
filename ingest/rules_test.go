package ingest

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"

	"fullemp/campaign"
	"fullemp/idcard"
	"fullemp/warehouse/whtest"
)

// TestEveryRuleRejects breaks one rule per row (row 1 of each file stays valid) and checks
// that quarantine names the file, the data row, the column and the reason, and that read
// = loaded + rejected.
func TestEveryRuleRejects(t *testing.T) {
	badCheck := man[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", man[17])+1)%11])
	born2009 := idcard.Make("330102", time.Date(2009, 3, 1, 0, 0, 0, 0, time.UTC), 5)
	type rule struct {
		col, value string
		reason     string // part of the quarantine reason
	}
	rules := map[campaign.Kind][]rule{
		campaign.Regions: {
			{"district_code", "33010", "must be 6 digits"},
			{"district_name", "", "district_name: required"},
			{"district_group", "city", "must be one of main_urban"},
			{"street_code", "330103001", "must start with district_code 330102"},
			{"street_code", "3301020x1", "must be 9 digits"},
			{"community_code", "330102002001", "must start with street_code 330102001"},
			{"community_name", "", "community_name: required"},
			{"community_type", "new", "must be one of old 老社区 / converted 撤村建居"},
			{"assessed_from", "07", "must be a year"},
		},
		campaign.Ledger: {
			{"month", "2008-13", "must be a month"},
			{"month", "12/2008", "must be a month"},
			{"id_number", badCheck, "check digit"},
			{"id_number", "12345", "18 characters"},
			{"id_number", "3.30102E+17", "a spreadsheet (Excel) turned the number into scientific notation and dropped its last digits: format the column as text and enter the numbers again · 身份证号被电子表格（如 Excel）改成了科学计数法"},
			{"id_number", "", "id_number: required"},
			{"id_number", born2009, "born after the ledger month"},
			{"name", "", "name: required"},
			{"community_code", "330102001999", "unknown community"},
			{"community_code", "33010200100", "must be 12 digits"},
			{"household_id", "", "household_id: required"},
			{"status", "working", "must be one of employed 就业"},
			{"able", "maybe", "must be Y/N"},
			{"willing", "", "willing: required"},
			{"unemployed_since", "2008-02-30", "must be a date"},
			{"training_wish", "x", "must be Y/N"},
			{"month", "2099-01", "after the current month"},
			{"name", strings.Repeat("名", 201), "longer than the limit of 200 (ingest.max_text_chars)"},
		},
		campaign.Contributions: {
			{"employer_code", "1234567", "unified social credit code"},
			{"employer_code", "91330100MA27XYZ12", "unified social credit code"},
			{"month", "2008", "must be a month"},
			{"id_number", "33010219580312101", "18 characters"},
			{"month", "2099-12", "after the current month"},
			{"employer_name", strings.Repeat("x", 201), "longer than the limit of 200"},
			{"id_number", "3.30102198E+17", "format the column as text"},
		},
		campaign.Placements: {
			{"channel", "other", "must be one of flexible"},
			{"placed_at", "2008-12-03 25:00", "must be a datetime"},
			{"requested_at", "yesterday", "must be a datetime"},
			{"placed_at", "", "placed_at: required"},
			{"community_code", "330102001003", "unknown community"},
			{"placed_at", "2008-11-30 09:00", "before the request"},
		},
		campaign.StreetScores: {
			{"score", "101", "between 0 and 100"},
			{"score", "-1", "between 0 and 100"},
			{"score", "abc", "must be a number"},
			{"street_code", "330102009", "unknown street"},
			{"year", "08", "must be a year"},
		},
		campaign.SpotChecks: {
			{"result", "maybe", "must be one of pass 通过 / fail 不通过"},
			{"community_code", "330102001003", "unknown community"},
			{"year", "", "year: required"},
		},
	}
	s := whtest.Open(t)
	dir := t.TempDir()
	var paths []string
	for _, k := range campaign.Kinds {
		good := fixture(k)[0]
		rows := [][]string{good}
		if k == campaign.Regions {
			rows = fixture(k) // both communities, so that row 2 is the first broken one
		}
		for _, r := range rules[k] {
			row := append([]string(nil), good...)
			row[k.ColumnIndex(r.col)] = r.value
			rows = append(rows, row)
		}
		switch k {
		case campaign.Ledger:
			// unemployed without a date; two broken columns in one row; a short row.
			row := append([]string(nil), good...)
			row[5], row[12] = "unemployed", ""
			two := append([]string(nil), good...)
			two[5], two[6] = "working", "maybe"
			rows = append(rows, row, two, good[:3])
		}
		paths = append(paths, writeFile(t, dir, string(k)+".csv", csvBytes(t, withHeader(k, false, rows), utf8Plain)))
	}
	sums, err := newIngester(s, Options{}).Files(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		want := int64(len(rules[sum.Kind]))
		if sum.Kind == campaign.Ledger {
			want += 3
		}
		good := int64(1)
		if sum.Kind == campaign.Regions {
			good = 2
		}
		if sum.Read != want+good || sum.Loaded != good || sum.Rejected != want || sum.Read != sum.Loaded+sum.Rejected {
			t.Errorf("%s: read %d loaded %d rejected %d, want %d rejected of %d", sum.File, sum.Read, sum.Loaded, sum.Rejected, want, want+1)
		}
	}
	got, err := Quarantined(context.Background(), s, "", "")
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]map[uint32]Rejection{}
	for _, r := range got {
		if byFile[r.File] == nil {
			byFile[r.File] = map[uint32]Rejection{}
		}
		if _, dup := byFile[r.File][r.Row]; dup {
			t.Errorf("%s row %d quarantined twice", r.File, r.Row)
		}
		byFile[r.File][r.Row] = r
	}
	for k, rs := range rules {
		for i, want := range rs {
			first := 2
			if k == campaign.Regions {
				first = 3
			}
			r, ok := byFile[string(k)+".csv"][uint32(i+first)]
			if !ok {
				t.Errorf("%s row %d (%s=%q): not quarantined", k, i+2, want.col, want.value)
				continue
			}
			if r.Column != want.col || !strings.Contains(r.Reason, want.reason) || r.Value != want.value || r.Kind != k {
				t.Errorf("%s row %d: column %q value %q reason %q; want %s=%q with %q", k, i+2, r.Column, r.Value, r.Reason, want.col, want.value, want.reason)
			}
			if _, zh, ok := strings.Cut(r.Reason, " · "); !ok || !hasHan(zh) {
				t.Errorf("%s row %d: reason %q has no Chinese part after \" · \"", k, i+2, r.Reason)
			}
		}
	}
	ledger := byFile["ledger.csv"]
	n := uint32(len(rules[campaign.Ledger]) + 2)
	if r := ledger[n]; r.Column != "unemployed_since" || !strings.Contains(r.Reason, "required when status is unemployed") {
		t.Errorf("unemployed without date: %+v", r)
	}
	if r := ledger[n+1]; r.Column != "status,able" || !strings.Contains(r.Reason, "status: must be one of") || !strings.Contains(r.Reason, "able: must be Y/N") {
		t.Errorf("two broken columns: %+v", r)
	}
	if r := ledger[n+2]; r.Column != "(row)" || !strings.Contains(r.Reason, "row has 3 cells, the header has 14") || len(r.Cells) != 3 {
		t.Errorf("short row: %+v", r)
	}
	if r := ledger[2]; len(r.Header) != 14 || r.Header[0] != "month" || len(r.Cells) != 14 || r.Cells[0] != "2008-13" {
		t.Errorf("header and raw cells: %+v", r)
	}
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestCurrentMonthIsTheLatest: the current month (Asia/Shanghai) is accepted, the next
// one is not.
func TestCurrentMonthIsTheLatest(t *testing.T) {
	now := time.Now().In(shanghai)
	var p problems
	if m := checkMonth(&p, "month", now.Format("2006-01")); m.IsZero() || !p.none() {
		t.Errorf("current month rejected: %v", p.reason())
	}
	next := time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, shanghai)
	if m := checkMonth(&p, "month", next.Format("2006-01")); !m.IsZero() || p.none() {
		t.Errorf("next month %s accepted", next.Format("2006-01"))
	}
}
