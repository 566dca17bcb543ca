package main

import (
	"bytes"
	"errors"
	"fmt"
	"fullemp/bulletin"
	"io"
	"net"
	"os"

	"gopkg.in/yaml.v3"

	"fullemp/account"
	"fullemp/api"
	"fullemp/ingest"
	"fullemp/standard"
	"fullemp/warehouse"
)

// Config is fullemp's whole configuration, one section per concern. A file gives any
// subset of it (YAML); keys it does not know are an error naming the key.
type Config struct {
	// Warehouse says which ClickHouse to use (see warehouse.Config).
	Warehouse warehouse.Config `yaml:"warehouse"`
	// Standard holds the thresholds and targets of SPEC §4–5 (see standard.Config);
	// defaults are SPEC's.
	Standard standard.Config `yaml:"standard"`
	// Serve configures `fullemp serve` (see ServeConfig).
	Serve ServeConfig `yaml:"serve"`
	// Ingest bounds what one input file can make fullemp store or hold (see
	// ingest.Limits); defaults ingest.DefaultLimits().
	Ingest ingest.Limits `yaml:"ingest"`
	// Login throttles failed logins per user name and per address: waits, then lockouts
	// (see account.ThrottleConfig); defaults account.DefaultThrottle().
	Login account.ThrottleConfig `yaml:"login"`
	// Bulletin is the statistical bulletins' issuing body and release calendar (see
	// bulletin.Options and bulletin.Calendar); defaults bulletin.DefaultOptions().
	Bulletin bulletin.Options `yaml:"bulletin"`
}

// DefaultConfig returns every section's defaults.
func DefaultConfig() Config {
	return Config{Warehouse: warehouse.DefaultConfig(), Standard: standard.Default(),
		Serve:  ServeConfig{Addr: "127.0.0.1:8080", RequestTimeout: api.DefaultRequestTimeout, MaxUploadBytes: api.DefaultMaxUploadBytes},
		Ingest: ingest.DefaultLimits(), Login: account.DefaultThrottle(), Bulletin: bulletin.DefaultOptions()}
}

// Load overlays the YAML file at path on c.
func (c *Config) Load(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
}

// applyEnv overlays the FULLEMP_* environment variables.
func (c *Config) applyEnv() {
	c.Warehouse.Addr = envOr("FULLEMP_CLICKHOUSE", c.Warehouse.Addr)
	c.Warehouse.DataDir = envOr("FULLEMP_DATA", c.Warehouse.DataDir)
	c.Warehouse.Database = envOr("FULLEMP_DATABASE", c.Warehouse.Database)
	c.Warehouse.Cluster = envOr("FULLEMP_CLUSTER", c.Warehouse.Cluster)
}

// Validate checks every section and names the first bad key.
func (c *Config) Validate() error {
	if err := c.Warehouse.Validate(); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.Serve.Addr); err != nil {
		return fmt.Errorf("serve.addr %q: want HOST:PORT: %w", c.Serve.Addr, err)
	}
	if c.Serve.RequestTimeout <= 0 {
		return fmt.Errorf("serve.request_timeout %v: want a positive duration (default 10s)", c.Serve.RequestTimeout)
	}
	if n := c.Serve.MaxUploadBytes; n < 1024 || n > 1<<30 {
		return fmt.Errorf("serve.max_upload_bytes %d: want 1024 to 1073741824 (1 GiB)", n)
	}
	if err := c.Ingest.Validate(); err != nil {
		return err
	}
	if err := c.Login.Validate(); err != nil {
		return err
	}
	if err := c.Bulletin.Calendar.Validate(); err != nil {
		return err
	}
	return c.Standard.Validate()
}
