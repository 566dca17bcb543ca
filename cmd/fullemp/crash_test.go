package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"fullemp/campaign"
	"fullemp/standard"
	"fullemp/warehouse"
)

// TestCrashAnywhereThenRerun kills `fullemp ingest` (SIGKILL) and, in other runs, its
// ClickHouse server (SIGKILL) at points spread over an ingest of a small demo city
// (2007–2008) and its refresh, runs the same ingest again, and compares every figure
// with an uninterrupted run: the aggregate tables and the input tables, row by row
// (hashed, without the clock-based versions), and the 2007 and 2008 progress report.
// The points are offsets from the first file's log line, as fractions of the
// uninterrupted run's span up to the end of its refresh. FULLEMP_CRASH_POINTS (default
// 3; `make bench` runs a soak of 20) sets how many runs of each kind.
func TestCrashAnywhereThenRerun(t *testing.T) {
	points := 3
	if v := os.Getenv("FULLEMP_CRASH_POINTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("FULLEMP_CRASH_POINTS=%q: want a positive number", v)
		}
		points = n
	}
	input := crashCity(t)
	base := t.TempDir()
	span := ingestRun(t, base, input, nil).span
	if span <= 0 {
		t.Fatal("the uninterrupted run logged no span from its first file to its refresh")
	}
	want := digest(t, base)
	var rows int
	for _, v := range want {
		var n int
		if _, err := fmt.Sscanf(v, "%d rows", &n); err == nil {
			rows += n
		}
	}
	t.Logf("uninterrupted: %d tables and reports compared (%d rows hashed), span %v", len(want), rows, span.Round(time.Millisecond))

	type victim struct {
		name string
		kill func(t *testing.T, dir string, cmd *exec.Cmd)
	}
	victims := []victim{
		{"fullemp", func(t *testing.T, _ string, cmd *exec.Cmd) { _ = cmd.Process.Kill() }},
		{"clickhouse", func(t *testing.T, dir string, _ *exec.Cmd) {
			if pid := livePid(dir); pid > 0 {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}},
	}
	killed, compared := 0, 0
	for _, v := range victims {
		for i := 0; i < points; i++ {
			at := time.Duration(float64(span) * (float64(i) + 0.5) / float64(points))
			t.Run(fmt.Sprintf("%s-at-%dms", v.name, at.Milliseconds()), func(t *testing.T) {
				dir := t.TempDir()
				first := ingestRun(t, dir, input, &killAt{after: at, kill: v.kill})
				if first.killed {
					killed++
					if first.exit == 0 {
						t.Errorf("the run whose %s was killed exited 0", v.name)
					}
				}
				t0 := time.Now()
				waitServerGone(t, dir)
				t1 := time.Now()
				if again := ingestRun(t, dir, input, nil); again.exit != 0 {
					t.Fatalf("the re-run exited %d:\n%s", again.exit, again.tail)
				}
				t2 := time.Now()
				got := digest(t, dir)
				t.Logf("killed run exit %d; server gone after %v, re-run %v, compare %v", first.exit, t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond), time.Since(t2).Round(time.Millisecond))
				diff := 0
				for k, w := range want {
					if got[k] != w {
						if diff < 5 {
							t.Errorf("%s: %s, want %s", k, got[k], w)
						}
						diff++
					}
				}
				if len(got) != len(want) {
					t.Errorf("%d figures, want %d", len(got), len(want))
				}
				compared += len(want)
				if diff > 0 {
					t.Errorf("%d of %d figures differ from the uninterrupted run", diff, len(want))
				}
			})
		}
	}
	t.Logf("crash runs: %d (%d killed mid-run), figures compared: %d", 2*points, killed, compared)
	if killed == 0 {
		t.Error("no run was killed while running: the points miss the ingest")
	}
}

