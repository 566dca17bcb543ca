package ingest

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"fullemp/readmodel"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// BenchmarkUploadCost measures what an upload costs, from the start of its ingest until a
// poll as serve's (every readmodel.DataVersionEvery) sees its figures, against today's
// whole-month refresh of the same months (RefreshMonths: every community of the month,
// then every household's zero-employment events), side by side in one run, on the demo
// city's 2009 (ledger and contributions) at FULLEMP_BENCH_SCALE (default 0.25):
//
//   - one community's December ledger, resent with a tenth of its statuses changed;
//   - a hundred communities' December ledgers (one in eight of the city's) in one upload;
//   - December's contribution extract, resent with a tenth of its employer names changed.
//
// For each it reports the upload's seconds to visible, the ratio to the same load followed
// by the whole-month refresh, and the ratio of the refreshes alone, and the peak memory
// (VmHWM) of this process and of ClickHouse during each. FULLEMP_BENCH_UPLOADS (e.g.
// "1comm,contrib") keeps only the uploads it names; FULLEMP_BENCH_TRACE=1 prints every
// statement of each upload with its time.
func BenchmarkUploadCost(b *testing.B) {
	ctx := context.Background()
	s := uploadBenchStore(b)
	var rows uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM ledger WHERE month = toDate('2009-12-01')").Scan(&rows); err != nil {
		b.Fatal(err)
	}
	if rows == 0 {
		ledger, regions := benchFiles(b)
		contrib := filepath.Join(filepath.Dir(ledger), "contributions-2009.csv")
		start := time.Now()
		if _, err := New(s, whtest.Log(), Options{}).Files(ctx, []string{regions, ledger, contrib}); err != nil {
			b.Fatalf("load the city: %v", err)
		}
		if err := s.Conn.QueryRow(ctx, "SELECT count() FROM ledger").Scan(&rows); err != nil {
			b.Fatal(err)
		}
		fmt.Printf("upload cost: the city's 2009 loaded (%d ledger rows) in %s\n", rows, time.Since(start).Round(time.Second))
	} else {
		fmt.Printf("upload cost: on the loaded warehouse at %s (%d ledger rows in 2009-12)\n", os.Getenv("FULLEMP_BENCH_CLICKHOUSE"), rows)
	}
	regs, err := s.Regions(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var codes []string
	for _, c := range regs.Communities("3301") {
		codes = append(codes, c.Code)
	}
	var hundred []string
	for i := 0; i < len(codes) && len(hundred) < 100; i += 8 {
		hundred = append(hundred, codes[i])
	}
	dec := time.Date(2009, 12, 1, 0, 0, 0, 0, time.UTC)
	dir := b.TempDir()
	var trace *tracedConn
	if os.Getenv("FULLEMP_BENCH_TRACE") != "" {
		trace = &tracedConn{Conn: s.Conn}
		s.Conn = trace
	}
	type scenario struct {
		name string
		file func(iter int) string
	}
	scenarios := []scenario{
		{"1comm", func(i int) string { return ledgerCorrection(b, s, dir, dec, codes[len(codes)/2:len(codes)/2+1], i) }},
		{"100comm", func(i int) string { return ledgerCorrection(b, s, dir, dec, hundred, i) }},
		{"contrib", func(i int) string { return contributionExtract(b, s, dir, dec, i) }},
	}
	if only := os.Getenv("FULLEMP_BENCH_UPLOADS"); only != "" {
		var kept []scenario
		for _, sc := range scenarios {
			if strings.Contains(","+only+",", ","+sc.name+",") {
				kept = append(kept, sc)
			}
		}
		scenarios = kept
	}
	type result struct {
		upload, visible, load, refresh, whole, peak, chPeak, wholePeak, wholeCHPeak float64
		visibles                                                                    []float64 // each iteration's
	}
	res := make([]result, len(scenarios))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, sc := range scenarios {
			path := sc.file(i)
			settle(b, s)
			time.Sleep(time.Second) // no refresh of the load above is still settling
			debug.FreeOSMemory()    // the peak is the upload's, not what the load above left
			resetPeakRSS()
			resetCHPeak()
			if trace != nil {
				trace.calls = nil
			}
			up, vis, sum := uploadToVisible(b, s, path)
			if trace != nil {
				fmt.Printf("trace of %s, iteration %d:\n", sc.name, i)
				trace.print()
			}
			r := &res[j]
			r.upload += up.Seconds()
			r.visible += vis.Seconds()
			r.visibles = append(r.visibles, vis.Seconds())
			r.load += sum.Seconds
			r.refresh += up.Seconds() - sum.Seconds
			r.peak, r.chPeak = max(r.peak, peakRSSMB()), max(r.chPeak, chPeakMB())
			settle(b, s)
			debug.FreeOSMemory()
			resetPeakRSS()
			resetCHPeak()
			w := time.Now()
			if err := s.RefreshMonths(ctx, []time.Time{dec}); err != nil {
				b.Fatal(err)
			}
			r.whole += time.Since(w).Seconds()
			r.wholePeak, r.wholeCHPeak = max(r.wholePeak, peakRSSMB()), max(r.wholeCHPeak, chPeakMB())
		}
	}
	b.StopTimer()
	n := float64(b.N)
	fmt.Printf("%-8s %9s %9s %9s %9s %9s | %11s %7s %7s | %8s %8s | %8s %8s\n", "upload", "to-vis s", "median s", "ingest s", "load s", "refresh s",
		"whole-mo s", "ratio", "refr.r", "peak MB", "CH MB", "whole MB", "CH MB")
	for j, sc := range scenarios {
		r := res[j]
		ratio := r.visible / (r.load + r.whole + (r.visible - r.upload))
		refreshRatio := r.refresh / r.whole
		fmt.Printf("%-8s %9.2f %9.2f %9.2f %9.2f %9.2f | %11.2f %7.3f %7.3f | %8.0f %8.0f | %8.0f %8.0f\n", sc.name, r.visible/n, median(r.visibles), r.upload/n, r.load/n, r.refresh/n,
			r.whole/n, ratio, refreshRatio, r.peak, r.chPeak, r.wholePeak, r.wholeCHPeak)
		fmt.Printf("%-8s to visible in each run: %s\n", "", seconds(r.visibles))
		b.ReportMetric(r.visible/n, sc.name+"-s")
		b.ReportMetric(ratio, sc.name+"-ratio")
		b.ReportMetric(refreshRatio, sc.name+"-refresh-ratio")
		b.ReportMetric(r.peak, sc.name+"-peak-MB")
		b.ReportMetric(r.chPeak, sc.name+"-ch-peak-MB")
	}
	b.ReportMetric(0, "ns/op")
	fmt.Println("to-vis: the mean; ratio: the upload to visible ÷ the same load, whole-month refresh and poll; refr.r: the refreshes alone")
}

