package bulletin_test

import (
	"context"
	"fullemp/period"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"fullemp/bulletin"
	"fullemp/ingest"
	"fullemp/standard"
	"fullemp/synth"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// The bulletin benchmarks (issue 11 item 9): the city's monthly and annual bulletins,
// HTML and PDF, on the demo city.
//
//	FULLEMP_BENCH_CLICKHOUSE=HOST:PORT  use that warehouse (database FULLEMP_BENCH_DATABASE,
//	                                    default fullemp) with its data as it is
//	FULLEMP_BENCH_SCALE=S               otherwise generate and ingest the demo city at scale
//	                                    S (default 1.0: ~100 M ledger rows, ~15 minutes)
//
// Run: go test -run '^$' -bench Bulletin -benchtime 1x ./bulletin

var (
	benchOnce  sync.Once
	benchStore *warehouse.Store
	benchErr   error
)

func benchWarehouse(b *testing.B) *warehouse.Store {
	b.Helper()
	benchOnce.Do(func() {
		ctx := context.Background()
		if addr := os.Getenv("FULLEMP_BENCH_CLICKHOUSE"); addr != "" {
			cfg := warehouse.DefaultConfig()
			cfg.Addr = addr
			if db := os.Getenv("FULLEMP_BENCH_DATABASE"); db != "" {
				cfg.Database = db
			}
			benchStore, benchErr = warehouse.Open(ctx, cfg, whtest.Log())
			return
		}
		scale := 1.0
		if s := os.Getenv("FULLEMP_BENCH_SCALE"); s != "" {
			if scale, benchErr = strconv.ParseFloat(s, 64); benchErr != nil {
				return
			}
		}
		dir, err := os.MkdirTemp("", "fullemp-bench-city-")
		if err != nil {
			benchErr = err
			return
		}
		defer os.RemoveAll(dir)
		if _, benchErr = synth.Generate(ctx, synth.Options{Dir: dir, Scale: scale, Seed: synth.DefaultSeed}); benchErr != nil {
			return
		}
		if benchStore, benchErr = warehouse.Open(ctx, whtest.Config(b), whtest.Log()); benchErr != nil {
			return
		}
		start := time.Now()
		_, benchErr = ingest.New(benchStore, whtest.Log(), ingest.Options{}).Files(ctx, []string{filepath.Join(dir)})
		b.Logf("demo city at scale %g ingested in %s", scale, time.Since(start).Round(time.Second))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore
}

func benchBulletin(b *testing.B, name string, pdf bool) {
	s := benchWarehouse(b)
	ctx := context.Background()
	p, err := period.Parse(name)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bl, err := bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: standard.Default()}, standard.Default(), bulletin.DefaultOptions(), "", p, "zh", time.Now())
		if err != nil {
			b.Fatal(err)
		}
		html, err := bulletin.HTML(bl)
		if err != nil {
			b.Fatal(err)
		}
		if pdf {
			if _, err := bulletin.PDF(ctx, html); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkBulletinMonthlyHTML(b *testing.B) { benchBulletin(b, "2010-12", false) }
func BenchmarkBulletinMonthlyPDF(b *testing.B)  { benchBulletin(b, "2010-12", true) }
func BenchmarkBulletinAnnualHTML(b *testing.B)  { benchBulletin(b, "2009", false) }
func BenchmarkBulletinAnnualPDF(b *testing.B)   { benchBulletin(b, "2009", true) }
