package synth

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/campaign"
	"fullemp/idcard"
)

func TestRegionsAreFixed(t *testing.T) {
	a, b := NewCity(), NewCity()
	if len(a.Communities) != 866 || len(a.Streets) != 98 {
		t.Fatalf("%d communities, %d streets; want 866, 98", len(a.Communities), len(a.Streets))
	}
	base := map[int]int{}
	names := map[string]bool{}
	for i, c := range a.Communities {
		if c.Code != b.Communities[i].Code || c.Name != b.Communities[i].Name || c.Weight != b.Communities[i].Weight {
			t.Fatalf("community %d differs between two builds", i)
		}
		s := c.Street
		if len(s.Code) != 9 || len(c.Code) != 12 || !strings.HasPrefix(c.Code, s.Code) || !strings.HasPrefix(s.Code, s.District.Code) {
			t.Errorf("codes do not nest: %s %s %s", s.District.Code, s.Code, c.Code)
		}
		if names[c.Name] {
			t.Errorf("community name %s twice", c.Name)
		}
		names[c.Name] = true
		for y := 2007; y <= 2010; y++ {
			if c.Assessed(y) {
				base[y]++
			}
		}
		if c.Converted != (c.AssessedFrom > 2007) {
			t.Errorf("%s: converted %v assessed from %d", c.Code, c.Converted, c.AssessedFrom)
		}
	}
	want := map[int]int{2007: 650, 2008: 754, 2009: 816, 2010: 866}
	for y, n := range want {
		if base[y] != n {
			t.Errorf("assessment base %d = %d, want %d", y, base[y], n)
		}
	}
}

// hashes returns the SHA-256 of every file in dir by name.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%x", sha256.Sum256(b))
	}
	return out
}

func oneDistrict(c *Community) bool { return c.Street.District.Code == "330102" }

func TestSameSeedSameBytes(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var runs [3]map[string]string
			for k, seed := range []uint64{7, 7, 8} {
				dir := t.TempDir()
				workers := 1 + k // parallelism must not change the bytes
				if _, err := Generate(context.Background(), Options{Dir: dir, Scale: 0.01, Seed: seed, Format: f, Workers: workers, only: oneDistrict}); err != nil {
					t.Fatal(err)
				}
				runs[k] = hashes(t, dir)
			}
			if len(runs[0]) < 12 {
				t.Fatalf("only %d files: %v", len(runs[0]), runs[0])
			}
			for name, h := range runs[0] {
				if runs[1][name] != h {
					t.Errorf("%s differs between two runs with the same seed", name)
				}
			}
			regions := "regions." + f.ext()
			if runs[2][regions] != runs[0][regions] {
				t.Errorf("%s depends on the seed", regions)
			}
			ledger := "ledger-2009." + f.ext()
			if runs[2][ledger] == runs[0][ledger] {
				t.Errorf("%s does not depend on the seed", ledger)
			}
		})
	}
}

// readCSV reads a generated UTF-8 CSV file: header and rows.
func readCSV(t *testing.T, path string, decode bool) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if decode {
		r = simplifiedchinese.GB18030.NewDecoder().Reader(f)
	}
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows[0], rows[1:]
}

