package warehouse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/template"
	"time"

	"github.com/sirupsen/logrus"
)

// LocalServer is a clickhouse-server that fullemp runs itself, with its data under a folder
// of the user's choice and its ports chosen free on loopback. A server already running on
// the same folder (another fullemp process started it) is reused and left running.
type LocalServer struct {
	Dir  string // DataDir/clickhouse
	Port int    // native protocol port on 127.0.0.1
	log  *logrus.Entry
	bin  string // the clickhouse-server executable
	conf string // its config.xml

	mu       sync.Mutex
	proc     *serverProc // the process this LocalServer started and runs; nil if reused or stopped
	stopping bool        // Stop was called: no restart
}

// serverProc is one run of clickhouse-server.
type serverProc struct {
	cmd     *exec.Cmd
	started time.Time
	exited  chan struct{} // closed when the process has exited, after err is set
	err     error         // how it exited
}

// ErrNoServerBinary means clickhouse-server is not installed.
var ErrNoServerBinary = errors.New("clickhouse-server is not installed: run 'sudo apt-get install clickhouse-server clickhouse-client' (or 'make deps'), or give --clickhouse HOST:PORT")

// Addr is the server's native-protocol address.
func (s *LocalServer) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)) }

// Owned reports whether this process started the server (and so stops it on Close).
func (s *LocalServer) Owned() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proc != nil
}

// StartLocal starts clickhouse-server on dataDir, or joins the one already running there.
func StartLocal(ctx context.Context, binary, dataDir string, log *logrus.Entry) (*LocalServer, error) {
	dir, err := filepath.Abs(filepath.Join(dataDir, "clickhouse"))
	if err != nil {
		return nil, fmt.Errorf("local clickhouse folder: %w", err)
	}
	s := &LocalServer{Dir: dir, log: log.WithField("component", "clickhouse-server")}
	if port, ok := s.running(); ok {
		s.Port = port
		s.log.WithFields(logrus.Fields{"dir": dir, "addr": s.Addr()}).Info("reusing the local ClickHouse already running on this folder")
		return s, nil
	}
	bin, err := findBinary(binary)
	if err != nil {
		return nil, err
	}
	for _, sub := range []string{"", "tmp", "user_files", "format_schemas"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("local clickhouse folder: %w", err)
		}
	}
	ports, err := freePorts(3)
	if err != nil {
		return nil, fmt.Errorf("local clickhouse ports: %w", err)
	}
	s.Port = ports[0]
	s.bin, s.conf = bin, filepath.Join(dir, "config.xml")
	if err := writeServerConfig(s.conf, dir, ports); err != nil {
		return nil, err
	}
	s.mu.Lock()
	p, err := s.spawn()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := s.waitReady(ctx, p, 90*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	s.log.WithFields(logrus.Fields{"dir": dir, "addr": s.Addr(), "pid": p.cmd.Process.Pid}).Info("started local ClickHouse")
	return s, nil
}

// spawn starts clickhouse-server on s.conf and records it as s.proc; s.mu is held.
func (s *LocalServer) spawn() (*serverProc, error) {
	cmd := exec.Command(s.bin, "--config-file="+s.conf)
	cmd.Dir = s.Dir
	// Setpgid: a Ctrl-C in the terminal reaches only us, and we stop the server in order.
	// Pdeathsig: if we die without stopping it (killed, crashed), the kernel sends it
	// SIGTERM, so no orphaned server keeps the folder.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	logFile, err := os.OpenFile(filepath.Join(s.Dir, "stdout.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("local clickhouse log: %w", err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", s.bin, err)
	}
	logFile.Close()
	p := &serverProc{cmd: cmd, started: time.Now(), exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	s.proc = p
	if err := writeState(s.Dir, cmd.Process.Pid, s.Port); err != nil {
		_ = cmd.Process.Kill()
		<-p.exited
		s.proc = nil
		return nil, err
	}
	return p, nil
}

