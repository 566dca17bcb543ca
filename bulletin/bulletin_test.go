package bulletin_test

import (
	"bytes"
	"context"
	"errors"
	"fullemp/period"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fullemp/bulletin"
	"fullemp/campaign"
	"fullemp/ingest"
	"fullemp/standard"
	"fullemp/synth"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

func TestMain(m *testing.M) { whtest.Main(m) }

var now = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

// demo ingests the demo city's 2007–2008 files (scale 0.01) into a fresh warehouse.
func demo(t *testing.T) *warehouse.Store {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Generate(context.Background(), synth.Options{Dir: dir, Scale: 0.01, Seed: synth.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	files := res.FilesThrough(2008)
	s := whtest.Open(t)
	if _, err := ingest.New(s, whtest.Log(), ingest.Options{}).Files(context.Background(), files); err != nil {
		t.Fatal(err)
	}
	return s
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils): %v", err)
	}
	return string(out)
}

// TestAnnual2008 writes the demo city's 2008 annual bulletin: the published figures in
// its numbers, its sentence, its PDF's text and its XLSX annex, equal to the warehouse's.
func TestAnnual2008(t *testing.T) {
	ctx := context.Background()
	s := demo(t)
	p, err := period.Parse("2008")
	if err != nil {
		t.Fatal(err)
	}
	b, err := bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: standard.Default()}, standard.Default(), bulletin.DefaultOptions(), "", p, "zh", now)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := s.Progress(ctx, standard.Default(), 2008, time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC), campaign.CityCode)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]float64{"communities_met": 505, "communities_assessed": 754, "communities_share": 67.0,
		"converted_met": 68, "met_zero_formed": 162, "met_zero_eliminated": 162,
		"streets_met": float64(pr.StreetsMet), "streets_assessed": float64(pr.StreetsAssessed)} {
		if got := b.Numbers[key].Value; got != want {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
	html, err := bulletin.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(html, []byte("<script")) || bytes.Contains(html, []byte("http://")) || bytes.Contains(html, []byte("https://")) {
		t.Error("the bulletin's HTML loads something: it must stand alone")
	}
	pdf, err := bulletin.PDF(ctx, html)
	if err != nil {
		t.Fatal(err)
	}
	if d := os.Getenv("BULLETIN_KEEP"); d != "" { // to look at it
		_ = os.WriteFile(filepath.Join(d, "annual-2008.pdf"), pdf, 0o644)
		_ = os.WriteFile(filepath.Join(d, "annual-2008.html"), html, 0o644)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf)), "")
	for _, want := range []string{"杭州市创建充分就业社区工作统计年报", "达到充分就业社区标准的505个，占67.0%", "撤村建居社区达标68个",
		"达标社区当年新认定零就业家庭162户，已消除162户，全部当期消除", "一、总体情况", "二、各区、县(市)情况", "六、需要关注的问题", "注释", "数据来源"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	x, err := bulletin.XLSX(b)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != len(b.Tables) || !strings.HasPrefix(sheets[0], "表1") {
		t.Fatalf("sheets %v for %d tables", sheets, len(b.Tables))
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	total := rows[len(rows)-1]
	if total[1] != "合计" || total[2] != "754" || total[3] != "505" {
		t.Errorf("annex total row %v, want 合计 754 505", total)
	}
	if rows[2][0] != "330102" {
		t.Errorf("annex first district code %q, want 330102 as text", rows[2][0])
	}
}

// TestVintages publishes the 2008-12 bulletin, ingests a correction, publishes again: the
// first vintage reads back byte for byte, the second names the change and the file.
func TestVintages(t *testing.T) {
	ctx := context.Background()
	s := demo(t)
	p, _ := period.Parse("2008-12")
	draft, err := bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: standard.Default()}, standard.Default(), bulletin.DefaultOptions(), "", p, "zh", now)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := bulletin.Publish(ctx, s.Conn, draft, "city", now)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Vintage != 1 || v1.Status != bulletin.Preliminary {
		t.Fatalf("first publication: vintage %d %s", v1.Vintage, v1.Status)
	}
	first, err := bulletin.Show(ctx, s.Conn, campaign.CityCode, "2008-12", "zh", 1)
	if err != nil {
		t.Fatal(err)
	}
	// A correction: one non-meeting community's December ledger loses its unemployed,
	// so the figures change.
	corr := filepath.Join(t.TempDir(), "ledger-2008-12-correction.csv")
	if err := os.WriteFile(corr, []byte(correction(t, s)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.New(s, whtest.Log(), ingest.Options{}).Files(ctx, []string{corr}); err != nil {
		t.Fatal(err)
	}
	again, err := bulletin.Show(ctx, s.Conn, campaign.CityCode, "2008-12", "zh", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Files.PDF, first.Files.PDF) || !bytes.Equal(again.Files.HTML, first.Files.HTML) || !bytes.Equal(again.Files.XLSX, first.Files.XLSX) {
		t.Error("vintage 1 changed after an ingest")
	}
	draft2, err := bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: standard.Default()}, standard.Default(), bulletin.DefaultOptions(), "", p, "zh", now)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := bulletin.Publish(ctx, s.Conn, draft2, "city", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v2.Vintage != 2 || v2.Status != bulletin.Revised {
		t.Fatalf("second publication: vintage %d %s", v2.Vintage, v2.Status)
	}
	joined := strings.Join(v2.Revisions, "\n")
	t.Logf("修订说明:\n%s\nfiles: %v", joined, v2.FilesSince)
	if d := os.Getenv("BULLETIN_KEEP"); d != "" {
		if st, err := bulletin.Show(ctx, s.Conn, campaign.CityCode, "2008-12", "zh", 2); err == nil {
			_ = os.WriteFile(filepath.Join(d, "monthly-2008-12-v2.pdf"), st.Files.PDF, 0o644)
		}
	}
	if !strings.Contains(joined, "2008年12月达标社区数由原公布的") || !strings.Contains(strings.Join(v2.FilesSince, ","), "ledger-2008-12-correction.csv") {
		t.Errorf("vintage 2's 修订说明 does not name the change and the file:\n%s\n%v", joined, v2.FilesSince)
	}
	st2, err := bulletin.Show(ctx, s.Conn, campaign.CityCode, "2008-12", "zh", 2)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string][]byte{"HTML": st2.Files.HTML, "Markdown": st2.Files.Markdown} {
		if !bytes.Contains(text, []byte("修订依据")) || !bytes.Contains(text, []byte("ledger-2008-12-correction.csv")) {
			t.Errorf("vintage 2's %s does not name the file its revision rests on", name)
		}
	}
	for _, r := range v2.Revisions {
		if strings.HasPrefix(r, "2008年12月2008年") {
			t.Errorf("a revision names its period twice: %s", r)
		}
	}
	list, err := bulletin.List(ctx, s.Conn, nil)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %v", list, err)
	}
}