// TestRowsAreValid checks every row of the demo against SPEC §2, so that ingest rejects none.
func TestRowsAreValid(t *testing.T) {
	generateDemo(t)
	head, regions := readCSV(t, filepath.Join(demoDir, "regions.csv"), false)
	if strings.Join(head, ",") != strings.Join(campaign.Regions.Headers(), ",") {
		t.Errorf("regions header %v", head)
	}
	communities := map[string]bool{}
	streets := map[string]bool{}
	for _, r := range regions {
		if !strings.HasPrefix(r[3], r[0]) || !strings.HasPrefix(r[5], r[3]) || len(r[5]) != 12 {
			t.Errorf("codes do not nest: %v", r)
		}
		if _, ok := campaign.DistrictGroups.Parse(r[2]); !ok {
			t.Errorf("group %q", r[2])
		}
		if _, ok := campaign.CommunityTypes.Parse(r[7]); !ok {
			t.Errorf("type %q", r[7])
		}
		communities[r[5]] = true
		streets[r[3]] = true
	}
	owner := map[string]string{} // normalized ID → community/household
	seen := map[string]bool{}    // month + ID
	n := 0
	for y := 2007; y <= 2010; y++ {
		head, rows := readCSV(t, filepath.Join(demoDir, fmt.Sprintf("ledger-%d.csv", y)), false)
		if strings.Join(head, ",") != strings.Join(campaign.Ledger.Headers(), ",") {
			t.Fatalf("ledger header %v", head)
		}
		for _, r := range rows {
			n++
			id, err := idcard.Normalize(r[1])
			if err != nil {
				t.Fatalf("ledger id %q: %v", r[1], err)
			}
			month, err := time.Parse("2006-01", r[0])
			if err != nil || month.Year() != y {
				t.Fatalf("month %q in ledger-%d", r[0], y)
			}
			if seen[r[0]+id] {
				t.Fatalf("%s %s twice", r[0], id)
			}
			seen[r[0]+id] = true
			if o, ok := owner[id]; ok && o != r[3]+"/"+r[4] {
				t.Fatalf("%s in %s and %s", id, o, r[3]+"/"+r[4])
			}
			owner[id] = r[3] + "/" + r[4]
			if !communities[r[3]] || r[4] == "" || r[2] == "" {
				t.Fatalf("bad community, household or name: %v", r)
			}
			status, ok := campaign.Statuses.Parse(r[5])
			if !ok {
				t.Fatalf("status %q", r[5])
			}
			for _, i := range []int{6, 7, 8, 9, 10, 11, 13} {
				if r[i] != "Y" && r[i] != "N" {
					t.Fatalf("boolean %q in %v", r[i], r)
				}
			}
			if (status == "unemployed") != (r[12] != "") {
				t.Fatalf("unemployed_since %q with status %s", r[12], status)
			}
			if r[12] != "" {
				d, err := time.Parse("2006-01-02", r[12])
				if err != nil || !d.Before(month.AddDate(0, 1, 0)) {
					t.Fatalf("unemployed_since %q in %s", r[12], r[0])
				}
			}
		}
	}
	want := 0
	byCode := map[string]int{}
	for _, c := range NewCity().Communities {
		byCode[c.Code] = c.Index
	}
	for _, o := range owner {
		i := byCode[o[:12]]
		for m := 0; m < Months; m++ {
			if generateDemo(t).plan.HasLedger(i, m) {
				want++
			}
		}
	}
	if n != want {
		t.Errorf("%d ledger rows for %d people: want %d, a row every month their community has a ledger", n, len(owner), want)
	}
	for y := 2007; y <= 2010; y++ {
		_, rows := readCSV(t, filepath.Join(demoDir, fmt.Sprintf("contributions-%d.csv", y)), false)
		for _, r := range rows {
			id, err := idcard.Normalize(r[1])
			if err != nil || owner[id] == "" {
				t.Fatalf("contribution id %q: %v (in ledger: %v)", r[1], err, owner[id] != "")
			}
			if l := len(r[2]); l != 18 && (l < 8 || l > 15) {
				t.Fatalf("employer code %q", r[2])
			}
		}
	}
	_, rows := readCSV(t, filepath.Join(demoDir, "placements.csv"), false)
	keys := map[string]bool{}
	kept, broken := 0, 0
	for _, r := range rows {
		placed, err := time.Parse("2006-01-02 15:04:05", r[4])
		if err != nil {
			t.Fatalf("placed_at %q", r[4])
		}
		if _, ok := campaign.Channels.Parse(r[2]); !ok || !communities[r[1]] {
			t.Fatalf("placement %v", r)
		}
		if r[3] != "" {
			req, err := time.Parse("2006-01-02 15:04:05", r[3])
			if err != nil || req.After(placed) || req.Hour() < 8 || req.Hour() > 17 {
				t.Fatalf("requested_at %q placed %q", r[3], r[4])
			}
			if placed.Sub(req) <= 72*time.Hour {
				kept++
			} else {
				broken++
			}
		}
		id, err := idcard.Normalize(r[0])
		if err != nil || keys[id+r[4]] {
			t.Fatalf("placement key %v: %v", r, err)
		}
		keys[id+r[4]] = true
	}
	if share := float64(kept) / float64(kept+broken); share < 0.75 || share > 0.97 {
		t.Errorf("72-hour promise kept by %d of %d placements", kept, kept+broken)
	}
	_, rows = readCSV(t, filepath.Join(demoDir, "street_scores.csv"), false)
	if len(rows) != 4*len(streets) {
		t.Errorf("%d street scores for %d streets", len(rows), len(streets))
	}
	for _, r := range rows {
		if !streets[r[1]] {
			t.Errorf("score for unknown street %v", r)
		}
	}
	_, rows = readCSV(t, filepath.Join(demoDir, "spot_checks.csv"), false)
	fails := 0
	for _, r := range rows {
		if !communities[r[1]] || (r[2] != "pass" && r[2] != "fail") {
			t.Errorf("spot check %v", r)
		}
		if r[2] == "fail" {
			fails++
		}
	}
	if fails == 0 || fails > len(rows)/5 {
		t.Errorf("%d of %d spot checks fail", fails, len(rows))
	}
}