// running returns the port of a live server on this folder: its pid file names a process
// that is alive and its port file a port that accepts connections.
func (s *LocalServer) running() (int, bool) {
	pidText, err1 := os.ReadFile(filepath.Join(s.Dir, "server.pid"))
	portText, err2 := os.ReadFile(filepath.Join(s.Dir, "port"))
	if err1 != nil || err2 != nil {
		return 0, false
	}
	pid, err1 := strconv.Atoi(strings.TrimSpace(string(pidText)))
	port, err2 := strconv.Atoi(strings.TrimSpace(string(portText)))
	if err1 != nil || err2 != nil || syscall.Kill(pid, 0) != nil {
		return 0, false
	}
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err != nil {
		return 0, false
	}
	c.Close()
	return port, true
}

func (s *LocalServer) waitReady(ctx context.Context, p *serverProc, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return fmt.Errorf("local clickhouse-server exited at start (%v); see %s", p.err, filepath.Join(s.Dir, "server.err.log"))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if c, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
			c.Close()
			return nil
		}
	}
	return fmt.Errorf("local clickhouse-server did not accept connections within %v; see %s", limit, filepath.Join(s.Dir, "server.err.log"))
}

// Stop ends a server this process started: SIGTERM, then SIGKILL after 30 s. A reused
// server is left running for the process that owns it. After Stop, Supervise restarts
// nothing.
func (s *LocalServer) Stop() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	s.stopping = true
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	if p == nil {
		return nil
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	os.Remove(filepath.Join(s.Dir, "port"))
	os.Remove(filepath.Join(s.Dir, "server.pid"))
	s.log.WithField("dir", s.Dir).Info("stopped local ClickHouse")
	return nil
}

// writeState records the server's pid and port so another fullemp process on the same
// folder finds and reuses it.
func writeState(dir string, pid, port int) error {
	if err := os.WriteFile(filepath.Join(dir, "server.pid"), []byte(strconv.Itoa(pid)), 0o644); err != nil {
		return fmt.Errorf("local clickhouse pid file: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "port"), []byte(strconv.Itoa(port)), 0o644); err != nil {
		return fmt.Errorf("local clickhouse port file: %w", err)
	}
	return nil
}

func findBinary(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	if !strings.Contains(name, "/") {
		for _, d := range []string{"/usr/sbin", "/usr/bin", "/usr/local/bin"} {
			p := filepath.Join(d, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
	}
	return "", ErrNoServerBinary
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

var serverConfig = template.Must(template.New("config.xml").Parse(`<?xml version="1.0"?>
<!-- Written by fullemp for its local ClickHouse; rewritten at every start. -->
<clickhouse>
  <logger>
    <level>warning</level>
    <log>{{.Dir}}/server.log</log>
    <errorlog>{{.Dir}}/server.err.log</errorlog>
    <size>50M</size>
    <count>2</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>{{.TCP}}</tcp_port>
  <http_port>{{.HTTP}}</http_port>
  <interserver_http_port>{{.Interserver}}</interserver_http_port>
  <path>{{.Dir}}/</path>
  <tmp_path>{{.Dir}}/tmp/</tmp_path>
  <user_files_path>{{.Dir}}/user_files/</user_files_path>
  <format_schema_path>{{.Dir}}/format_schemas/</format_schema_path>
  <mark_cache_size>536870912</mark_cache_size>
  <max_concurrent_queries>200</max_concurrent_queries>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <profiles>
    <default>
      <max_memory_usage>10000000000</max_memory_usage>
      <use_uncompressed_cache>0</use_uncompressed_cache>
    </default>
  </profiles>
  <quotas><default></default></quotas>
</clickhouse>
`))

func writeServerConfig(path, dir string, ports []int) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("local clickhouse config: %w", err)
	}
	defer f.Close()
	return serverConfig.Execute(f, map[string]any{"Dir": dir, "TCP": ports[0], "HTTP": ports[1], "Interserver": ports[2]})
}
