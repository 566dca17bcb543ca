package warehouse

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/sirupsen/logrus"

	fsql "fullemp/sql"
)

// Store is an open connection to fullemp's database, with its schema migrated. It owns the
// local server when it started one.
type Store struct {
	Conn     driver.Conn
	Database string
	// Cluster is the ClickHouse cluster the tables are spread over (Config.Cluster); empty
	// on one server.
	Cluster string
	Addr    string
	Log     *logrus.Entry
	// Applied names the migrations that opening the Store applied.
	Applied []string
	server  *LocalServer
}

// Open connects to the configured ClickHouse (starting a local one when no address is
// given), creates the database if needed, applies pending migrations and completes the
// refreshes a process that died left pending (RefreshPending), so that no caller reads
// figures older than the loaded rows.
func Open(ctx context.Context, cfg Config, log *logrus.Entry) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log = log.WithField("component", "warehouse")
	addr := cfg.Addr
	var server *LocalServer
	if addr == "" {
		var err error
		if server, err = StartLocal(ctx, cfg.ServerBinary, cfg.DataDir, log); err != nil {
			return nil, err
		}
		addr = server.Addr()
	}
	s, err := connect(ctx, cfg, addr, log)
	if err != nil {
		server.Stop()
		return nil, err
	}
	s.server = server
	if s.Applied, err = s.MigrateReport(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if _, err := s.RefreshPending(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func connect(ctx context.Context, cfg Config, addr string, log *logrus.Entry) (*Store, error) {
	// The database may not exist yet: create it over a connection to "default".
	// On a cluster it is created on every node (ON CLUSTER), and only when the connected
	// node lacks it: ON CLUSTER DDL waits for every node, and a node may be down.
	boot, err := dial(cfg, addr, "default")
	if err != nil {
		return nil, err
	}
	err = createDatabase(ctx, boot, Schema{Cluster: cfg.Cluster, Database: cfg.Database})
	boot.Close()
	if err != nil {
		return nil, fmt.Errorf("create database %s on %s: %w", cfg.Database, addr, err)
	}
	conn, err := dial(cfg, addr, cfg.Database)
	if err != nil {
		return nil, err
	}
	return &Store{Conn: conn, Database: cfg.Database, Cluster: cfg.Cluster, Addr: addr, Log: log}, nil
}

func createDatabase(ctx context.Context, conn driver.Conn, sc Schema) error {
	var n uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM system.databases WHERE name = ?", sc.Database).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return conn.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+sc.Database+sc.On())
}

// Schema is where this Store's tables live (one server or its cluster).
func (s *Store) Schema() Schema { return Schema{Cluster: s.Cluster, Database: s.Database} }

// OpenConn makes a Store of a connection opened elsewhere (the two-engine test's
// embedded current ClickHouse), with its schema migrated. The caller pins
// FigureSettings on conn (PinnedSettings) as dial does, and closes conn.
func OpenConn(ctx context.Context, conn driver.Conn, database string, log *logrus.Entry) (*Store, error) {
	s := &Store{Conn: conn, Database: database, Addr: "embedded", Log: log.WithField("component", "warehouse")}
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// dial connects with the FigureSettings this server knows and the DeadlineSettings pinned
// on every statement. Its errors of an unreachable or silent server are ErrUnavailable.
func dial(cfg Config, addr, database string) (driver.Conn, error) {
	conn, err := dialWith(cfg, addr, database, nil)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	pinned, err := PinnedSettings(ctx, conn)
	if err == nil {
		err = CheckSettings(ctx, conn)
	}
	if err == nil && cfg.Cluster != "" {
		err = CheckClusterSettings(ctx, conn, cfg.Cluster)
	}
	conn.Close()
	if err != nil {
		return nil, fmt.Errorf("clickhouse %s: %w", addr, err)
	}
	_, query := cfg.timeouts()
	for k, v := range DeadlineSettings(query) {
		pinned[k] = v
	}
	if cfg.Cluster != "" {
		for k, v := range ClusterSettings {
			pinned[k] = v
		}
	}
	conn, err = dialWith(cfg, addr, database, pinned)
	if err != nil {
		return nil, err
	}
	return guard(conn), nil
}

// readMargin is how much longer than QueryTimeout the client waits for an answer: the
// server's own TIMEOUT_EXCEEDED, when it can send one, is the clearer error.
const readMargin = 30 * time.Second

func dialWith(cfg Config, addr, database string, settings clickhouse.Settings) (driver.Conn, error) {
	dialTimeout, query := cfg.timeouts()
	conn, err := clickhouse.Open(&clickhouse.Options{
		Settings: settings,
		Addr:     []string{addr},
		Auth:     clickhouse.Auth{Database: database, Username: cfg.User, Password: cfg.Password},
		// DialTimeout bounds the TCP connect and the handshake, and the wait for a pooled
		// connection; ReadTimeout the wait for a statement's answer (clickhouse-go sets it
		// once per statement; a context deadline replaces it).
		DialTimeout:      dialTimeout,
		ReadTimeout:      query + readMargin,
		MaxOpenConns:     32,
		MaxIdleConns:     8,
		ConnMaxLifetime:  time.Hour,
		Compression:      &clickhouse.Compression{Method: clickhouse.CompressionLZ4},
		BlockBufferSize:  4,
		ConnOpenStrategy: clickhouse.ConnOpenInOrder,
	})
	if err != nil {
		return nil, fmt.Errorf("connect to clickhouse %s: %w", addr, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		var ex *clickhouse.Exception
		if errors.As(err, &ex) {
			return nil, fmt.Errorf("clickhouse %s refused: %s", addr, ex.Message)
		}
		return nil, fmt.Errorf("clickhouse %s does not answer: %w", addr, err)
	}
	return conn, nil
}

// Close closes the connection and stops the local server if this process started it.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	err := s.Conn.Close()
	if serr := s.server.Stop(); err == nil {
		err = serr
	}
	return err
}

// SuperviseLocal keeps the local server this Store started running until ctx ends: when
// it dies it is started again after a backoff (LocalServer.Supervise). It returns at once
// for a Store on a configured address or on a server another process owns.
func (s *Store) SuperviseLocal(ctx context.Context) { s.server.Supervise(ctx) }

var qServerVersion = fsql.MustQuery("server_version")

// ServerVersion returns ClickHouse's version string, e.g. "18.16.1".
func (s *Store) ServerVersion(ctx context.Context) (string, error) {
	var v string
	if err := s.Conn.QueryRow(ctx, qServerVersion).Scan(&v); err != nil {
		return "", fmt.Errorf("server version: %w", err)
	}
	return v, nil
}
