// Package clustertest runs fullemp on a ClickHouse cluster of 2 shards × 2 replicas that
// the tests start on loopback (whtest.StartCluster) and compares it with one server.
package clustertest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/ingest"
	"fullemp/standard"
	"fullemp/synth"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

func TestMain(m *testing.M) { whtest.Main(m) }

// engine is one ClickHouse that runs the warehouse: one server or the cluster.
type engine struct {
	name  string
	store *warehouse.Store
}

// results are what one engine answered, by the name of the call.
type results map[string]string

func serverEngine(t *testing.T) engine {
	return engine{name: "ClickHouse 18.16 server", store: whtest.Open(t)}
}

func record(t *testing.T, e engine, out results, name string, v any, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %s: %v", e.name, name, err)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out[name] = string(b)
}

// compare fails the test for every answer that differs.
func compare(t *testing.T, a, b engine, ra, rb results) {
	t.Helper()
	keys := map[string]bool{}
	for k := range ra {
		keys[k] = true
	}
	for k := range rb {
		keys[k] = true
	}
	diffs := 0
	for k := range keys {
		if ra[k] != rb[k] {
			diffs++
			t.Errorf("%s differs:\n%s:\n%.2000s\n%s:\n%.2000s", k, a.name, ra[k], b.name, rb[k])
		}
	}
	t.Logf("%d answers compared between %s and %s, %d differ", len(keys), a.name, b.name, diffs)
}

// clusterEngine opens a fresh database on the shared test cluster (2 shards × 2 replicas
// of ClickHouse 18.16 with ZooKeeper), through node 0.
func clusterEngine(t *testing.T) (engine, *whtest.Cluster) {
	t.Helper()
	c := whtest.SharedCluster(t)
	return engine{name: "ClickHouse 18.16 cluster (2 shards × 2 replicas)", store: whtest.OpenWith(t, c.Config(t))}, c
}

// spread fails unless every shard holds some of table's rows (read on the first replica of
// each shard that answers), and logs them per shard.
func spread(t *testing.T, c *whtest.Cluster, s *warehouse.Store, table string) []uint64 {
	t.Helper()
	counts := map[int]uint64{}
	for i, n := range c.Nodes {
		if _, ok := counts[n.Shard]; ok {
			continue
		}
		var rows uint64
		if err := whtest.NodeConn(t, c, i, s.Database).QueryRow(context.Background(), "SELECT count() FROM "+table+"_local").Scan(&rows); err == nil {
			counts[n.Shard] = rows
		}
	}
	out := []uint64{counts[1], counts[2]}
	t.Logf("%s rows per shard: %v", table, out)
	if out[0] == 0 || out[1] == 0 {
		t.Errorf("%s: rows per shard %v, want some on each", table, out)
	}
	return out
}

