package warehouse_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"fullemp/campaign"
	fsql "fullemp/sql"
	"fullemp/standard"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// The figure benchmarks (issue 3 item 9): a city overview's and a district's figures read
// from the aggregates, next to the raw scan of the ledger that computes the same numbers.
//
//	FULLEMP_BENCH_CLICKHOUSE=HOST:PORT  use that warehouse (database FULLEMP_BENCH_DATABASE,
//	                                    default fullemp) as it is, or fill it when its
//	                                    ledger is empty (kept for the next run)
//	FULLEMP_BENCH_ROWS=N                otherwise generate N synthetic ledger rows over 48
//	                                    months (default 100 000 000, scale 1.0; it takes
//	                                    minutes) plus contributions for ~60 % of them
//
// Run: go test -run '^$' -bench Figures -benchtime 1x ./warehouse

var (
	benchOnce  sync.Once
	benchStore *warehouse.Store
	benchMonth time.Time
	benchErr   error
)

func benchWarehouse(b *testing.B) (*warehouse.Store, time.Time) {
	b.Helper()
	benchOnce.Do(func() {
		ctx := context.Background()
		if addr := os.Getenv("FULLEMP_BENCH_CLICKHOUSE"); addr != "" {
			cfg := warehouse.DefaultConfig()
			cfg.Addr = addr
			if db := os.Getenv("FULLEMP_BENCH_DATABASE"); db != "" {
				cfg.Database = db
			}
			if benchStore, benchErr = warehouse.Open(ctx, cfg, whtest.Log()); benchErr != nil {
				return
			}
			var n uint64
			if benchErr = benchStore.Conn.QueryRow(ctx, "SELECT count() FROM ledger").Scan(&n); benchErr != nil {
				return
			}
			if n == 0 { // an empty database: fill it (and keep it for the next run)
				benchMonth, benchErr = loadSynthetic(ctx, b, benchStore, benchRows())
				return
			}
			var months []time.Time
			if months, benchErr = benchStore.LedgerMonths(ctx); benchErr == nil && len(months) > 0 {
				benchMonth = months[len(months)-1]
			}
			return
		}
		cfg := whtest.Config(b)
		if benchStore, benchErr = warehouse.Open(ctx, cfg, whtest.Log()); benchErr != nil {
			return
		}
		benchMonth, benchErr = loadSynthetic(ctx, b, benchStore, benchRows())
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore, benchMonth
}

// loadSynthetic fills regions (the 13 districts, 8 streets each, 8 communities a street),
// ledger and contributions with INSERT … SELECT from system.numbers, then refreshes.
func loadSynthetic(ctx context.Context, b *testing.B, s *warehouse.Store, rows uint64) (time.Time, error) {
	const months = 48
	start := time.Now()
	batch, err := s.Conn.PrepareBatch(ctx, "INSERT INTO regions (district_code, district_name, district_group, street_code, street_name, community_code, community_name, community_type, assessed_from, version)")
	if err != nil {
		return time.Time{}, err
	}
	var codes []string
	for _, d := range campaign.Hangzhou {
		for st := 1; st <= 8; st++ {
			for c := 1; c <= 8; c++ {
				street := fmt.Sprintf("%s%03d", d.Code, st)
				code := fmt.Sprintf("%s%03d", street, c)
				typ := "old"
				if c > 6 {
					typ = "converted"
				}
				if err := batch.Append(d.Code, d.Name, d.Group, street, "街道"+street, code, "社区"+code, typ, uint16(2007+c%3), uint64(1)); err != nil {
					return time.Time{}, err
				}
				codes = append(codes, code)
			}
		}
	}
	if err := batch.Send(); err != nil {
		return time.Time{}, err
	}
	people := rows / months
	// Person p lives in household p/3 of community (p/3) % len(codes); attributes come from
	// hashes of the person; the status too, except that one person in 25 draws another each
	// month, so statuses persist as in a real ledger. One INSERT … SELECT per month keeps
	// each statement short.
	ledger := `INSERT INTO ledger (month, id_number, name, community_code, household_id, status, able, willing,
	    hard_to_employ, assistance_card, graduate, rural_labor, unemployed_since, training_wish, birth_date, male, age,
	    file_id, source_row, version)
	SELECT toDate(?), toString(100000000000000000 + number), 'x', arrayElement(?, intDiv(number, 3) % ? + 1),
	       toString(intDiv(number, 3)),
	       CAST(multiIf(h < 80, 'employed', h < 85, 'flexible', h < 95, 'unemployed', 'out_of_labor_force')
	            AS Enum8('employed' = 1, 'flexible' = 2, 'unemployed' = 3, 'out_of_labor_force' = 4)),
	       toUInt8(g % 50 != 0), toUInt8(g % 40 != 0), toUInt8(g % 30 = 0), 0, toUInt8(g % 20 = 0),
	       toUInt8(g % 7 = 0), toNullable(addDays(toDate('2005-01-01'), toInt32(g % 2000))), 0,
	       toUInt32(19500101 + number % 40 * 10000), toUInt8(number % 2), toUInt8(16 + number % 48),
	       1, 0, 1
	FROM (SELECT number, if(cityHash64(number, ?) % 25 = 0, cityHash64(number, ?, 1), cityHash64(number, 7)) % 100 AS h,
	             cityHash64(number) AS g
	      FROM system.numbers LIMIT ?)`
	contrib := `INSERT INTO contributions (month, id_number, employer_code, employer_name, file_id, source_row, version)
	SELECT toDate(?), toString(100000000000000000 + number), '91330100MA00000000', 'e', 1, 0, 1
	FROM system.numbers
	WHERE cityHash64(number, ?) % 100 < 85 AND cityHash64(number) % 10 < 7
	LIMIT ?`
	var ch warehouse.Changes
	for i := 0; i < months; i++ {
		m := time.Date(2007, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)
		day := m.Format("2006-01-02")
		if err := s.Conn.Exec(ctx, ledger, day, codes, len(codes), i, i, people); err != nil {
			return time.Time{}, fmt.Errorf("synthetic ledger %s: %w", day, err)
		}
		if err := s.Conn.Exec(ctx, contrib, day, i, people*6/10); err != nil {
			return time.Time{}, fmt.Errorf("synthetic contributions %s: %w", day, err)
		}
		ch.Add(campaign.Ledger, m)
	}
	loaded := time.Since(start)
	start = time.Now()
	if err := s.Refresh(ctx, ch); err != nil {
		return time.Time{}, err
	}
	fmt.Printf("bench warehouse: %d ledger rows (%d people × %d months) loaded in %s, Refresh of all months %s\n",
		rows, people, months, loaded.Round(time.Second), time.Since(start).Round(time.Second))
	return time.Date(2010, time.December, 1, 0, 0, 0, 0, time.UTC), nil
}

// benchRows is FULLEMP_BENCH_ROWS, default 100 M (scale 1.0).
func benchRows() uint64 {
	if v, err := strconv.ParseUint(os.Getenv("FULLEMP_BENCH_ROWS"), 10, 64); err == nil && v > 0 {
		return v
	}
	return 100_000_000
}

var qRaw = fsql.MustQuery("raw_community_month")

// rawFigures computes the region's month straight from the ledger.
func rawFigures(ctx context.Context, s *warehouse.Store, prefix string, m time.Time) (tg, emp uint64, err error) {
	day := m.Format("2006-01-02")
	rows, err := s.Conn.Query(ctx, qRaw, m.AddDate(0, -11, -1).Format("2006-01-02"), day, prefix, day)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		v := make([]uint64, 16)
		dest := []any{&code}
		for i := range v {
			dest = append(dest, &v[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return 0, 0, err
		}
		tg += v[3]
		emp += v[4]
	}
	return tg, emp, rows.Err()
}

// timeIt runs f n times and returns the mean duration.
func timeIt(b *testing.B, n int, f func() error) time.Duration {
	b.Helper()
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start) / time.Duration(n)
}

func benchRegion(b *testing.B, code, prefix string) {
	ctx := context.Background()
	s, m := benchWarehouse(b)
	var viaAgg, viaRaw [2]uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		agg := timeIt(b, 20, func() error {
			f, err := s.Figures(ctx, code, m)
			if err != nil {
				return err
			}
			viaAgg = [2]uint64{f.TargetGroup, f.Employed}
			_, err = s.ChildFigures(ctx, code, m)
			return err
		})
		raw := timeIt(b, 3, func() error {
			tg, emp, err := rawFigures(ctx, s, prefix, m)
			viaRaw = [2]uint64{tg, emp}
			return err
		})
		b.ReportMetric(float64(agg.Microseconds())/1000, "agg-ms")
		b.ReportMetric(float64(raw.Microseconds())/1000, "raw-ms")
		b.ReportMetric(float64(raw)/float64(agg), "ratio")
		if i == 0 {
			fmt.Printf("%s %s: aggregates %s (figures + children), raw ledger scan %s, ratio %.0f×; target group %d employed %d\n",
				code, m.Format("2006-01"), agg.Round(time.Microsecond), raw.Round(time.Millisecond), float64(raw)/float64(agg), viaAgg[0], viaAgg[1])
		}
	}
	if viaAgg != viaRaw {
		b.Fatalf("aggregates %v and raw scan %v disagree", viaAgg, viaRaw)
	}
}

// BenchmarkFiguresCity times the city overview's figures (the city and its groups).
func BenchmarkFiguresCity(b *testing.B) { benchRegion(b, campaign.CityCode, "") }

// BenchmarkFiguresDistrict times a district's figures (the district and its streets).
func BenchmarkFiguresDistrict(b *testing.B) { benchRegion(b, "330106", "330106") }

// BenchmarkFiguresProgress times the year's targets with their monthly history and the
// standards of every community and street, all from the aggregates.
func BenchmarkFiguresProgress(b *testing.B) {
	ctx := context.Background()
	s, m := benchWarehouse(b)
	for i := 0; i < b.N; i++ {
		d := timeIt(b, 5, func() error {
			_, err := s.Progress(ctx, standard.Default(), m.Year(), m, campaign.CityCode)
			return err
		})
		z := timeIt(b, 5, func() error {
			_, err := s.ZeroSeries(ctx, campaign.CityCode, m.AddDate(0, -11, 0), m)
			return err
		})
		b.ReportMetric(float64(d.Microseconds())/1000, "progress-ms")
		b.ReportMetric(float64(z.Microseconds())/1000, "zero-series-ms")
		if i == 0 {
			fmt.Printf("city progress %d (targets, 12 as-of months of standards): %s; zero-employment series, 12 months: %s\n",
				m.Year(), d.Round(time.Microsecond), z.Round(time.Microsecond))
		}
	}
}