func TestGBKSpeaksChinese(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(context.Background(), Options{Dir: dir, Scale: 0.01, Seed: 1, Format: GBK, only: oneDistrict}); err != nil {
		t.Fatal(err)
	}
	head, rows := readCSV(t, filepath.Join(dir, "ledger-2008.csv"), true)
	if head[1] != "身份证号" || head[5] != "就业状态" {
		t.Errorf("header %v", head)
	}
	statuses := map[string]bool{}
	for _, r := range rows {
		statuses[r[5]] = true
		if r[6] != "是" && r[6] != "否" {
			t.Fatalf("boolean %q", r[6])
		}
	}
	for _, s := range []string{"就业", "失业", "非劳动力"} {
		if !statuses[s] {
			t.Errorf("no %s in %v", s, statuses)
		}
	}
	_, regions := readCSV(t, filepath.Join(dir, "regions.csv"), true)
	if regions[0][1] != "上城区" || regions[0][2] != "主城区" {
		t.Errorf("region row %v", regions[0])
	}
}

func TestXLSXSplitsLongSheets(t *testing.T) {
	saved := xlsxMaxRows
	xlsxMaxRows = 5000
	defer func() { xlsxMaxRows = saved }()
	dir := t.TempDir()
	res, err := Generate(context.Background(), Options{Dir: dir, Scale: 0.01, Seed: 1, Format: XLSX, only: oneDistrict})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range res.Files {
		if !strings.HasPrefix(filepath.Base(p), "ledger-2007") {
			continue
		}
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Sheet1")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "month" || len(rows) > 5001 {
			t.Errorf("%s: header %v, %d rows", p, rows[0], len(rows))
		}
		for _, r := range rows[1:] {
			if len(r) > 12 && r[12] != "" {
				if _, err := time.Parse("2006-01-02", r[12]); err != nil {
					t.Fatalf("date cell %q", r[12])
				}
			}
		}
		total += len(rows) - 1
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger-2007-2.xlsx")); err != nil {
		t.Errorf("no second part: %v", err)
	}
	if want := res.fileRows["ledger-2007"]; total != want || want == 0 {
		t.Errorf("2007 parts hold %d rows, want %d", total, want)
	}
}
