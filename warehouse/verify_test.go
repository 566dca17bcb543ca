package warehouse_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

func TestVerificationAndPlacements(t *testing.T) {
	ctx := context.Background()
	s := whtest.Open(t)
	insertRegions(t, s, community{commA, "old", 2007}, community{"330109001001", "converted", 2008})
	matched := person("1970-01-01", true, 1)
	gone := person("1971-01-01", true, 2)    // employed, no contribution Oct–Dec: listed (3)
	paidNov := person("1972-01-01", true, 3) // employed, paid in November: run of 1
	flex := person("1973-01-01", true, 4)    // flexible, never paid: not listed
	other := person("1974-01-01", true, 5)   // keeps contribution data in every month
	var rows []row
	for _, ms := range []string{"2009-10", "2009-11", "2009-12"} {
		rows = append(rows,
			row{month: ms, id: matched, community: commA, household: "0001", status: "unemployed"},
			row{month: ms, id: gone, community: commA, household: "0002", status: "employed"},
			row{month: ms, id: paidNov, community: commA, household: "0003", status: "employed"},
			row{month: ms, id: flex, community: commA, household: "0004", status: "flexible"},
			row{month: ms, id: other, community: commA, household: "0005", status: "employed"},
		)
	}
	ch := insertLedger(t, s, rows)
	cs := []contribution{{"2009-12", matched, "西湖电子"}, {"2009-11", paidNov, "上城商贸"}}
	for _, ms := range []string{"2009-10", "2009-11", "2009-12"} {
		cs = append(cs, contribution{ms, other, "杭州钢铁"})
	}
	refresh(t, s, ch, insertContributions(t, s, cs))

	list, err := s.Verification(ctx, commA, month("2009-12"))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Kind != warehouse.VerifyMatched || list[0].IDNumber != matched ||
		strings.Join(list[0].Employers, ",") != "西湖电子" || list[1].Kind != warehouse.VerifyNoContribution ||
		list[1].IDNumber != gone || list[1].Months != 3 {
		t.Fatalf("verification list %+v", list)
	}
	// In November the run is only 2 months long.
	if nov, err := s.Verification(ctx, commA, month("2009-11")); err != nil || len(nov) != 0 {
		t.Errorf("November list %+v %v", nov, err)
	}
	var buf bytes.Buffer
	if err := warehouse.WriteVerificationCSV(&buf, list); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) != 3 || !strings.Contains(lines[2], gone+",人") {
		t.Errorf("csv:\n%s", buf.String())
	}

	// Placements: exactly 72 hours keeps the promise, one second more does not; one without
	// a request is not counted in the rate; another district's is left out.
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(s string) time.Time {
		t0, err := time.ParseInLocation("2006-01-02 15:04:05", s, sh)
		if err != nil {
			panic(err)
		}
		return t0
	}
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO placements (id_number, community_code, channel, requested_at, placed_at, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	req := at("2009-12-01 08:00:00")
	for i, p := range []struct {
		id, comm, channel string
		req               *time.Time
		placed            time.Time
	}{
		{gone, commA, "job_fair", &req, at("2009-12-04 08:00:00")},
		{paidNov, commA, "job_fair", &req, at("2009-12-04 08:00:01")},
		{flex, commA, "flexible", nil, at("2009-12-10 10:00:00")},
		{other, commA, "public_welfare", &req, at("2009-11-30 09:00:00")}, // November
		{matched, "330109001001", "one_on_one", &req, at("2009-12-02 08:00:00")},
	} {
		if err := b.Append(p.id, p.comm, p.channel, p.req, p.placed, uint64(1), uint32(i+1), uint64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	pl, err := s.Placements(ctx, "330102", month("2009-12"), month("2009-12"))
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]uint64{}
	for _, c := range pl.Channels {
		by[c.Channel] = c.Count
	}
	if pl.Total != 3 || by["job_fair"] != 2 || by["flexible"] != 1 || len(pl.Channels) != 6 || pl.Promise.Num != 1 || pl.Promise.Den != 2 || pl.Promise.Percent != 50 {
		t.Errorf("placements %+v", pl)
	}
	city, err := s.Placements(ctx, "3301", month("2009-11"), month("2009-12"))
	if err != nil || city.Total != 5 || city.Promise.Den != 4 || city.Promise.Num != 3 {
		t.Errorf("city placements %+v %v", city, err)
	}
}

// TestVerificationCSVFormulas: names and employers that a spreadsheet would run as
// formulas are written behind a single quote; the months column stays a number.
func TestVerificationCSVFormulas(t *testing.T) {
	var buf bytes.Buffer
	list := []warehouse.VerifyEntry{{CommunityCode: commA, IDNumber: "330102197001010011", Name: "=HYPERLINK(\"http://evil.example/\")",
		HouseholdID: "-H1", Status: "employed", Kind: warehouse.VerifyNoContribution, Months: 3, Employers: []string{"@SUM(1+1)", "西湖电子"}}}
	if err := warehouse.WriteVerificationCSV(&buf, list); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv: %v %q", err, recs)
	}
	r := recs[1]
	if r[4] != `'=HYPERLINK("http://evil.example/")` || r[5] != "'-H1" || r[7] != "3" || r[8] != "'@SUM(1+1);西湖电子" {
		t.Errorf("verification csv row %q", r)
	}
}
