// Package chdbconn runs fullemp's warehouse on current ClickHouse's engine: it is
// clickhouse-go's driver.Conn over chDB (ClickHouse 26.x embedded as libchdb.so, loaded
// without cgo by github.com/chdb-io/chdb-go). No current clickhouse-server installs on
// these machines; its engine does, so the two-engine test runs every statement of the
// warehouse on it as it does on the 18.16 server, through the same Store code.
//
// Statements are bound by clickhouse-go's own client-side binder (the text a server
// receives), results come back in the Native format and are scanned by clickhouse-go's
// own column types (the same conversions as over the wire), and a batch is rendered as
// INSERT … VALUES from the columns clickhouse-go built for it (chDB takes no binary
// payload).
//
// Importing this package loads libchdb.so at start-up (CHDB_LIB_PATH names it; `make
// deps` fetches it), so only tests import it.
package chdbconn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
	_ "unsafe" // go:linkname to clickhouse-go's binder

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/chdb-io/chdb-go/chdb"
)

// bind is clickhouse-go's client-side binder: the exact SQL text the native driver sends
// for a statement and its arguments.
//
//go:linkname bind github.com/ClickHouse/clickhouse-go/v2.bind
func bind(tz *time.Location, query string, args ...any) (string, error)

// Session is the process's one chDB engine (chDB allows one per process). Every query
// runs under its lock, with the current database switched to the Conn's.
type Session struct {
	mu      sync.Mutex
	s       *chdb.Session
	current string
	tz      *time.Location
	version string
}

var (
	openOnce sync.Once
	theOne   *Session
	openErr  error
)

// Open starts the engine on dir (once per process; later calls return the same Session).
func Open(dir string) (*Session, error) {
	openOnce.Do(func() {
		if p := os.Getenv("CHDB_LIB_PATH"); p != "" {
			if _, err := os.Stat(p); err != nil {
				openErr = fmt.Errorf("chdb: CHDB_LIB_PATH %s: %w (run make deps)", p, err)
				return
			}
		}
		s, err := chdb.NewSession(dir)
		if err != nil {
			openErr = fmt.Errorf("chdb: open %s: %w", dir, err)
			return
		}
		theOne = &Session{s: s, current: "default"}
		theOne.tz = time.UTC
		var tz string
		if err := theOne.queryRow(context.Background(), "default", "SELECT timezone(), version()", &tz, &theOne.version); err != nil {
			openErr = err
			return
		}
		if loc, err := time.LoadLocation(tz); err == nil {
			theOne.tz = loc
		}
	})
	return theOne, openErr
}

// Version is the engine's ClickHouse version, e.g. "26.7.2.1".
func (s *Session) Version() string { return s.version }

// Conn returns a connection whose statements run in database (which must exist, or be
// "default").
func (s *Session) Conn(database string) *Conn { return &Conn{sess: s, database: database} }

// run executes one bound statement in database and returns its output in format.
func (s *Session) run(ctx context.Context, database, query, format string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != database {
		if _, err := s.s.Query("USE "+database, "Null"); err != nil {
			return nil, fmt.Errorf("chdb: use %s: %w", database, err)
		}
		s.current = database
	}
	res, err := s.s.Query(query, format)
	if err != nil {
		return nil, &Error{Query: query, Err: err}
	}
	if res == nil {
		return nil, nil
	}
	defer res.Free()
	if err := res.Error(); err != nil {
		return nil, &Error{Query: query, Err: err}
	}
	return append([]byte(nil), res.Buf()...), nil
}

func (s *Session) queryRow(ctx context.Context, database, query string, dest ...any) error {
	return (&Conn{sess: s, database: database}).QueryRow(ctx, query).Scan(dest...)
}

// Error is a statement the engine refused, with ClickHouse's message.
type Error struct {
	Query string
	Err   error
}

func (e *Error) Error() string {
	return fmt.Sprintf("chdb: %v\nin: %s", e.Err, oneLine(e.Query, 400))
}

