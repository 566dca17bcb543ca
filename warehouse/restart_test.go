package warehouse_test

import (
	"context"
	"testing"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestRefreshSurvivesRestart refreshes the same month three times, restarts the server and
// checks that nothing counts twice: on 18.16, parts replaced with ALTER … REPLACE PARTITION
// came back as active after a restart, which is why the aggregates are versioned instead.
func TestRefreshSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	srv, err := warehouse.StartLocal(ctx, "clickhouse-server", dir, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	cfg := warehouse.DefaultConfig()
	cfg.Addr = srv.Addr()
	s, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		srv.Stop()
		t.Fatal(err)
	}
	insertRegions(t, s, community{commA, "old", 2007})
	ch := insertLedger(t, s, []row{
		{month: "2009-12", id: person("1980-01-01", true, 1), community: commA, household: "0001", status: "employed"},
		{month: "2009-12", id: person("1981-01-01", true, 2), community: commA, household: "0002", status: "unemployed"},
	})
	for i := 0; i < 3; i++ {
		refresh(t, s, ch)
	}
	s.Close()
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	srv, err = warehouse.StartLocal(ctx, "clickhouse-server", dir, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	cfg.Addr = srv.Addr()
	s, err = warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f, err := s.Figures(ctx, commA, month("2009-12"))
	if err != nil {
		t.Fatal(err)
	}
	if f.TargetGroup != 2 || f.Employed != 1 || f.Zero.Outstanding != 1 || f.Zero.Formed != 1 {
		t.Errorf("after restart: target %d employed %d outstanding %d formed %d, want 2 1 1 1", f.TargetGroup, f.Employed, f.Zero.Outstanding, f.Zero.Formed)
	}
}
