// Package warehouse is fullemp's ClickHouse store: the connection, the schema migrations,
// the managed local clickhouse-server used when no address is configured, and the queries
// that compute the campaign's figures.
package warehouse

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"time"
)

// Config says which ClickHouse to use. The zero Addr means "start our own local server".
type Config struct {
	// Addr is the host:port of a ClickHouse native-protocol endpoint. Default empty: start
	// and stop a local clickhouse-server with its data under DataDir.
	Addr string `yaml:"addr"`
	// DataDir is the folder that holds the local server's data (DataDir/clickhouse) and its
	// state. Default "./data". Unused when Addr is set.
	DataDir string `yaml:"data_dir"`
	// Database is the ClickHouse database fullemp owns. Default "fullemp".
	Database string `yaml:"database"`
	// Cluster is the name of a ClickHouse cluster (the servers' remote_servers) to spread
	// the tables over: migrations run ON CLUSTER, input and aggregate tables are
	// Replicated…MergeTree tables on every node with Distributed tables over them (see
	// Schema). Needs Addr (one node of the cluster) and ZooKeeper, the macros {shard} and
	// {replica} on every node, and ClusterProfile in the user's profile. Default empty: one
	// server.
	Cluster string `yaml:"cluster"`
	// User and Password authenticate to ClickHouse. Default "default" with no password.
	User     string `yaml:"user"`
	Password string `yaml:"password"`
	// ServerBinary is the clickhouse-server executable for the local server. Default
	// "clickhouse-server", looked up on PATH (and in /usr/sbin, where Debian puts it).
	ServerBinary string `yaml:"server_binary"`
	// DialTimeout bounds connecting to ClickHouse (TCP and handshake) and the wait for a free
	// connection of the pool, so that a server that is down or paused fails a call in
	// seconds. Default 5s.
	DialTimeout time.Duration `yaml:"dial_timeout"`
	// QueryTimeout bounds every statement: the server stops one that runs longer
	// (max_execution_time, Code 159) and fullemp stops waiting for an answer a little after
	// it, so no call waits forever on a server that hangs. A caller's shorter context
	// deadline (a web request's serve.request_timeout) lowers both for its statements.
	// Default 10m (a full refresh of a large city runs statements of minutes).
	QueryTimeout time.Duration `yaml:"query_timeout"`
}

// DefaultConfig returns the defaults documented on Config.
func DefaultConfig() Config {
	return Config{DataDir: "./data", Database: "fullemp", User: "default", ServerBinary: "clickhouse-server",
		DialTimeout: 5 * time.Second, QueryTimeout: 10 * time.Minute}
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Validate reports the first field that cannot work, naming its key.
func (c Config) Validate() error {
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return fmt.Errorf("warehouse.addr %q: want HOST:PORT: %w", c.Addr, err)
		}
	} else if c.DataDir == "" {
		return errors.New("warehouse.data_dir: empty; the local server needs a folder")
	}
	if !identifier.MatchString(c.Database) {
		return fmt.Errorf("warehouse.database %q: want letters, digits and _", c.Database)
	}
	if c.Cluster != "" {
		if !identifier.MatchString(c.Cluster) {
			return fmt.Errorf("warehouse.cluster %q: want letters, digits and _", c.Cluster)
		}
		if c.Addr == "" {
			return fmt.Errorf("warehouse.cluster %s: needs warehouse.addr, a node of the cluster (fullemp's local server is one server)", c.Cluster)
		}
	}
	if c.DialTimeout < 0 {
		return fmt.Errorf("warehouse.dial_timeout %v: want a positive duration (default 5s)", c.DialTimeout)
	}
	if c.QueryTimeout != 0 && c.QueryTimeout < time.Second {
		return fmt.Errorf("warehouse.query_timeout %v: want at least 1s (ClickHouse counts whole seconds; default 10m)", c.QueryTimeout)
	}
	return nil
}

// timeouts returns DialTimeout and QueryTimeout, their defaults for zero values (a Config
// built by hand rather than from DefaultConfig).
func (c Config) timeouts() (dial, query time.Duration) {
	d := DefaultConfig()
	dial, query = c.DialTimeout, c.QueryTimeout
	if dial == 0 {
		dial = d.DialTimeout
	}
	if query == 0 {
		query = d.QueryTimeout
	}
	return dial, query
}