// demoAnswers are the figures of the demo city that the cluster must give exactly as one
// server does: every target, standard item and zero-employment series of 2008–2010.
func demoAnswers(t *testing.T, e engine) results {
	t.Helper()
	ctx := context.Background()
	s := e.store
	out := results{}
	cfg := standard.Default()
	months, err := s.LedgerMonths(ctx)
	record(t, e, out, "LedgerMonths", months, err)
	codes := []string{campaign.CityCode, "main_urban", "xiaoshan", "yuhang", "county", "330102", "330109", "330185"}
	for _, year := range []int{2008, 2009, 2010} {
		for _, m := range []time.Month{3, 6, 9, 12} {
			asOf := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
			pr, err := s.ProgressMany(ctx, cfg, year, asOf, codes)
			record(t, e, out, fmt.Sprintf("Progress %d-%02d", year, m), pr, err)
		}
		dec := time.Date(year, 12, 1, 0, 0, 0, 0, time.UTC)
		st, err := s.Standards(ctx, cfg, year, dec, campaign.CityCode)
		record(t, e, out, fmt.Sprintf("Standards %d", year), st, err)
		ch, err := s.ChildFigures(ctx, campaign.CityCode, dec)
		record(t, e, out, fmt.Sprintf("ChildFigures city %d-12", year), ch, err)
	}
	from, to := time.Date(2007, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2010, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, code := range codes {
		zs, err := s.ZeroSeries(ctx, code, from, to)
		record(t, e, out, "ZeroSeries "+code, zs, err)
		fs, err := s.FiguresSeries(ctx, code, from, to)
		record(t, e, out, "FiguresSeries "+code, fs, err)
	}
	for _, table := range []string{"regions", "ledger", "contributions", "placements", "street_scores", "spot_checks", "quarantine"} {
		var n uint64
		err := s.Conn.QueryRow(ctx, "SELECT count() FROM "+table+" FINAL").Scan(&n)
		record(t, e, out, "rows of "+table, n, err)
	}
	return out
}

// TestClusterDemoCityWithReplicaKilled ingests the demo city (scale 0.01, 2007–2010) on the
// cluster and kills the replica that takes shard 2's writes in the middle of it: the ingest
// goes on or fails, and a re-run of the same files gives exactly the single server's row
// counts and figures. With that replica still down every figure answers (the other replica
// of the shard serves it), and once it is back it catches up to the same rows.
func TestClusterDemoCityWithReplicaKilled(t *testing.T) {
	ctx := context.Background()
	res, err := synth.Generate(ctx, synth.Options{Dir: t.TempDir(), Scale: 0.01, Seed: synth.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	files := res.FilesThrough(2010)
	one := serverEngine(t)
	start := time.Now()
	if _, err := ingest.New(one.store, whtest.Log(), ingest.Options{}).Files(ctx, files); err != nil {
		t.Fatalf("%s: ingest: %v", one.name, err)
	}
	t.Logf("%s: ingest in %s", one.name, time.Since(start).Round(time.Millisecond))
	want := demoAnswers(t, one)

	cl, c := clusterEngine(t)
	const victim = 2 // shard 2, replica 1: the first replica of shard 2, which takes its writes
	if c.Nodes[victim].Shard != 2 || c.Nodes[victim].Replica != 1 {
		t.Fatalf("node %d is s%dr%d", victim, c.Nodes[victim].Shard, c.Nodes[victim].Replica)
	}
	start = time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := ingest.New(cl.store, whtest.Log(), ingest.Options{}).Files(ctx, files)
		done <- err
	}()
	// Kill it once some ledger rows are on the cluster: mid-ingest.
	for {
		var n uint64
		if err := cl.store.Conn.QueryRow(ctx, "SELECT count() FROM ledger").Scan(&n); err != nil {
			t.Fatalf("watching the ingest: %v", err)
		}
		if n > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the ingest ended (%v) before any ledger row was seen: nothing was killed mid-ingest", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	c.Kill(victim)
	killedAt := time.Since(start)
	err = <-done
	t.Logf("killed s2r1 after %s; the ingest ended after %s with %v", killedAt.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), err)
	down := true
	defer func() {
		if down {
			if err := c.Restart(ctx, victim); err != nil {
				t.Errorf("restart s2r1: %v", err)
			}
		}
	}()
	if _, err := ingest.New(cl.store, whtest.Log(), ingest.Options{}).Files(ctx, files); err != nil {
		t.Fatalf("re-run with s2r1 down: %v", err)
	}
	got := demoAnswers(t, cl) // s2r1 still down: shard 2 answers from s2r2
	compare(t, one, cl, want, got)
	spread(t, c, cl.store, "ledger")
	spread(t, c, cl.store, "agg_household_month")

	down = false
	if err := c.Restart(ctx, victim); err != nil {
		t.Fatalf("restart s2r1: %v", err)
	}
	// The restarted replica fetches what it missed from s2r2.
	db := cl.store.Database
	counts := func(node int) string {
		var n uint64
		conn := whtest.NodeConn(t, c, node, db)
		if err := conn.QueryRow(ctx, "SELECT count() FROM ledger_local").Scan(&n); err != nil {
			return err.Error()
		}
		return fmt.Sprint(n)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for counts(victim) != counts(victim+1) && time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
	}
	if a, b := counts(victim), counts(victim+1); a != b {
		t.Errorf("after its restart s2r1 holds %s ledger rows, s2r2 %s", a, b)
	}
	again := demoAnswers(t, cl)
	compare(t, one, cl, want, again)
	t.Logf("2008 progress: %.300s", want["Progress 2008-12"])
}
