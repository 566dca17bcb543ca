// Package warehouse is fullemp's ClickHouse store: the connection, the schema migrations,
// the managed local clickhouse-server used when no address is configured, and the queries
// that compute the campaign's figures.
package warehouse

import (
	"errors"
	"fmt"
	"net"
	"regexp"
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
	// User and Password authenticate to ClickHouse. Default "default" with no password.
	User     string `yaml:"user"`
	Password string `yaml:"password"`
	// ServerBinary is the clickhouse-server executable for the local server. Default
	// "clickhouse-server", looked up on PATH (and in /usr/sbin, where Debian puts it).
	ServerBinary string `yaml:"server_binary"`
}

// DefaultConfig returns the defaults documented on Config.
func DefaultConfig() Config {
	return Config{DataDir: "./data", Database: "fullemp", User: "default", ServerBinary: "clickhouse-server"}
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
	return nil
}
