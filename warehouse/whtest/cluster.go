package whtest

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
	"testing"
	"text/template"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"fullemp/warehouse"
)

// ClusterName is the name of the test cluster in its servers' remote_servers.
const ClusterName = "fullemp_test"

// Cluster is a ClickHouse cluster that a test starts on loopback: one ZooKeeper (Debian's
// zookeeper package) and Shards × Replicas clickhouse-server processes, each with its own
// data folder, ports and macros, all with the same remote_servers. Stop ends them all.
type Cluster struct {
	Dir   string
	Nodes []*Node
	zk    *proc
}

// Node is one clickhouse-server of a Cluster.
type Node struct {
	Shard, Replica int // from 1
	Dir            string
	TCP            int
	conf           string
	p              *proc
}

// Addr is the node's native-protocol address.
func (n *Node) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(n.TCP)) }

type proc struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

func start(dir, logName string, name string, args ...string) (*proc, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	f, err := os.OpenFile(filepath.Join(dir, logName), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{cmd: cmd, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(p.exited) }()
	return p, nil
}

func (p *proc) kill() {
	if p == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// zkClasspath is where Debian's zookeeper package puts its jars (zookeeper.jar names the
// others in its manifest).
const zkClasspath = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar"

// StartCluster starts ZooKeeper and shards × replicas servers under dir and waits until
// every server answers and sees ZooKeeper.
func StartCluster(ctx context.Context, dir string, shards, replicas int) (*Cluster, error) {
	if _, err := os.Stat("/usr/share/java/zookeeper.jar"); err != nil {
		return nil, errors.New("ZooKeeper is not installed: run 'make deps' (Debian's zookeeper package)")
	}
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		bin = "/usr/sbin/clickhouse-server"
	}
	ports, err := freePorts(1 + 3*shards*replicas)
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir}
	zkDir := filepath.Join(dir, "zookeeper")
	if err := os.MkdirAll(filepath.Join(zkDir, "data"), 0o755); err != nil {
		return nil, err
	}
	zkConf := filepath.Join(zkDir, "zoo.cfg")
	// forceSync=no: a test's ZooKeeper does not fsync its log on every write. A replicated
	// table's DDL writes to ZooKeeper many times, and on a machine with a slow disk the
	// fsyncs can delay ZooKeeper past the servers' session timeout.
	cfg := fmt.Sprintf("tickTime=500\ninitLimit=10\nsyncLimit=5\ndataDir=%s/data\nclientPort=%d\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\nmaxClientCnxns=0\nforceSync=no\n", zkDir, ports[0])
	if err := os.WriteFile(zkConf, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	// A first start on an empty dataDir refuses to run without a snapshot unless told to
	// trust the empty one.
	c.zk, err = start(zkDir, "zookeeper.log", "java", "-Xmx256m", "-Dzookeeper.snapshot.trust.empty=true",
		"-Dzookeeper.root.logger=WARN,CONSOLE", "-cp", zkClasspath, "org.apache.zookeeper.server.ZooKeeperServerMain", zkConf)
	if err != nil {
		return nil, err
	}
	for s := 1; s <= shards; s++ {
		for r := 1; r <= replicas; r++ {
			i := (s-1)*replicas + r - 1
			n := &Node{Shard: s, Replica: r, Dir: filepath.Join(dir, fmt.Sprintf("s%dr%d", s, r)), TCP: ports[1+3*i]}
			c.Nodes = append(c.Nodes, n)
		}
	}
	for i, n := range c.Nodes {
		for _, sub := range []string{"tmp", "user_files", "format_schemas"} {
			if err := os.MkdirAll(filepath.Join(n.Dir, sub), 0o755); err != nil {
				c.Stop()
				return nil, err
			}
		}
		n.conf = filepath.Join(n.Dir, "config.xml")
		f, err := os.Create(n.conf)
		if err == nil {
			err = nodeConfig.Execute(f, map[string]any{"Dir": n.Dir, "TCP": n.TCP, "HTTP": ports[2+3*i], "Inter": ports[3+3*i],
				"ZK": ports[0], "Shard": n.Shard, "Replica": n.Replica, "Cluster": ClusterName, "Nodes": c.Nodes, "Shards": shards})
			f.Close()
		}
		if err != nil {
			c.Stop()
			return nil, fmt.Errorf("config of node %d: %w", i, err)
		}
	}
	for i := range c.Nodes {
		if err := c.startNode(bin, i); err != nil {
			c.Stop()
			return nil, err
		}
	}
	for i := range c.Nodes {
		if err := c.WaitNode(ctx, i); err != nil {
			c.Stop()
			return nil, err
		}
	}
	return c, nil
}

func (c *Cluster) startNode(bin string, i int) error {
	n := c.Nodes[i]
	p, err := start(n.Dir, "stdout.log", bin, "--config-file="+n.conf)
	if err != nil {
		return err
	}
	n.p = p
	return nil
}

// WaitNode waits until node i answers a query that reads ZooKeeper.
func (c *Cluster) WaitNode(ctx context.Context, i int) error {
	n := c.Nodes[i]
	deadline := time.Now().Add(90 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-n.p.exited:
			return fmt.Errorf("cluster node %s exited at start; see %s", n.Addr(), filepath.Join(n.Dir, "server.err.log"))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		out, err := exec.CommandContext(ctx, "clickhouse-client", "--port", strconv.Itoa(n.TCP), "--query",
			"SELECT count() FROM system.zookeeper WHERE path = '/'").CombinedOutput()
		if err == nil {
			return nil
		}
		last = fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	return fmt.Errorf("cluster node %s not ready in 90s: %v", n.Addr(), last)
}

var (
	sharedOnce sync.Once
	shared     *Cluster
	sharedErr  error
	sharedDir  string
)

// SharedCluster is a cluster of 2 shards × 2 replicas that this test binary starts on first
// use and Main stops. Tests that kill a node start it again before they end.
func SharedCluster(t testing.TB) *Cluster {
	t.Helper()
	sharedOnce.Do(func() {
		if sharedDir, sharedErr = os.MkdirTemp("", "fullemp-test-cluster-"); sharedErr != nil {
			return
		}
		shared, sharedErr = StartCluster(context.Background(), sharedDir, 2, 2)
	})
	if sharedErr != nil {
		t.Fatalf("test cluster: %v", sharedErr)
	}
	return shared
}

// Kill ends node i at once (SIGKILL), as a crash would.
func (c *Cluster) Kill(i int) { c.Nodes[i].p.kill() }

// Restart starts node i again on its data and waits until it answers.
func (c *Cluster) Restart(ctx context.Context, i int) error {
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		bin = "/usr/sbin/clickhouse-server"
	}
	if err := c.startNode(bin, i); err != nil {
		return err
	}
	return c.WaitNode(ctx, i)
}

// Stop kills every server and ZooKeeper.
func (c *Cluster) Stop() {
	for _, n := range c.Nodes {
		n.p.kill()
	}
	c.zk.kill()
	if c == shared {
		os.RemoveAll(sharedDir)
	}
}

// LogTails is the last lines of each node's error log (stack frames left out) and of ZooKeeper's log: what a test
// prints when the cluster did not answer, so that a failure on CI says why.
func (c *Cluster) LogTails(lines int) string {
	var b strings.Builder
	tail := func(name, path string) {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(&b, "--- %s: %v\n", name, err)
			return
		}
		var ls []string // without the numbered frames of stack traces
		for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
			if i := strings.Index(l, ". "); i > 0 && strings.Trim(l[:i], "0123456789") == "" {
				continue
			}
			ls = append(ls, l)
		}
		if len(ls) > lines {
			ls = ls[len(ls)-lines:]
		}
		fmt.Fprintf(&b, "--- %s (%s), last %d lines:\n%s\n", name, path, len(ls), strings.Join(ls, "\n"))
	}
	for _, n := range c.Nodes {
		tail("node "+n.Addr(), filepath.Join(n.Dir, "server.err.log"))
	}
	tail("ZooKeeper", filepath.Join(c.Dir, "zookeeper", "zookeeper.log"))
	return b.String()
}

