package ingest

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// tracedConn times every statement of a connection, for FULLEMP_BENCH_TRACE: the
// benchmark prints them, in order, after each upload.
type tracedConn struct {
	driver.Conn
	mu    sync.Mutex
	calls []tracedCall
}

type tracedCall struct {
	at, took time.Duration
	what     string
}

var traceStart = time.Now()

func (c *tracedConn) note(start time.Time, q string) {
	c.mu.Lock()
	c.calls = append(c.calls, tracedCall{start.Sub(traceStart), time.Since(start), queryHead(q)})
	c.mu.Unlock()
}

var commentLines = regexp.MustCompile(`(?m)^\s*--.*\n`)

func queryHead(q string) string {
	q = strings.Join(strings.Fields(commentLines.ReplaceAllString(q, "")), " ")
	if len(q) > 110 {
		q = q[:110]
	}
	return q
}

func (c *tracedConn) Exec(ctx context.Context, q string, args ...any) error {
	defer c.note(time.Now(), q)
	return c.Conn.Exec(ctx, q, args...)
}

func (c *tracedConn) Query(ctx context.Context, q string, args ...any) (driver.Rows, error) {
	start := time.Now()
	rows, err := c.Conn.Query(ctx, q, args...)
	if err != nil {
		c.note(start, q)
		return rows, err
	}
	return &tracedRows{Rows: rows, c: c, start: start, q: q}, nil
}

func (c *tracedConn) QueryRow(ctx context.Context, q string, args ...any) driver.Row {
	defer c.note(time.Now(), q)
	return c.Conn.QueryRow(ctx, q, args...)
}

func (c *tracedConn) PrepareBatch(ctx context.Context, q string, opts ...driver.PrepareBatchOption) (driver.Batch, error) {
	defer c.note(time.Now(), "prepare "+q)
	b, err := c.Conn.PrepareBatch(ctx, q, opts...)
	if err != nil {
		return b, err
	}
	return &tracedBatch{Batch: b, c: c, q: q}, nil
}

type tracedBatch struct {
	driver.Batch
	c *tracedConn
	q string
}

func (b *tracedBatch) Send() error {
	defer b.c.note(time.Now(), "send "+b.q)
	return b.Batch.Send()
}

type tracedRows struct {
	driver.Rows
	c     *tracedConn
	start time.Time
	q     string
	once  sync.Once
}

func (r *tracedRows) Close() error {
	err := r.Rows.Close()
	r.once.Do(func() { r.c.note(r.start, r.q) })
	return err
}

// print writes the calls since the last print, and forgets them.
func (c *tracedConn) print() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.calls) == 0 {
		return
	}
	first := c.calls[0].at
	var sum time.Duration
	for _, k := range c.calls {
		if strings.Contains(k.what, "data_version") && strings.HasPrefix(k.what, "SELECT maxIf") {
			continue
		}
		fmt.Fprintf(os.Stdout, "trace %7.1f %6.1f ms  %s\n", float64(k.at-first)/1e6, float64(k.took)/1e6, k.what)
		sum += k.took
	}
	fmt.Fprintf(os.Stdout, "trace: %d statements, %.1f ms in all\n", len(c.calls), float64(sum)/1e6)
	c.calls = nil
}
