package ingest

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestEveryKindInEveryFormat loads the six kinds from one folder per format (the folder
// walk must put regions first) and checks counts and a few stored values.
func TestEveryKindInEveryFormat(t *testing.T) {
	formats := []struct {
		name string
		ext  string
		zh   bool // Chinese headers
		make func(testing.TB, [][]string) []byte
	}{
		{"csv-utf8", ".csv", false, func(t testing.TB, r [][]string) []byte { return csvBytes(t, r, utf8Plain) }},
		{"csv-bom", ".csv", true, func(t testing.TB, r [][]string) []byte { return csvBytes(t, r, utf8BOM) }},
		{"csv-gbk", ".csv", true, func(t testing.TB, r [][]string) []byte { return csvBytes(t, r, gbk) }},
		{"xlsx", ".xlsx", true, xlsxBytes},
		{"parquet", ".parquet", false, parquetBytes},
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			s := whtest.Open(t)
			dir := t.TempDir()
			// Reverse order on disk ("a_" sorts first) to prove the run loads regions first.
			for i, k := range campaign.Kinds {
				name := fmt.Sprintf("%c_%s%s", 'f'-i, k, f.ext)
				writeFile(t, dir, name, f.make(t, withHeader(k, f.zh, fixture(k))))
			}
			writeFile(t, dir, "README.md", []byte("not data"))
			sums := mustFiles(t, newIngester(s, Options{Workers: 2}), dir)
			if len(sums) != len(campaign.Kinds) {
				t.Fatalf("got %d summaries, want %d (README.md is not data)", len(sums), len(campaign.Kinds))
			}
			for _, sum := range sums {
				want := int64(len(fixture(sum.Kind)))
				if sum.Read != want || sum.Loaded != want || sum.Rejected != 0 || sum.Error != "" {
					t.Errorf("%s: %+v, want %d read and loaded", sum.File, sum, want)
				}
				if string(sum.Format) != f.ext[1:] {
					t.Errorf("%s: format %s", sum.File, sum.Format)
				}
				if got := count(t, s, string(sum.Kind), ""); got != uint64(want) {
					t.Errorf("%s: count() FINAL = %d, want %d", sum.Kind, got, want)
				}
			}
			checkValues(t, s)
		})
	}
}

// checkValues checks what the fixtures must store, whatever the format.
func checkValues(t *testing.T, s *warehouse.Store) {
	t.Helper()
	ctx := context.Background()
	var birth uint32
	var male, age, able uint8
	var status string
	if err := s.Conn.QueryRow(ctx, "SELECT birth_date, male, age, able, toString(status) FROM ledger FINAL WHERE id_number = ?", man).
		Scan(&birth, &male, &age, &able, &status); err != nil {
		t.Fatal(err)
	}
	if birth != 19580312 || male != 1 || age != 50 || able != 1 || status != "employed" {
		t.Errorf("man: birth %d male %d age %d able %d status %s", birth, male, age, able, status)
	}
	var since, month string
	if err := s.Conn.QueryRow(ctx, "SELECT toString(unemployed_since), toString(month), male, toString(status) FROM ledger FINAL WHERE id_number = ?", woman).
		Scan(&since, &month, &male, &status); err != nil {
		t.Fatal(err)
	}
	if since != "2008-06-01" || month != "2008-12-01" || male != 0 || status != "unemployed" {
		t.Errorf("woman: since %s month %s male %d status %s", since, month, male, status)
	}
	var placed, requested, channel string
	if err := s.Conn.QueryRow(ctx, "SELECT toString(placed_at), toString(requested_at), toString(channel) FROM placements FINAL WHERE id_number = ?", woman).
		Scan(&placed, &requested, &channel); err != nil {
		t.Fatal(err)
	}
	if placed != "2008-12-03 10:30:00" || requested != "2008-12-01 09:00:00" || channel != "public_welfare" {
		t.Errorf("placement: placed %s requested %s channel %s", placed, requested, channel)
	}
	var group, ctype string
	if err := s.Conn.QueryRow(ctx, "SELECT toString(district_group), toString(community_type) FROM regions FINAL WHERE community_code = ?", community1).
		Scan(&group, &ctype); err != nil {
		t.Fatal(err)
	}
	if group != "main_urban" || ctype != "old" {
		t.Errorf("region: group %s type %s", group, ctype)
	}
	var score float64
	if err := s.Conn.QueryRow(ctx, "SELECT score FROM street_scores FINAL WHERE street_code = ?", street).Scan(&score); err != nil {
		t.Fatal(err)
	}
	if score != 92.5 {
		t.Errorf("score %v", score)
	}
}

// TestXLSXDateAndNumberCells reads a workbook as Excel users make it: real date cells
// with Excel's built-in date formats, a month typed as the number 200812.
func TestXLSXDateAndNumberCells(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})     // m/d/yy (reads back as "06-01-08")
	dateTimeStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	hdr := campaign.Ledger.ChineseHeaders()
	for j, h := range hdr {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		f.SetCellValue("Sheet1", cell, h)
	}
	row := fixture(campaign.Ledger)[1] // the unemployed woman
	for j, v := range row {
		cell, _ := excelize.CoordinatesToCellName(j+1, 2)
		switch j {
		case 0:
			f.SetCellValue("Sheet1", cell, 200812)
		case 12:
			f.SetCellValue("Sheet1", cell, time.Date(2008, 6, 1, 0, 0, 0, 0, time.UTC))
			f.SetCellStyle("Sheet1", cell, cell, dateStyle)
		default:
			f.SetCellStr("Sheet1", cell, v)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	ledger := writeFile(t, dir, "台帐.xlsx", b.Bytes())
	p := excelize.NewFile()
	defer p.Close()
	for j, h := range campaign.Placements.Headers() {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		p.SetCellValue("Sheet1", cell, h)
	}
	p.SetCellStr("Sheet1", "A2", woman)
	p.SetCellStr("Sheet1", "B2", community2)
	p.SetCellStr("Sheet1", "C2", "job_fair")
	p.SetCellValue("Sheet1", "E2", time.Date(2008, 12, 3, 10, 30, 0, 0, time.UTC))
	p.SetCellStyle("Sheet1", "E2", "E2", dateTimeStyle)
	b.Reset()
	if err := p.Write(&b); err != nil {
		t.Fatal(err)
	}
	placements := writeFile(t, dir, "安置.xlsx", b.Bytes())
	for _, sum := range mustFiles(t, newIngester(s, Options{}), ledger, placements) {
		if sum.Loaded != 1 {
			t.Fatalf("%s: %+v", sum.File, sum)
		}
	}
	var since, month, placed string
	if err := s.Conn.QueryRow(context.Background(), "SELECT toString(unemployed_since), toString(month) FROM ledger FINAL").Scan(&since, &month); err != nil {
		t.Fatal(err)
	}
	if err := s.Conn.QueryRow(context.Background(), "SELECT toString(placed_at) FROM placements FINAL").Scan(&placed); err != nil {
		t.Fatal(err)
	}
	if since != "2008-06-01" || month != "2008-12-01" || placed != "2008-12-03 10:30:00" {
		t.Errorf("since %s month %s placed %s", since, month, placed)
	}
}
