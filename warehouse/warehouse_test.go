package warehouse_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

func TestMain(m *testing.M) { whtest.Main(m) }

func TestMigrationsTwice(t *testing.T) {
	ctx := context.Background()
	s := whtest.Open(t) // Open migrates once
	applied, err := s.MigrateReport(ctx)
	if err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if len(applied) != 0 {
		t.Fatalf("second migrate applied %v, want nothing", applied)
	}
	migs, err := warehouse.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM schema_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != uint64(len(migs)) {
		t.Fatalf("schema_migrations has %d rows, want one per migration (%d)", n, len(migs))
	}
	for _, table := range []string{"regions", "ledger", "contributions", "placements", "street_scores", "spot_checks", "quarantine", "ingest_log"} {
		var exists uint8
		if err := s.Conn.QueryRow(ctx, "EXISTS TABLE "+table).Scan(&exists); err != nil || exists != 1 {
			t.Errorf("table %s missing after migrate (%v)", table, err)
		}
	}
}

func TestSplitStatements(t *testing.T) {
	got := warehouse.SplitStatements("-- a comment; with a semicolon\nCREATE TABLE a (x UInt8)\nENGINE = Memory;\n\nSELECT 1;\nSELECT 2")
	want := []string{"CREATE TABLE a (x UInt8)\nENGINE = Memory", "SELECT 1", "SELECT 2"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("SplitStatements = %q, want %q", got, want)
	}
}

// TestLocalServerLifecycle starts a server on a folder, checks that a second start on the
// same folder reuses it, and that Stop ends the process.
func TestLocalServerLifecycle(t *testing.T) {
	if _, err := exec.LookPath("clickhouse-server"); err != nil {
		if _, err := os.Stat("/usr/sbin/clickhouse-server"); err != nil {
			t.Fatal("clickhouse-server is not installed; run make deps")
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	a, err := warehouse.StartLocal(ctx, "clickhouse-server", dir, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	if !a.Owned() {
		t.Fatal("first start does not own its server")
	}
	b, err := warehouse.StartLocal(ctx, "clickhouse-server", dir, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	if b.Owned() || b.Port != a.Port {
		t.Fatalf("second start on the same folder: owned=%v port=%d, want reuse of port %d", b.Owned(), b.Port, a.Port)
	}
	b.Stop() // not owned: must leave the server running
	cfg := warehouse.DefaultConfig()
	cfg.Addr = a.Addr()
	s, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatalf("server stopped by a process that did not own it: %v", err)
	}
	s.Close()
	pidText, _ := os.ReadFile(filepath.Join(dir, "clickhouse", "server.pid"))
	pid, _ := strconv.Atoi(string(pidText))
	if err := a.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join("/proc", strconv.Itoa(pid))); err == nil && pid > 0 {
		t.Fatalf("server pid %d still alive after Stop", pid)
	}
}

func TestNoServerBinary(t *testing.T) {
	_, err := warehouse.StartLocal(context.Background(), "no-such-clickhouse-server", t.TempDir(), whtest.Log())
	if err != warehouse.ErrNoServerBinary {
		t.Fatalf("err = %v, want ErrNoServerBinary", err)
	}
	if !strings.Contains(err.Error(), "apt-get install clickhouse-server") {
		t.Fatalf("message does not say how to install: %v", err)
	}
}