// correction rewrites one failing community's December ledger so that every member of
// its target group is employed: it then meets the standard (if nothing else fails it).
func correction(t *testing.T, s *warehouse.Store) string {
	t.Helper()
	ctx := context.Background()
	st, err := s.Standards(ctx, standard.Default(), 2008, time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC), campaign.CityCode)
	if err != nil {
		t.Fatal(err)
	}
	var code string
	for _, c := range st.Communities {
		var failed []string
		for _, it := range c.Items {
			if !it.Held {
				failed = append(failed, it.ID)
			}
		}
		if c.Assessed && !c.Met && len(failed) == 1 && failed[0] == "employment_rate" {
			code = c.Code
			break
		}
	}
	if code == "" {
		t.Fatal("no community failing on the employment rate alone")
	}
	rows, err := s.Conn.Query(ctx, "SELECT id_number, name, household_id FROM ledger FINAL WHERE month = toDate('2008-12-01') AND community_code = ? AND status = 'unemployed'", code)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := "month,id_number,name,community_code,household_id,status,able,willing,hard_to_employ,assistance_card,graduate,rural_labor,unemployed_since,training_wish\n"
	for rows.Next() {
		var id, name, hh string
		if err := rows.Scan(&id, &name, &hh); err != nil {
			t.Fatal(err)
		}
		out += "2008-12," + id + "," + name + "," + code + "," + hh + ",employed,Y,Y,N,N,N,N,,N\n"
	}
	return out
}

// TestBadInput: a malformed, future or dataless period and an unknown region each get an
// error that names them; the English edition is written from the same numbers.
func TestBadInput(t *testing.T) {
	for _, s := range []string{"2009-13", "2009-Q5", "09", "2009/12", ""} {
		if _, err := period.Parse(s); err == nil || !strings.Contains(err.Error(), "period") {
			t.Errorf("period.Parse(%q) = %v, want an error naming the period", s, err)
		}
	}
	for s, want := range map[string]string{"2009-12": "2009-12", "200912": "2009-12", "2009-q4": "2009-Q4", "2009": "2009"} {
		if p, err := period.Parse(s); err != nil || p.String() != want {
			t.Errorf("period.Parse(%q) = %v %v, want %s", s, p, err, want)
		}
	}
	ctx := context.Background()
	s := demo(t)
	build := func(name, region string) error {
		p, err := period.Parse(name)
		if err != nil {
			t.Fatal(err)
		}
		_, err = bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: standard.Default()}, standard.Default(), bulletin.DefaultOptions(), region, p, "zh", now)
		return err
	}
	if err := build("2030-01", ""); !errors.Is(err, bulletin.ErrFuture) || !strings.Contains(err.Error(), "2030-01") {
		t.Errorf("future period: %v", err)
	}
	if err := build("2009-06", ""); !errors.Is(err, bulletin.ErrNoData) || !strings.Contains(err.Error(), "2009-06") {
		t.Errorf("period without ledger data: %v", err)
	}
	if err := build("2008-12", "330199"); !errors.Is(err, warehouse.ErrUnknownRegion) || !strings.Contains(err.Error(), "330199") {
		t.Errorf("unknown region: %v", err)
	}
	p, _ := period.Parse("2008-Q4")
	zh, err := bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: standard.Default()}, standard.Default(), bulletin.DefaultOptions(), "330102", p, "zh", now)
	if err != nil {
		t.Fatal(err)
	}
	en, err := bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: standard.Default()}, standard.Default(), bulletin.DefaultOptions(), "330102", p, "en", now)
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range zh.Numbers {
		if en.Numbers[k].Value != n.Value {
			t.Errorf("%s: zh %v, en %v", k, n.Value, en.Numbers[k].Value)
		}
	}
	md := string(bulletin.Markdown(en))
	if !strings.Contains(md, "Quarterly Statistical Bulletin") || !strings.Contains(md, "communities assessed") || strings.Contains(md, "达标社区") {
		t.Errorf("the English edition reads:\n%.600s", md)
	}
}
