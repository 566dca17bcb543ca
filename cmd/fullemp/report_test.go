package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fullemp/idcard"
	"fullemp/period"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// reportCity starts its own ClickHouse (no TestMain needed) with two communities in two
// districts that meet the 2009 standard: ledgers for the quarter-end months, all employed.
func reportCity(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	srv, err := warehouse.StartLocal(ctx, "clickhouse-server", t.TempDir(), whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	cfg := warehouse.DefaultConfig()
	cfg.Addr = srv.Addr()
	s, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fillReportCity(t, s)
	return []string{"--clickhouse", srv.Addr(), "--log-level", "error"}
}

// fillReportCity loads reportCity's communities and ledgers into s and refreshes them.
func fillReportCity(t *testing.T, s *warehouse.Store) {
	t.Helper()
	ctx := context.Background()
	exec := func(query string, rows ...[]any) {
		b, err := s.Conn.PrepareBatch(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := b.Append(r...); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Send(); err != nil {
			t.Fatal(err)
		}
	}
	comms := []string{"330102001001", "330109001001"}
	exec("INSERT INTO regions (district_code, district_name, district_group, street_code, street_name, community_code, community_name, community_type, assessed_from, version)",
		[]any{"330102", "上城区", "main_urban", "330102001", "清波街道", comms[0], "秋里社区", "old", uint16(2007), uint64(1)},
		[]any{"330109", "萧山区", "xiaoshan", "330109001", "城厢街道", comms[1], "湘湖社区", "converted", uint16(2008), uint64(2)})
	exec("INSERT INTO street_scores (year, street_code, score, version)",
		[]any{uint16(2009), "330102001", 95.0, uint64(1)}, []any{uint16(2009), "330109001", 95.0, uint64(1)})
	var ledger [][]any
	var ch warehouse.Changes
	for _, ms := range []string{"2009-03", "2009-06", "2009-09", "2009-12"} {
		m, _ := time.Parse("2006-01", ms)
		for ci, c := range comms {
			for i := 0; i < 3; i++ {
				birth := time.Date(1970+i, 1, 1, 0, 0, 0, 0, time.UTC)
				id := idcard.Make(c[:6], birth, ci*10+i)
				ledger = append(ledger, []any{m, id, "某人", c, "0001", "employed", uint8(1), uint8(1),
					uint32(birth.Year()*10000 + 101), b2u(idcard.Male(id)), uint8(idcard.AgeOn(birth, m.AddDate(0, 1, -1))), uint64(1)})
			}
		}
		ch.Add("ledger", m)
	}
	exec("INSERT INTO ledger (month, id_number, name, community_code, household_id, status, able, willing, birth_date, male, age, version)", ledger...)
	if err := s.Refresh(ctx, ch); err != nil {
		t.Fatal(err)
	}
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// run runs a subcommand and returns its standard output.
func run(t *testing.T, conn []string, args ...string) string {
	t.Helper()
	var out, errw bytes.Buffer
	app := NewApp(&out, &errw)
	defer app.Close()
	full := append(append([]string{}, args[1:]...), conn...)
	if err := commands[args[0]].run(context.Background(), app, full); err != nil {
		t.Fatalf("fullemp %s: %v\n%s", strings.Join(args, " "), err, errw.String())
	}
	return out.String()
}

func TestReportCommands(t *testing.T) {
	conn := reportCity(t)

	var p warehouse.Progress
	if err := json.Unmarshal([]byte(run(t, conn, "report", "progress", "--year", "2009", "--format", "json")), &p); err != nil {
		t.Fatal(err)
	}
	if p.CommunitiesMet != 2 || p.CommunitiesAssessed != 2 || len(p.Targets) != 5 || !p.Targets[0].Met || p.Targets[0].NameZh != "2009年全市社区达标率" {
		t.Errorf("progress %+v", p)
	}
	checks := []struct {
		args []string
		want []string
	}{
		{[]string{"report", "progress", "--year", "2009", "--month", "2009-06"}, []string{"as of 2009-06", "T2009-city", "1/1", "名称 name", "2009年全市社区达标率"}},
		{[]string{"report", "progress", "--year", "2009", "--region", "330109"}, []string{"T2009-outer", "T2009-converted", "萧山区社区达标率 · 目标 ≥50% (T2009-outer)", "met (final) 已达成"}},
		{[]string{"report", "region", "3301", "--month", "2009-12"}, []string{"2 communities, 2 with a ledger", "主城区", "100.0%", "72-hour promise"}},
		{[]string{"report", "region", "330102", "--period", "2009-Q4"}, []string{"2009-Q4 2009年第四季度", "Stocks at 2009-12", "summed over 2009-10 to 2009-12 (1 months with a ledger)", "存量为期末数，流量为期内合计"}},
		{[]string{"report", "region", "main_urban", "--period", "2009"}, []string{"主城区 main_urban (group)", "上城区"}},
		{[]string{"report", "placements", "330102", "--period", "2009-Q4"}, []string{"72h promise"}},
		{[]string{"report", "progress", "--period", "2009-Q2"}, []string{"Progress 进度 2009 as of 2009-06"}},
		{[]string{"report", "standards", "--year", "2009", "--format", "csv"}, []string{"score 95 ≥ 90", "employment rate 2009-12 3/3 = 100% ≥ 96%"}},
		{[]string{"report", "verify", "330102001001", "--month", "2009-12", "--format", "csv"}, []string{"community_code,kind,类别,id_number"}},
		{[]string{"report", "zero", "3301", "--from", "2009-01", "--to", "2009-03"}, []string{"2009-01  missing", "2009-03  0"}},
		{[]string{"report", "placements", "330102", "--from", "2009-12"}, []string{"72h promise", "专场招聘"}},
	}
	// Xiaoshan is judged on its own targets, not on the city's 60 %.
	if out := run(t, conn, "report", "progress", "--year", "2009", "--region", "330109"); strings.Contains(out, "T2009-city") || strings.Contains(out, "全市社区达标率") {
		t.Errorf("report progress --region 330109 shows a target that is not Xiaoshan's:\n%s", out)
	}
	for _, c := range checks {
		out := run(t, conn, c.args...)
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("fullemp %s: no %q in\n%s", strings.Join(c.args, " "), w, out)
			}
		}
	}

	// The sample: one community per district (each has one meeting), the same for a seed.
	file := filepath.Join(t.TempDir(), "spot.csv")
	run(t, conn, "sample", "--year", "2009", "--rate", "0.1", "--seed", "3", "--out", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) != 3 || strings.Join(recs[0], ",") != "year,community_code,result,note" || recs[1][1] != "330102001001" || recs[2][0] != "2009" || recs[2][2] != "" {
		t.Errorf("sample %v %v", recs, err)
	}
}

func TestStandardConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"standard:\n  community:\n    employment_rate: 101\n":            "standard.community.employment_rate: must be 0–100",
		"standard:\n  street:\n    min_scor: 90\n":                       "field min_scor not found",
		"standard:\n  targets:\n    - {id: X, year: 2009, measure: y}\n": "standard.targets[0].measure",
	}
	for text, want := range cases {
		path := filepath.Join(dir, "fullemp.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		app := NewApp(&bytes.Buffer{}, &bytes.Buffer{})
		fs := app.flags("x", "x")
		err := app.parse(fs, []string{"--config", path})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", text, err, want)
		}
	}
	// A valid file changes the threshold.
	path := filepath.Join(dir, "ok.yaml")
	os.WriteFile(path, []byte("standard:\n  community:\n    employment_rate: 95.5\n"), 0o644)
	app := NewApp(&bytes.Buffer{}, &bytes.Buffer{})
	if err := app.parse(app.flags("x", "x"), []string{"--config", path}); err != nil || app.Config.Standard.Community.EmploymentRate != 95.5 || app.Config.Standard.Street.MinScore != 90 {
		t.Errorf("valid file: %v %+v", err, app.Config.Standard)
	}
}

