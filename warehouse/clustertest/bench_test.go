package clustertest_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/ingest"
	"fullemp/standard"
	"fullemp/synth"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// BenchmarkClusterVsServer ingests the demo city (scale FULLEMP_BENCH_SCALE, default 0.01,
// 2007–2008) on one 18.16 server and on the 2-shard × 2-replica test cluster (all on this
// machine, so both shards share its cores and disk), then times the figures a city page
// reads on each, and reports the cluster's times as a ratio of the server's and the rows
// and bytes each shard holds. Run: go test -run '^$' -bench ClusterVsServer -benchtime 1x
// ./warehouse/clustertest
func BenchmarkClusterVsServer(b *testing.B) {
	ctx := context.Background()
	scale := 0.01
	if v := os.Getenv("FULLEMP_BENCH_SCALE"); v != "" {
		var err error
		if scale, err = strconv.ParseFloat(v, 64); err != nil {
			b.Fatalf("FULLEMP_BENCH_SCALE: %v", err)
		}
	}
	res, err := synth.Generate(ctx, synth.Options{Dir: b.TempDir(), Scale: scale, Seed: synth.DefaultSeed})
	if err != nil {
		b.Fatal(err)
	}
	files := res.FilesThrough(2008)
	c := whtest.SharedCluster(b)
	stores := []*warehouse.Store{whtest.Open(b), whtest.OpenWith(b, c.Config(b))}
	names := []string{"server", "cluster"}
	var ingestTime [2]time.Duration
	for i, s := range stores {
		start := time.Now()
		if _, err := ingest.New(s, whtest.Log(), ingest.Options{}).Files(ctx, files); err != nil {
			b.Fatalf("%s: ingest: %v", names[i], err)
		}
		ingestTime[i] = time.Since(start)
	}
	var rows uint64
	if err := stores[0].Conn.QueryRow(ctx, "SELECT count() FROM ledger FINAL").Scan(&rows); err != nil {
		b.Fatal(err)
	}
	dec := time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC)
	codes := []string{campaign.CityCode, "main_urban", "xiaoshan", "yuhang", "county"}
	cfg := standard.Default()
	// A city page's reads: the city's figures, its children's, the targets' progress.
	page := func(s *warehouse.Store) error {
		if _, err := s.Figures(ctx, campaign.CityCode, dec); err != nil {
			return err
		}
		if _, err := s.ChildFigures(ctx, campaign.CityCode, dec); err != nil {
			return err
		}
		_, err := s.ProgressMany(ctx, cfg, 2008, dec, codes)
		return err
	}
	const calls = 15
	var median [2]time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i, s := range stores {
			if err := page(s); err != nil { // warm: regions, marks
				b.Fatalf("%s: %v", names[i], err)
			}
			var ts []time.Duration
			for k := 0; k < calls; k++ {
				start := time.Now()
				if err := page(s); err != nil {
					b.Fatalf("%s: %v", names[i], err)
				}
				ts = append(ts, time.Since(start))
			}
			sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
			median[i] = ts[calls/2]
		}
	}
	b.StopTimer()
	db := stores[1].Database
	for _, table := range []string{"ledger", "contributions", "agg_household_month", "agg_community_month"} {
		var per []string
		for i, n := range c.Nodes {
			if n.Replica != 1 {
				continue
			}
			var r, bytes uint64
			q := "SELECT sum(rows), sum(bytes_on_disk) FROM system.parts WHERE database = ? AND table = ? AND active"
			if err := whtest.NodeConn(b, c, i, db).QueryRow(ctx, q, db, table+"_local").Scan(&r, &bytes); err != nil {
				b.Fatalf("parts of %s on node %d: %v", table, i, err)
			}
			per = append(per, fmt.Sprintf("shard %d: %d rows, %.1f MB", n.Shard, r, float64(bytes)/1e6))
		}
		b.Logf("%s per shard (active parts, unmerged copies included): %v", table, per)
	}
	b.Logf("scale %g, 2007–2008: %d ledger rows; ingest server %s, cluster %s; city page (median of %d) server %s, cluster %s",
		scale, rows, ingestTime[0].Round(time.Millisecond), ingestTime[1].Round(time.Millisecond), calls,
		median[0].Round(time.Microsecond), median[1].Round(time.Microsecond))
	b.ReportMetric(ingestTime[1].Seconds()/ingestTime[0].Seconds(), "ingest-cluster/server")
	b.ReportMetric(median[1].Seconds()/median[0].Seconds(), "page-cluster/server")
	b.ReportMetric(float64(median[0].Microseconds())/1000, "page-server-ms")
	b.ReportMetric(float64(median[1].Microseconds())/1000, "page-cluster-ms")
}
