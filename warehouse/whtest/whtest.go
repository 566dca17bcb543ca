// Package whtest gives tests a real ClickHouse: the one named by FULLEMP_TEST_CLICKHOUSE
// (HOST:PORT; `make test` starts one for the whole run), or else a local clickhouse-server
// that this test binary starts once and stops in Main. Each Open gets a fresh database with
// every migration applied, dropped when the test ends. There is no skip: a test that needs
// ClickHouse fails when it cannot have one.
package whtest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"fullemp/warehouse"
)

var (
	once    sync.Once
	addr    string
	server  *warehouse.LocalServer
	tmpDir  string
	openErr error
	seq     atomic.Int64
)

// Main runs the package's tests and stops the local server if one was started, then runs
// the cleanups (in order) and exits. Use it from TestMain: func TestMain(m *testing.M) {
// whtest.Main(m) }.
func Main(m *testing.M, cleanups ...func()) {
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	if server != nil {
		server.Stop()
	}
	if shared != nil {
		shared.Stop()
	}
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

// Log is a quiet logger for tests (warnings and errors only, shown with -v), or at the
// level FULLEMP_TEST_LOG names (e.g. debug: every ingest and refresh step's time), shown.
func Log() *logrus.Entry {
	l := logrus.New()
	l.SetLevel(logrus.WarnLevel)
	if lv, err := logrus.ParseLevel(os.Getenv("FULLEMP_TEST_LOG")); err == nil {
		l.SetLevel(lv)
	} else if !testing.Verbose() {
		l.SetOutput(io.Discard)
	}
	return logrus.NewEntry(l)
}

// Addr returns the address of the test ClickHouse, starting it on first use.
func Addr(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if a := os.Getenv("FULLEMP_TEST_CLICKHOUSE"); a != "" {
			addr = a
			return
		}
		tmpDir, openErr = os.MkdirTemp("", "fullemp-test-ch-")
		if openErr != nil {
			return
		}
		server, openErr = warehouse.StartLocal(context.Background(), "clickhouse-server", tmpDir, Log())
		if openErr == nil {
			addr = server.Addr()
		}
	})
	if openErr != nil {
		t.Fatalf("test ClickHouse: %v", openErr)
	}
	return addr
}

// ServerPID returns the process id of the local clickhouse-server this test binary started
// (after Addr), or 0 when the tests use one named by FULLEMP_TEST_CLICKHOUSE: benchmarks read
// its peak memory.
func ServerPID() int {
	if server == nil {
		return 0
	}
	b, err := os.ReadFile(filepath.Join(server.Dir, "server.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// Config returns a warehouse configuration for a new, uniquely named test database.
func Config(t testing.TB) warehouse.Config {
	cfg := configNamed(t.Name())
	cfg.Addr = Addr(t)
	return cfg
}

// configNamed is the default configuration with a new database named after a test.
func configNamed(test string) warehouse.Config {
	cfg := warehouse.DefaultConfig()
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, test)
	if len(name) > 40 {
		name = name[:40]
	}
	cfg.Database = fmt.Sprintf("t_%s_%d_%d", name, os.Getpid(), seq.Add(1))
	return cfg
}

// Open returns a store on a fresh test database, dropped (and closed) when the test ends.
func Open(t testing.TB) *warehouse.Store {
	t.Helper()
	return OpenWith(t, Config(t))
}

// OpenWith opens a store on cfg (a fresh database), dropped (on every node of its cluster)
// and closed when the test ends.
func OpenWith(t testing.TB, cfg warehouse.Config) *warehouse.Store {
	t.Helper()
	// A cluster's migrations are ON CLUSTER DDL, each waiting for every node (about 20 s in
	// all on an idle 2-core machine); the deadline only stops a hang, and is longer than the
	// servers' distributed_ddl_task_timeout (180 s) so that their error, naming the hosts
	// that did not finish, comes first.
	limit := 2 * time.Minute
	if cfg.Cluster != "" {
		limit = 8 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	s, err := warehouse.Open(ctx, cfg, Log())
	if err != nil {
		if shared != nil && cfg.Addr == shared.Nodes[0].Addr() {
			t.Log(shared.LogTails(40))
		}
		t.Fatalf("open test warehouse: %v", err)
	}
	t.Cleanup(func() {
		_ = s.Conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+cfg.Database+s.Schema().On())
		s.Close()
	})
	return s
}