func (e *Error) Unwrap() error { return e.Err }

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// Conn is driver.Conn over the engine, for one database. Methods fullemp does not use
// are those of the embedded nil interface and panic if called.
type Conn struct {
	driver.Conn
	sess     *Session
	database string
	settings []string // SET statements applied before every statement, in order
}

// SetSettings makes every later statement of this Conn run with these settings, as
// clickhouse.Options.Settings does for a server connection.
func (c *Conn) SetSettings(settings clickhouse.Settings) {
	c.settings = c.settings[:0]
	for k, v := range settings {
		c.settings = append(c.settings, fmt.Sprintf("%s = '%v'", k, v))
	}
}

// withSettings appends a SETTINGS clause for the Conn's settings: the engine keeps SET
// per session, which every Conn shares, so each statement carries its own.
func (c *Conn) withSettings(query string) string {
	if len(c.settings) == 0 {
		return query
	}
	q := strings.TrimRight(strings.TrimSpace(query), ";")
	up := strings.ToUpper(skipComments(q))
	// DDL and INSERT … VALUES take no SETTINGS clause at their end; the settings that
	// matter to figures are those of SELECTs (an INSERT … SELECT carries them on its SELECT).
	if !(strings.HasPrefix(up, "SELECT") || strings.HasPrefix(up, "INSERT") && strings.Contains(up, "SELECT")) {
		return query
	}
	return q + "\nSETTINGS " + strings.Join(c.settings, ", ")
}

// skipComments drops the leading "--" comment lines of a statement.
func skipComments(q string) string {
	for {
		q = strings.TrimSpace(q)
		if !strings.HasPrefix(q, "--") {
			return q
		}
		i := strings.IndexByte(q, '\n')
		if i < 0 {
			return ""
		}
		q = q[i+1:]
	}
}

func (c *Conn) Exec(ctx context.Context, query string, args ...any) error {
	q, err := bind(c.sess.tz, query, args...)
	if err != nil {
		return err
	}
	_, err = c.sess.run(ctx, c.database, c.withSettings(q), "Null")
	return err
}

func (c *Conn) Query(ctx context.Context, query string, args ...any) (driver.Rows, error) {
	return c.query(ctx, query, args...)
}

func (c *Conn) query(ctx context.Context, query string, args ...any) (*rows, error) {
	q, err := bind(c.sess.tz, query, args...)
	if err != nil {
		return nil, err
	}
	out, err := c.sess.run(ctx, c.database, c.withSettings(q), "Native")
	if err != nil {
		return nil, err
	}
	r, err := decodeRows(out, c.sess.tz)
	if err != nil {
		return nil, err
	}
	// The engine writes nothing for an empty result, where a server sends the header, and
	// its Native output names a DateTime column without its zone: DESCRIBE gives the
	// columns' names and types as a server announces them.
	if len(out) > 0 && !r.zoneless() {
		return r, nil
	}
	desc, err := c.sess.run(ctx, c.database, "DESCRIBE TABLE (\n"+c.withSettings(q)+"\n)", "Native")
	if err != nil {
		return nil, err
	}
	d, err := decodeRows(desc, c.sess.tz)
	if err != nil {
		return nil, err
	}
	var names, types []string
	for d.Next() {
		var name, typ string
		b := d.blocks[d.block]
		if err := b.Columns[0].ScanRow(&name, d.row-1); err != nil {
			return nil, err
		}
		if err := b.Columns[1].ScanRow(&typ, d.row-1); err != nil {
			return nil, err
		}
		names, types = append(names, name), append(types, typ)
	}
	if len(out) == 0 {
		r.names, r.types = names, types
		return r, nil
	}
	return r, r.retype(types, c.sess.tz)
}

func (c *Conn) QueryRow(ctx context.Context, query string, args ...any) driver.Row {
	rows, err := c.query(ctx, query, args...)
	return &row{rows: rows, err: err}
}

func (c *Conn) Ping(ctx context.Context) error {
	_, err := c.sess.run(ctx, c.database, "SELECT 1", "Null")
	return err
}

func (c *Conn) ServerVersion() (*driver.ServerVersion, error) {
	return nil, errors.New("chdb: no server")
}

func (c *Conn) Close() error { return nil }
