package warehouse_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"fullemp/warehouse"
)

// TestSuperviseRestartsAKilledServer: a local server killed with SIGKILL under Supervise
// is started again on the same folder and port after the backoff, the exit and the
// restart are logged, and the same Store answers again with the rows it had. Without
// Supervise its calls fail with ErrUnavailable meanwhile; after Stop nothing restarts.
func TestSuperviseRestartsAKilledServer(t *testing.T) {
	ctx := context.Background()
	logs := &syncBuffer{}
	l := logrus.New()
	l.SetOutput(logs)
	log := logrus.NewEntry(l)
	dir := t.TempDir()
	cfg := warehouse.DefaultConfig()
	cfg.DataDir = dir
	s, err := warehouse.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	insertRegions(t, s, community{commA, "old", 2007})
	var before uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM regions").Scan(&before); err != nil || before != 1 {
		t.Fatalf("regions: %d (%v)", before, err)
	}
	sctx, stop := context.WithCancel(ctx)
	supervised := make(chan struct{})
	go func() { s.SuperviseLocal(sctx); close(supervised) }()
	defer func() { stop(); <-supervised }()

	pid := serverPid(t, dir)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitLog(t, logs, "local ClickHouse exited; restarting it", 10*time.Second)
	if err := s.Ping(ctx); !errors.Is(err, warehouse.ErrUnavailable) {
		if !strings.Contains(logs.String(), "restarted local ClickHouse") {
			t.Errorf("ping while the server is down: %v, want ErrUnavailable", err)
		}
	}
	waitLog(t, logs, "restarted local ClickHouse", 60*time.Second)
	if again := serverPid(t, dir); again == pid {
		t.Errorf("the pid file still names the killed server %d", pid)
	}
	var after uint64
	if err := s.Conn.QueryRow(ctx, "SELECT count() FROM regions").Scan(&after); err != nil || after != before {
		t.Fatalf("after the restart: %d regions (%v), want %d", after, err, before)
	}
	if !strings.Contains(logs.String(), "component=clickhouse-server") {
		t.Errorf("the restart is not logged with component=clickhouse-server:\n%s", logs)
	}
	// Stop ends supervision: the server stays down.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-supervised:
	case <-time.After(10 * time.Second):
		t.Fatal("Supervise still running 10 s after Close")
	}
}

func serverPid(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "clickhouse", "server.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func waitLog(t *testing.T, logs *syncBuffer, msg string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !strings.Contains(logs.String(), msg) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q logged within %v:\n%s", msg, limit, logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer that a logger and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
