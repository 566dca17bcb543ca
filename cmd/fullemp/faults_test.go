package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fullemp/account"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestPausedClickHouse runs `fullemp serve` on a ClickHouse the test owns, with
// serve.request_timeout 2s, and pauses the server (SIGSTOP): a page and an API call that
// need the database answer 503 within seconds instead of hanging — the page saying so in
// Chinese, then English — and /healthz and /readyz say 503. After SIGCONT the same
// requests answer 200.
func TestPausedClickHouse(t *testing.T) {
	ctx := context.Background()
	srv, err := warehouse.StartLocal(ctx, "clickhouse-server", t.TempDir(), whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	pid := serverPid(t, filepath.Dir(srv.Dir))
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) }) // before Stop: a stopped server cannot exit
	cfg := warehouse.DefaultConfig()
	cfg.Addr = srv.Addr()
	tok := faultsCity(t, cfg, nil)
	conf := filepath.Join(t.TempDir(), "fullemp.yaml")
	if err := os.WriteFile(conf, []byte("serve:\n  request_timeout: 2s\nwarehouse:\n  dial_timeout: 2s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sv := startServe(t, "--clickhouse", srv.Addr(), "--config", conf)
	for _, p := range []string{"/healthz", "/readyz", "/region/330102001?month=2009-12", "/api/v1/regions/330102001?month=2009-12"} {
		if a := sv.get(t, tok, p); a.code != 200 {
			t.Fatalf("GET %s before the pause: %d %.300s", p, a.code, a.body)
		}
	}

	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// Pages and API calls whose figures are not cached yet need the database.
	page, api := "/region/330109001?month=2009-12", "/api/v1/regions/330109001?month=2009-12"
	for _, p := range []string{page, api, "/healthz", "/readyz"} {
		a := sv.get(t, tok, p)
		t.Logf("GET %s with ClickHouse paused: %d in %s", p, a.code, a.took.Round(time.Millisecond))
		if a.code != 503 || a.took > 10*time.Second {
			t.Errorf("GET %s with ClickHouse paused: %d after %s, want 503 within the 2 s deadline (and the 2 s dial timeout)\n%.300s", p, a.code, a.took.Round(time.Millisecond), a.body)
			continue
		}
		if p == page {
			zh, en := strings.Index(a.body, "数据库暂时不可用"), strings.Index(a.body, "The database is unavailable")
			if zh < 0 || en < zh {
				t.Errorf("GET %s with ClickHouse paused: the page does not say 数据库暂时不可用, then The database is unavailable:\n%s", p, a.body)
			}
		} else if !json.Valid([]byte(a.body)) || !strings.Contains(a.body, "unavailable") {
			t.Errorf("GET %s with ClickHouse paused: %s, want JSON saying the database is unavailable", p, a.body)
		}
	}

	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	sv.waitHealthy(t, 30*time.Second)
	for _, p := range []string{page, api, "/readyz"} {
		if a := sv.get(t, tok, p); a.code != 200 {
			t.Errorf("GET %s after SIGCONT: %d %.300s", p, a.code, a.body)
		}
	}
}

// TestKilledClickHouse runs `fullemp serve` with the managed local server and kills that
// server (SIGKILL): serve logs the exit and, after the backoff, the restart, and then
// answers pages and the API with 200 and the figures the warehouse had before.
func TestKilledClickHouse(t *testing.T) {
	dir := t.TempDir()
	cfg := warehouse.DefaultConfig()
	cfg.DataDir = dir
	want := map[string]warehouse.Figures{}
	tok := faultsCity(t, cfg, want)
	sv := startServe(t, "--data", dir)
	t.Cleanup(func() { // whatever happens, no server is left on the folder
		if p, err := readPid(dir); err == nil {
			syscall.Kill(p, syscall.SIGKILL)
		}
	})
	same := func(code string) {
		t.Helper()
		a := sv.get(t, tok, "/api/v1/regions/"+code+"?month=2009-12")
		// The answer is the month's figures plus the period's fields: compare the figures.
		var fig warehouse.Figures
		var got, exp any
		b, _ := json.Marshal(want[code])
		err := json.Unmarshal([]byte(a.body), &fig)
		if err == nil {
			g, _ := json.Marshal(fig)
			err = json.Unmarshal(g, &got)
		}
		if a.code != 200 || err != nil || json.Unmarshal(b, &exp) != nil || !reflect.DeepEqual(got, exp) {
			t.Fatalf("GET /api/v1/regions/%s: %d %s, want 200 with the warehouse's figures %s", code, a.code, a.body, b)
		}
	}
	same("330109001001")

	pid := serverPid(t, dir)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	sv.waitLog(t, "local ClickHouse exited; restarting it", 10*time.Second)
	// In the backoff (1 s) the database is down, and /healthz says so.
	a := sv.get(t, tok, "/healthz")
	t.Logf("GET /healthz with ClickHouse killed: %d in %s", a.code, a.took.Round(time.Millisecond))
	if a.code != 503 && !strings.Contains(sv.logs.String(), "restarted local ClickHouse") {
		t.Errorf("GET /healthz with ClickHouse killed: %d %s, want 503", a.code, a.body)
	}
	sv.waitLog(t, "restarted local ClickHouse", 60*time.Second)
	for _, line := range strings.Split(sv.logs.String(), "\n") {
		if strings.Contains(line, "ClickHouse exited") && !strings.Contains(line, "component=clickhouse-server") {
			t.Errorf("restart logged without component=clickhouse-server: %s", line)
		}
	}
	if p := serverPid(t, dir); p == pid {
		t.Errorf("the pid file still names the killed server %d", pid)
	}
	sv.waitHealthy(t, 30*time.Second)
	same("330102001001") // not asked before the kill: read from the restarted server
	for _, p := range []string{"/region/330102001?month=2009-12", "/region/330102001001?month=2009-12"} {
		if a := sv.get(t, tok, p); a.code != 200 {
			t.Errorf("GET %s after the restart: %d %.300s", p, a.code, a.body)
		}
	}
}

// faultsCity loads reportCity's communities into the warehouse of cfg, records each
// community's December figures in want (when not nil) and returns a city user's API token.
func faultsCity(t *testing.T, cfg warehouse.Config, want map[string]warehouse.Figures) string {
	t.Helper()
	ctx := context.Background()
	s, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fillReportCity(t, s)
	if want != nil {
		for _, code := range []string{"330102001001", "330109001001"} {
			f, err := s.Figures(ctx, code, time.Date(2009, 12, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			want[code] = f
		}
	}
	acc := account.New(s.Conn, whtest.Log())
	acc.BcryptCost = 4
	if err := acc.Add(ctx, "city-faults", account.City, "3301", "Faults-test-2024"); err != nil {
		t.Fatal(err)
	}
	tok, err := acc.IssueToken(ctx, "city-faults", "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// served is a `fullemp serve` that a test runs as a child process (see TestMain).
type served struct {
	url  string // http://127.0.0.1:PORT (no trailing slash)
	logs *logBuffer
}

// startServe runs `fullemp serve --addr 127.0.0.1:0 --log-level warn args…` until the test
// ends (then SIGTERM), and waits until it serves.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "FULLEMP_TEST_MAIN_ARGS="+strings.Join(all, "\n"))
	sv := &served{logs: &logBuffer{}}
	cmd.Stderr = sv.logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "fullemp dashboards: "); ok {
				urls <- strings.TrimSuffix(strings.Fields(rest)[0], "/")
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Error("fullemp serve still running 60 s after SIGTERM")
		}
		if t.Failed() {
			t.Logf("fullemp serve's log:\n%s", sv.logs)
		}
	})
	select {
	case sv.url = <-urls:
	case err := <-exited:
		t.Fatalf("fullemp serve exited before serving: %v\n%s", err, sv.logs)
	case <-time.After(90 * time.Second):
		t.Fatalf("fullemp serve did not start within 90 s\n%s", sv.logs)
	}
	return sv
}

// reply is an HTTP answer and how long it took.
type reply struct {
	code int
	body string
	took time.Duration
}

// get sends GET path with the API token tok; a request that hangs fails after 20 s.
func (sv *served) get(t *testing.T, tok, path string) reply {
	t.Helper()
	req, _ := http.NewRequest("GET", sv.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	client := &http.Client{Timeout: 20 * time.Second}
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v after %s", path, err, time.Since(t0).Round(time.Millisecond))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, string(b), time.Since(t0)}
}

// waitHealthy polls /healthz until it says 200.
func (sv *served) waitHealthy(t *testing.T, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		a := sv.get(t, "", "/healthz")
		if a.code == 200 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz still %d %s after %v", a.code, a.body, limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitLog waits until serve has logged msg.
func (sv *served) waitLog(t *testing.T, msg string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !strings.Contains(sv.logs.String(), msg) {
		if time.Now().After(deadline) {
			t.Fatalf("fullemp serve did not log %q within %v:\n%s", msg, limit, sv.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// serverPid is the pid of the local ClickHouse on dataDir (its server.pid file).
func serverPid(t *testing.T, dataDir string) int {
	t.Helper()
	pid, err := readPid(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func readPid(dataDir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "clickhouse", "server.pid"))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

// logBuffer collects a child's standard error for the test to read while it runs.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
