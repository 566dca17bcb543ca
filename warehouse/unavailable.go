package warehouse

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// ErrUnavailable marks the error of a ClickHouse call that got no answer: the server is
// down, restarting, paused or too slow for the call's deadline, as opposed to a statement
// it refused. The web server answers it with 503; retrying later may work.
var ErrUnavailable = errors.New("database unavailable")

// unavailableError is ErrUnavailable with the driver's error (both match errors.Is).
type unavailableError struct{ err error }

func (e unavailableError) Error() string   { return "database unavailable: " + e.err.Error() }
func (e unavailableError) Unwrap() []error { return []error{ErrUnavailable, e.err} }

// ClickHouse's codes for a statement stopped by a limit of time or load, not by its text.
const (
	codeTimeoutExceeded = 159 // TIMEOUT_EXCEEDED: max_execution_time
	codeTooManyQueries  = 202 // TOO_MANY_SIMULTANEOUS_QUERIES
	codeSocketTimeout   = 209 // SOCKET_TIMEOUT
	codeNetworkError    = 210 // NETWORK_ERROR
)

// unavailable marks err with ErrUnavailable when it says that the server did not answer.
func unavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !noAnswer(err) {
		return err
	}
	return unavailableError{err}
}

// noAnswer reports whether err is a connection or deadline failure rather than an
// exception about the statement. A cancelled context (the caller went away) is neither.
func noAnswer(err error) bool {
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		switch ex.Code {
		case codeTimeoutExceeded, codeTooManyQueries, codeSocketTimeout, codeNetworkError:
			return true
		}
		return false
	}
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) ||
		errors.Is(err, clickhouse.ErrAcquireConnTimeout) || errors.Is(err, clickhouse.ErrConnectionClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// guard wraps a server connection so that every error it returns (of a statement, a row,
// a batch) that means "no answer" is ErrUnavailable. Only the driver's own errors pass
// here: an io.EOF of a file being read elsewhere is never taken for a dead server.
func guard(c driver.Conn) driver.Conn { return guardedConn{c} }

type guardedConn struct{ driver.Conn }

func (c guardedConn) Select(ctx context.Context, dest any, query string, args ...any) error {
	return unavailable(c.Conn.Select(ctx, dest, query, args...))
}

func (c guardedConn) Query(ctx context.Context, query string, args ...any) (driver.Rows, error) {
	rows, err := c.Conn.Query(ctx, query, args...)
	if err != nil {
		return nil, unavailable(err)
	}
	return guardedRows{rows}, nil
}

func (c guardedConn) QueryRow(ctx context.Context, query string, args ...any) driver.Row {
	return guardedRow{c.Conn.QueryRow(ctx, query, args...)}
}

func (c guardedConn) PrepareBatch(ctx context.Context, query string, opts ...driver.PrepareBatchOption) (driver.Batch, error) {
	b, err := c.Conn.PrepareBatch(ctx, query, opts...)
	if err != nil {
		return nil, unavailable(err)
	}
	return guardedBatch{b}, nil
}

func (c guardedConn) Exec(ctx context.Context, query string, args ...any) error {
	return unavailable(c.Conn.Exec(ctx, query, args...))
}

func (c guardedConn) AsyncInsert(ctx context.Context, query string, wait bool, args ...any) error {
	return unavailable(c.Conn.AsyncInsert(ctx, query, wait, args...))
}

func (c guardedConn) Ping(ctx context.Context) error { return unavailable(c.Conn.Ping(ctx)) }

func (c guardedConn) ServerVersion() (*driver.ServerVersion, error) {
	v, err := c.Conn.ServerVersion()
	return v, unavailable(err)
}

type guardedRows struct{ driver.Rows }

func (r guardedRows) Scan(dest ...any) error    { return unavailable(r.Rows.Scan(dest...)) }
func (r guardedRows) ScanStruct(dest any) error { return unavailable(r.Rows.ScanStruct(dest)) }
func (r guardedRows) Totals(dest ...any) error  { return unavailable(r.Rows.Totals(dest...)) }
func (r guardedRows) Close() error              { return unavailable(r.Rows.Close()) }
func (r guardedRows) Err() error                { return unavailable(r.Rows.Err()) }

type guardedRow struct{ driver.Row }

func (r guardedRow) Err() error                { return unavailable(r.Row.Err()) }
func (r guardedRow) Scan(dest ...any) error    { return unavailable(r.Row.Scan(dest...)) }
func (r guardedRow) ScanStruct(dest any) error { return unavailable(r.Row.ScanStruct(dest)) }

type guardedBatch struct{ driver.Batch }

func (b guardedBatch) Flush() error { return unavailable(b.Batch.Flush()) }
func (b guardedBatch) Send() error  { return unavailable(b.Batch.Send()) }