// crashCity generates the demo city at a small scale and keeps its 2007–2008 files.
func crashCity(t *testing.T) string {
	dir := t.TempDir()
	if out, err := mainCmd("gen", "--out", dir, "--scale", "0.0005", "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	for _, y := range []string{"2009", "2010"} {
		for _, k := range []string{"ledger", "contributions"} {
			if err := os.Remove(filepath.Join(dir, k+"-"+y+".csv")); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// mainCmd runs this test binary as fullemp with args (see TestMain).
func mainCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "FULLEMP_TEST_MAIN_ARGS="+strings.Join(args, "\n"))
	return cmd
}

type killAt struct {
	after time.Duration // from the first file's log line
	kill  func(t *testing.T, dir string, cmd *exec.Cmd)
}

type runResult struct {
	exit   int
	killed bool          // the kill landed while fullemp was still running
	span   time.Duration // first file's log line to the refresh's
	tail   string
}

// ingestRun runs `fullemp ingest --data dir input` and, with k, kills at k.after.
func ingestRun(t *testing.T, dir, input string, k *killAt) runResult {
	t.Helper()
	cmd := mainCmd("ingest", "--data", dir, "--log-level", "info", input)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var res runResult
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var started, refreshed time.Time
	var tail []string
	exited := make(chan struct{})
	killed := make(chan bool, 1)
	for line := range lines {
		tail = append(tail, line)
		if len(tail) > 20 {
			tail = tail[1:]
		}
		if started.IsZero() && strings.Contains(line, "msg=ingested") {
			started = time.Now()
			if k != nil {
				go func() {
					select {
					case <-time.After(k.after):
						k.kill(t, dir, cmd)
						killed <- true
					case <-exited:
						killed <- false
					}
				}()
			}
		}
		if strings.Contains(line, `msg="refreshed aggregates"`) {
			refreshed = time.Now()
		}
	}
	err = cmd.Wait()
	close(exited)
	if k != nil && !started.IsZero() {
		res.killed = <-killed
	}
	if k != nil && started.IsZero() {
		t.Fatalf("the run never logged its first file:\n%s", strings.Join(tail, "\n"))
	}
	if !refreshed.IsZero() && !started.IsZero() {
		res.span = refreshed.Sub(started)
	}
	res.tail = strings.Join(tail, "\n")
	if ee, ok := err.(*exec.ExitError); ok {
		res.exit = ee.ExitCode()
		if res.exit < 0 {
			res.exit = 128 + int(ee.Sys().(syscall.WaitStatus).Signal())
		}
	} else if err != nil {
		t.Fatal(err)
	}
	if k == nil && res.exit != 0 {
		t.Fatalf("uninterrupted ingest exited %d:\n%s", res.exit, res.tail)
	}
	return res
}

// livePid is the local server's pid on dir, 0 when it has none.
func livePid(dir string) int {
	pid, _ := readPid(dir)
	return pid
}

// waitServerGone waits until the local server of dir has stopped (after fullemp was
// killed, the kernel has sent it SIGTERM and it shuts down in order).
func waitServerGone(t *testing.T, dir string) {
	t.Helper()
	pid := livePid(dir)
	deadline := time.Now().Add(60 * time.Second)
	for pid > 0 && syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("clickhouse-server %d still running 60 s after its fullemp died", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// digest opens the warehouse of dir as a reader would and returns every figure by name:
// each aggregate and input table's rows and their hash over every column but the
// clock-based version, and the 2007 and 2008 progress reports of the city.
func digest(t *testing.T, dir string) map[string]string {
	t.Helper()
	ctx := context.Background()
	cfg := warehouse.DefaultConfig()
	cfg.DataDir = dir
	log := logrus.New()
	log.SetLevel(logrus.WarnLevel)
	s, err := warehouse.Open(ctx, cfg, logrus.NewEntry(log))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string]string{}
	rows, err := s.Conn.Query(ctx, "SELECT table, groupArray(name) FROM (SELECT table, name FROM system.columns WHERE database = currentDatabase() AND name NOT IN ('version', 'at', 'refreshed_at') AND NOT match(table, 'staging|_affected|_publish|^agg_refresh_persons|_mv$|^schema_|^ingest_log$|^pending_refresh$|^refresh_pairs$|^version_reservations$|^data_version$|^audit|^sessions|^users|^tokens|^credentials|^bulletin|^login_') ORDER BY table, name) GROUP BY table ORDER BY table")
	if err != nil {
		t.Fatal(err)
	}
	type tbl struct {
		name string
		cols []string
	}
	var tables []tbl
	for rows.Next() {
		var x tbl
		if err := rows.Scan(&x.name, &x.cols); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, x)
	}
	rows.Close()
	if len(tables) < 8 {
		t.Fatalf("only %d tables to compare", len(tables))
	}
	for _, x := range tables {
		where := ""
		for _, c := range x.cols {
			if c == "deleted" {
				where = " WHERE deleted = 0"
			}
		}
		var n, h uint64
		q := "SELECT count(), sum(cityHash64(" + strings.Join(x.cols, ", ") + ")) FROM " + x.name + " FINAL" + where
		if err := s.Conn.QueryRow(ctx, q).Scan(&n, &h); err != nil {
			t.Fatalf("%s: %v", x.name, err)
		}
		out[x.name] = fmt.Sprintf("%d rows, hash %x", n, h)
	}
	for _, y := range []int{2007, 2008} {
		p, err := s.Progress(ctx, standard.Default(), y, time.Date(y, 12, 1, 0, 0, 0, 0, time.UTC), campaign.CityCode)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(p)
		out[fmt.Sprint("progress ", y)] = string(b)
	}
	return out
}
