package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run this binary as fullemp itself: with FULLEMP_TEST_MAIN_ARGS set
// (arguments separated by newlines) it runs main, so a test can send it real signals.
func TestMain(m *testing.M) {
	if args := os.Getenv("FULLEMP_TEST_MAIN_ARGS"); args != "" {
		os.Args = append([]string{"fullemp"}, strings.Split(args, "\n")...)
		main()
		return
	}
	os.Exit(m.Run())
}

// TestSignalsStopTheLocalServer runs `fullemp serve` on a new data folder (so it starts
// its own clickhouse-server), waits until it answers HTTP, sends SIGTERM (then, in other
// runs, SIGINT and SIGKILL) and checks that fullemp exits (cleanly, but for SIGKILL) and
// its clickhouse-server is gone: after SIGKILL too, since the kernel tells the server
// that its parent died.
func TestSignalsStopTheLocalServer(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), "FULLEMP_TEST_MAIN_ARGS=serve\n--data\n"+dir+"\n--addr\n127.0.0.1:0\n--log-level\nwarn")
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
						urls <- strings.Fields(rest)[0]
					}
				}
				exited <- cmd.Wait()
			}()
			var url string
			select {
			case url = <-urls:
			case err := <-exited:
				t.Fatalf("fullemp serve exited before serving: %v", err)
			case <-time.After(90 * time.Second):
				cmd.Process.Kill()
				t.Fatal("fullemp serve did not start within 90 s")
			}
			resp, err := http.Get(url + "login")
			if err != nil {
				t.Fatalf("GET %slogin: %v", url, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %slogin: %s", url, resp.Status)
			}
			pidText, err := os.ReadFile(filepath.Join(dir, "clickhouse", "server.pid"))
			if err != nil {
				t.Fatalf("no local server pid file: %v", err)
			}
			chPid, _ := strconv.Atoi(strings.TrimSpace(string(pidText)))
			if chPid <= 0 || syscall.Kill(chPid, 0) != nil {
				t.Fatalf("local clickhouse-server pid %q is not running", pidText)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				if err != nil && sig != syscall.SIGKILL {
					t.Fatalf("fullemp serve after %s: %v, want a clean exit", sig, err)
				}
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("fullemp serve still running 60 s after %s", sig)
			}
			// The server is not our child: poll until it has gone (it shuts down in order).
			deadline := time.Now().Add(60 * time.Second)
			for syscall.Kill(chPid, 0) == nil {
				if time.Now().After(deadline) {
					syscall.Kill(chPid, syscall.SIGKILL)
					t.Fatalf("clickhouse-server %d still running 60 s after fullemp exited on %s", chPid, sig)
				}
				time.Sleep(50 * time.Millisecond)
			}
			if _, err := os.Stat(filepath.Join(dir, "clickhouse", "port")); err == nil && sig != syscall.SIGKILL {
				t.Error("port file left behind: the next start would try to reuse a dead server")
			}
		})
	}
}