// Config is a warehouse configuration on node 0 of the cluster for a new database.
func (c *Cluster) Config(t interface{ Name() string }) warehouse.Config {
	cfg := configNamed(t.Name())
	cfg.Addr = c.Nodes[0].Addr()
	cfg.Cluster = ClusterName
	return cfg
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

// nodeConfig is one node's config.xml: fullemp's local-server settings plus ZooKeeper, the
// node's macros, the cluster and the profile a cluster needs (warehouse.ClusterProfile).
var nodeConfig = template.Must(template.New("config.xml").Funcs(template.FuncMap{"seq": func(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}}).Parse(`<?xml version="1.0"?>
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
  <interserver_http_port>{{.Inter}}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>{{.Dir}}/</path>
  <tmp_path>{{.Dir}}/tmp/</tmp_path>
  <user_files_path>{{.Dir}}/user_files/</user_files_path>
  <format_schema_path>{{.Dir}}/format_schemas/</format_schema_path>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>200</max_concurrent_queries>
  <zookeeper>
    <node><host>127.0.0.1</host><port>{{.ZK}}</port></node>
    <session_timeout_ms>10000</session_timeout_ms>
  </zookeeper>
  <macros>
    <shard>{{.Shard}}</shard>
    <replica>r{{.Replica}}</replica>
  </macros>
  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
  <remote_servers>
    <{{.Cluster}}>{{$nodes := .Nodes}}{{range $s := seq .Shards}}
      <shard>
        <internal_replication>true</internal_replication>{{range $nodes}}{{if eq .Shard $s}}
        <replica><host>127.0.0.1</host><port>{{.TCP}}</port></replica>{{end}}{{end}}
      </shard>{{end}}
    </{{.Cluster}}>
  </remote_servers>
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
      <max_memory_usage>4000000000</max_memory_usage>
      <use_uncompressed_cache>0</use_uncompressed_cache>
      <distributed_product_mode>global</distributed_product_mode>
      <load_balancing>in_order</load_balancing>
      <connect_timeout_with_failover_ms>1000</connect_timeout_with_failover_ms>
    </default>
  </profiles>
  <quotas><default></default></quotas>
</clickhouse>
`))

// NodeConn is a plain connection to database db on node i alone (no pinned settings),
// closed when the test ends: for looking at one node's local tables.
func NodeConn(t testing.TB, c *Cluster, i int, db string) driver.Conn {
	t.Helper()
	conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{c.Nodes[i].Addr()}, Auth: clickhouse.Auth{Database: db},
		DialTimeout: 2 * time.Second, ReadTimeout: time.Minute})
	if err != nil {
		t.Fatalf("connect to node %d: %v", i, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