// TestReportPeriodWithoutData: a period with no ledger at all is an error that says so in
// Chinese and then in English, and the command exits with status 1 — never a report of
// zeros; a malformed period is an error naming it.
func TestReportPeriodWithoutData(t *testing.T) {
	conn := reportCity(t)
	for _, c := range []struct{ args []string }{
		{[]string{"report", "region", "3301", "--period", "2030-Q1"}},
		{[]string{"report", "region", "3301", "--month", "2009-11"}}, // the city has quarter-end ledgers only
		{[]string{"report", "progress", "--period", "2006"}},
		{[]string{"report", "zero", "3301", "--period", "2008"}},
		{[]string{"report", "verify", "330102001001", "--period", "2009-08"}},
	} {
		var out, errw bytes.Buffer
		app := NewApp(&out, &errw)
		err := commands["report"].run(context.Background(), app, append(append([]string{}, c.args[1:]...), conn...))
		app.Close()
		var nd *period.NoDataError
		if !errors.As(err, &nd) || !strings.Contains(err.Error(), "没有台帐数据") || !strings.Contains(err.Error(), "There is no ledger data for") {
			t.Errorf("fullemp %s: %v, want the no-data sentence", strings.Join(c.args, " "), err)
		}
		if out.Len() != 0 {
			t.Errorf("fullemp %s printed a report:\n%s", strings.Join(c.args, " "), out.String())
		}
	}
	if code := Main(context.Background(), append([]string{"report", "region", "3301", "--period", "2030-Q1"}, conn...)); code != 1 {
		t.Errorf("exit status %d for a period without data, want 1", code)
	}
	if code := Main(context.Background(), append([]string{"report", "region", "3301", "--period", "2009-12"}, conn...)); code != 0 {
		t.Errorf("exit status %d for a period with data, want 0", code)
	}
	var out, errw bytes.Buffer
	app := NewApp(&out, &errw)
	defer app.Close()
	if err := commands["report"].run(context.Background(), app, append([]string{"region", "3301", "--period", "2009-Q5"}, conn...)); err == nil || !strings.Contains(err.Error(), `period "2009-Q5": quarter Q5 is not Q1–Q4`) {
		t.Errorf("malformed period: %v", err)
	}
}