// median is the middle of xs (the mean of the middle two of an even count).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// seconds lists xs as "0.31 0.35 …".
func seconds(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strings.Join(parts, " ")
}

// uploadBenchStore opens the warehouse at FULLEMP_BENCH_CLICKHOUSE (database
// FULLEMP_BENCH_DATABASE, default fullemp) as it is, and keeps it; without it, a fresh test
// database on the test server, dropped at the end. FULLEMP_BENCH_CLICKHOUSE_PID names that
// server's process, for its peak memory.
func uploadBenchStore(b *testing.B) *warehouse.Store {
	addr := os.Getenv("FULLEMP_BENCH_CLICKHOUSE")
	if addr == "" {
		return whtest.Open(b)
	}
	cfg := warehouse.DefaultConfig()
	cfg.Addr = addr
	if db := os.Getenv("FULLEMP_BENCH_DATABASE"); db != "" {
		cfg.Database = db
	}
	s, err := warehouse.Open(context.Background(), cfg, whtest.Log())
	if err != nil {
		b.Fatalf("open the benchmark warehouse at %s: %v", addr, err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// chPID is the process of the benchmark's ClickHouse server (0: unknown).
func chPID() int {
	if v, err := strconv.Atoi(os.Getenv("FULLEMP_BENCH_CLICKHOUSE_PID")); err == nil {
		return v
	}
	if os.Getenv("FULLEMP_BENCH_CLICKHOUSE") != "" {
		return 0
	}
	return whtest.ServerPID()
}

// uploadToVisible ingests path and returns how long the ingest (with its refresh) took,
// and how long until a poll every readmodel.DataVersionEvery (as serve's Watch) saw the
// data version move.
func uploadToVisible(b *testing.B, s *warehouse.Store, path string) (upload, visible time.Duration, sum Summary) {
	ctx := context.Background()
	version := func() uint64 {
		var pub, publishing uint64
		if err := s.Conn.QueryRow(ctx, "SELECT maxIf(version, id = 0), maxIf(version, id = 1) FROM data_version").Scan(&pub, &publishing); err != nil {
			b.Fatal(err)
		}
		return pub
	}
	was := version()
	var seen atomic.Int64
	start := time.Now()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(readmodel.DataVersionEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if version() != was {
					seen.Store(int64(time.Since(start)))
					return
				}
			}
		}
	}()
	sums, err := New(s, whtest.Log(), Options{}).Files(ctx, []string{path})
	upload = time.Since(start)
	if err != nil {
		b.Fatalf("upload %s: %v", path, err)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		close(stop)
		b.Fatalf("upload %s: the data version did not move within 5 s of the ingest's end", path)
	}
	return upload, time.Duration(seen.Load()), sums[0]
}

// ledgerCorrection writes the month's ledger rows of the communities, as they stand, with a
// tenth of the statuses changed (and a name that makes the file new).
func ledgerCorrection(b *testing.B, s *warehouse.Store, dir string, m time.Time, communities []string, iter int) string {
	stamp := time.Now().UnixNano() // a kept warehouse may hold this iteration's file of an earlier run
	set := make([]any, len(communities))
	for i, c := range communities {
		set[i] = c
	}
	rows, err := s.Conn.Query(context.Background(), `SELECT id_number, community_code, household_id, toString(status),
		able, willing, hard_to_employ, assistance_card, graduate, rural_labor, ifNull(toString(unemployed_since), ''), training_wish
		FROM ledger FINAL WHERE month = toDate(?) AND community_code IN ? ORDER BY id_number`, m.Format("2006-01-02"), clickhouse.GroupSet{Value: set})
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	yn := func(v uint8) string { return map[uint8]string{0: "N", 1: "Y"}[v] }
	out := [][]string{{"month", "id_number", "name", "community_code", "household_id", "status", "able", "willing", "hard_to_employ",
		"assistance_card", "graduate", "rural_labor", "unemployed_since", "training_wish"}}
	for n := 0; rows.Next(); n++ {
		var id, c, h, st, since string
		var able, willing, hard, card, grad, rural, wish uint8
		if err := rows.Scan(&id, &c, &h, &st, &able, &willing, &hard, &card, &grad, &rural, &since, &wish); err != nil {
			b.Fatal(err)
		}
		if n%10 == 0 {
			switch st {
			case "employed", "flexible":
				st, since = "unemployed", m.AddDate(0, -2, 0).Format("2006-01-02")
			case "unemployed":
				st, since = "employed", ""
			}
		}
		out = append(out, []string{m.Format("2006-01"), id, fmt.Sprintf("更正%d-%d", iter, stamp), c, h, st, yn(able), yn(willing), yn(hard),
			yn(card), yn(grad), yn(rural), since, yn(wish)})
	}
	return writeCSV(b, dir, fmt.Sprintf("ledger-%d-%d.csv", len(communities), iter), out)
}

// contributionExtract writes the month's contribution records as they stand, a tenth under a
// new employer name.
func contributionExtract(b *testing.B, s *warehouse.Store, dir string, m time.Time, iter int) string {
	stamp := time.Now().UnixNano()
	rows, err := s.Conn.Query(context.Background(), "SELECT id_number, employer_code, employer_name FROM contributions FINAL WHERE month = toDate(?)", m.Format("2006-01-02"))
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	out := [][]string{{"month", "id_number", "employer_code", "employer_name"}}
	for n := 0; rows.Next(); n++ {
		var id, code, name string
		if err := rows.Scan(&id, &code, &name); err != nil {
			b.Fatal(err)
		}
		if n%10 == 0 {
			base, _, _ := strings.Cut(name, "（更名") // a kept warehouse holds earlier runs' renames
			name = fmt.Sprintf("%s（更名%d-%d）", base, iter, stamp)
		}
		out = append(out, []string{m.Format("2006-01"), id, code, name})
	}
	return writeCSV(b, dir, fmt.Sprintf("contributions-%d.csv", iter), out)
}

func writeCSV(b *testing.B, dir, name string, records [][]string) string {
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(records); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}

// resetCHPeak resets the peak resident memory of the test's ClickHouse server.
func resetCHPeak() {
	if pid := chPID(); pid > 0 {
		_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
	}
}

// chPeakMB reads the test ClickHouse server's VmHWM.
func chPeakMB() float64 {
	pid := chPID()
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
