package warehouse_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestQueryTimeout: a statement with no context deadline still has one — the pinned
// max_execution_time stops a 5-second statement after QueryTimeout (1 s) on the server
// (Code 159), and the error is ErrUnavailable, which the web server turns into a 503.
func TestQueryTimeout(t *testing.T) {
	cfg := whtest.Config(t)
	cfg.QueryTimeout = time.Second
	s, err := warehouse.Open(context.Background(), cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = s.Conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+cfg.Database)
		s.Close()
	})
	var n uint64
	t0 := time.Now()
	err = s.Conn.QueryRow(context.Background(),
		"SELECT count() FROM (SELECT sleepEachRow(0.5) FROM system.numbers LIMIT 10) SETTINGS max_block_size = 1").Scan(&n)
	took := time.Since(t0)
	var ex *clickhouse.Exception
	if !errors.As(err, &ex) || ex.Code != 159 {
		t.Fatalf("a 5 s statement with query_timeout 1s: %v after %s, want Code 159 TIMEOUT_EXCEEDED", err, took.Round(time.Millisecond))
	}
	if !errors.Is(err, warehouse.ErrUnavailable) {
		t.Errorf("TIMEOUT_EXCEEDED is not ErrUnavailable: %v", err)
	}
	// A statement the server refuses is not "unavailable".
	err = s.Conn.QueryRow(context.Background(), "SELECT no_such_column FROM system.one").Scan(&n)
	if err == nil || errors.Is(err, warehouse.ErrUnavailable) {
		t.Errorf("unknown column: %v, want an error that is not ErrUnavailable", err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("ping after the timeout: %v", err)
	}
}

// TestUnavailableWhenRefused: a store whose server has gone fails its calls with
// ErrUnavailable, within DialTimeout.
func TestUnavailableWhenRefused(t *testing.T) {
	ctx := context.Background()
	srv, err := warehouse.StartLocal(ctx, "clickhouse-server", t.TempDir(), whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	cfg := warehouse.DefaultConfig()
	cfg.Addr = srv.Addr()
	s, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", srv.Addr(), time.Second); err == nil {
		c.Close()
		t.Fatalf("%s still accepts connections after Stop", srv.Addr())
	}
	for _, call := range []struct {
		name string
		f    func() error
	}{
		{"ping", func() error { return s.Ping(ctx) }},
		{"query", func() error { _, err := s.Conn.Query(ctx, "SELECT 1"); return err }},
		{"exec", func() error { return s.Conn.Exec(ctx, "SELECT 1") }},
		{"pending", func() error { _, err := s.Pending(ctx); return err }},
	} {
		if err := call.f(); !errors.Is(err, warehouse.ErrUnavailable) {
			t.Errorf("%s with the server gone: %v, want ErrUnavailable", call.name, err)
		}
	}
}
