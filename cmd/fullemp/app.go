package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sirupsen/logrus"

	"fullemp/warehouse"
)

// App is what every subcommand shares: configuration, logger, output streams and the
// warehouse, opened on first use and closed (with its local server) when the command ends.
type App struct {
	Config Config
	Out    io.Writer
	Err    io.Writer
	Log    *logrus.Entry

	configPath  string
	logLevel    string
	flagAddr    string
	flagData    string
	flagDB      string
	flagCluster string
	store       *warehouse.Store
}

// NewApp returns an App writing to out and err, with the default configuration.
func NewApp(out, errw io.Writer) *App {
	l := logrus.New()
	l.SetOutput(errw)
	l.SetFormatter(&logrus.TextFormatter{DisableTimestamp: false, FullTimestamp: true})
	return &App{Config: DefaultConfig(), Out: out, Err: errw, Log: logrus.NewEntry(l)}
}

// flags returns a flag set for a subcommand with the shared flags on it.
func (a *App) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("fullemp "+name, flag.ContinueOnError)
	fs.SetOutput(a.Err)
	fs.StringVar(&a.configPath, "config", os.Getenv("FULLEMP_CONFIG"), "configuration file (YAML); default ./fullemp.yaml when it exists (env FULLEMP_CONFIG)")
	fs.StringVar(&a.flagAddr, "clickhouse", "", "ClickHouse native address HOST:PORT; empty runs a local server (env FULLEMP_CLICKHOUSE)")
	fs.StringVar(&a.flagData, "data", "", "folder for the local ClickHouse's data (env FULLEMP_DATA; default ./data)")
	fs.StringVar(&a.flagDB, "database", "", "ClickHouse database (env FULLEMP_DATABASE; default fullemp)")
	fs.StringVar(&a.flagCluster, "cluster", "", "ClickHouse cluster NAME to shard and replicate the tables over, with --clickhouse (env FULLEMP_CLUSTER; default none: one server)")
	fs.StringVar(&a.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.Usage = func() {
		fmt.Fprintf(a.Err, "Usage: fullemp %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, then builds the configuration: defaults → file → environment →
// flags → validate.
func (a *App) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	lvl, err := logrus.ParseLevel(a.logLevel)
	if err != nil {
		return fmt.Errorf("--log-level %q: %w", a.logLevel, err)
	}
	a.Log.Logger.SetLevel(lvl)
	path := a.configPath
	if path == "" {
		if _, err := os.Stat("fullemp.yaml"); err == nil {
			path = "fullemp.yaml"
		}
	}
	if path != "" {
		if err := a.Config.Load(path); err != nil {
			return err
		}
	}
	a.Config.applyEnv()
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["clickhouse"] {
		a.Config.Warehouse.Addr = a.flagAddr
	}
	if set["data"] {
		a.Config.Warehouse.DataDir = a.flagData
	}
	if set["database"] {
		a.Config.Warehouse.Database = a.flagDB
	}
	if set["cluster"] {
		a.Config.Warehouse.Cluster = a.flagCluster
	}
	return a.Config.Validate()
}

// Store opens the warehouse on first use.
func (a *App) Store(ctx context.Context) (*warehouse.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	s, err := warehouse.Open(ctx, a.Config.Warehouse, a.Log)
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}

// Close closes the warehouse (stopping a local server this process started).
func (a *App) Close() {
	if a.store != nil {
		if err := a.store.Close(); err != nil {
			a.Log.WithError(err).Warn("closing the warehouse")
		}
		a.store = nil
	}
}

func envOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}
