package chdbconn

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/ClickHouse/clickhouse-go/v2/lib/proto"
)

var insertRe = regexp.MustCompile(`(?is)^\s*INSERT\s+INTO\s+([A-Za-z0-9_.]+)\s*(?:\(([^)]*)\))?\s*(?:VALUES\s*)?$`)

// PrepareBatch builds the batch in clickhouse-go's own columns, typed from the table's
// columns as a server would announce them, so Append converts and refuses values exactly
// as over the wire. Send renders the rows as INSERT … VALUES.
func (c *Conn) PrepareBatch(ctx context.Context, query string, _ ...driver.PrepareBatchOption) (driver.Batch, error) {
	m := insertRe.FindStringSubmatch(query)
	if m == nil {
		return nil, fmt.Errorf("chdb: PrepareBatch wants INSERT INTO table (columns): %s", oneLine(query, 200))
	}
	table := m[1]
	db := c.database
	if i := strings.IndexByte(table, '.'); i >= 0 {
		db, table = table[:i], table[i+1:]
	}
	types := map[string]string{}
	var order []string
	rs, err := c.Query(ctx, "SELECT name, type FROM system.columns WHERE database = ? AND table = ? AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position", db, table)
	if err != nil {
		return nil, err
	}
	for rs.Next() {
		var n, t string
		if err := rs.Scan(&n, &t); err != nil {
			return nil, err
		}
		types[n] = t
		order = append(order, n)
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("chdb: table %s.%s does not exist", db, table)
	}
	names := order
	if strings.TrimSpace(m[2]) != "" {
		names = nil
		for _, n := range strings.Split(m[2], ",") {
			n = strings.Trim(strings.TrimSpace(n), "`\"")
			if _, ok := types[n]; !ok {
				return nil, fmt.Errorf("chdb: no column %s in table %s.%s", n, db, table)
			}
			names = append(names, n)
		}
	}
	b := &batch{conn: c, ctx: ctx, table: db + "." + table, names: names, block: proto.NewBlock()}
	b.block.ServerContext.Timezone = c.sess.tz
	for _, n := range names {
		if err := b.block.AddColumn(n, column.Type(types[n])); err != nil {
			return nil, fmt.Errorf("chdb: column %s: %w", n, err)
		}
	}
	return b, nil
}

type batch struct {
	conn  *Conn
	ctx   context.Context
	table string
	names []string
	block *proto.Block
	sent  bool
}

func (b *batch) Append(v ...any) error {
	if b.sent {
		return errors.New("chdb: batch already sent")
	}
	return b.block.Append(v...)
}

func (b *batch) AppendStruct(any) error { return errors.New("chdb: AppendStruct is not supported") }

func (b *batch) Column(i int) driver.BatchColumn {
	return batchColumn{b.block.Columns[i]}
}

func (b *batch) Abort() error {
	b.sent = true
	return nil
}

// Flush sends the rows so far, as the native driver does, and keeps the batch open.
func (b *batch) Flush() error {
	if b.block.Rows() == 0 {
		return nil
	}
	if err := b.insert(); err != nil {
		return err
	}
	b.block.Reset()
	return nil
}

func (b *batch) Send() error {
	if b.sent {
		return errors.New("chdb: batch already sent")
	}
	b.sent = true
	if b.block.Rows() == 0 {
		return nil
	}
	return b.insert()
}

func (b *batch) IsSent() bool                { return b.sent }
func (b *batch) Rows() int                   { return b.block.Rows() }
func (b *batch) Columns() []column.Interface { return b.block.Columns }
func (b *batch) Close() error {
	b.sent = true
	return nil
}

// insert sends the block as INSERT … VALUES in pieces of at most 10,000 rows.
func (b *batch) insert() error {
	const piece = 10000
	rows := b.block.Rows()
	for start := 0; start < rows; start += piece {
		end := min(start+piece, rows)
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.names, ", ") + ") VALUES ")
		for r := start; r < end; r++ {
			if r > start {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for i, col := range b.block.Columns {
				if i > 0 {
					sb.WriteByte(',')
				}
				if err := literal(&sb, string(col.Type()), reflect.ValueOf(col.Row(r, true))); err != nil {
					return fmt.Errorf("chdb: column %s row %d: %w", b.names[i], r+1, err)
				}
			}
			sb.WriteByte(')')
		}
		if _, err := b.conn.sess.run(b.ctx, b.conn.database, sb.String(), "Null"); err != nil {
			return err
		}
	}
	return nil
}

type batchColumn struct{ col column.Interface }

func (c batchColumn) Append(v any) error {
	_, err := c.col.Append(v)
	return err
}

func (c batchColumn) AppendRow(v any) error { return c.col.AppendRow(v) }

// literal writes v, a value of ClickHouse type typ as clickhouse-go's column gives it back,
// as a ClickHouse literal.
func literal(sb *strings.Builder, typ string, v reflect.Value) error {
	if !v.IsValid() {
		sb.WriteString("NULL")
		return nil
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			sb.WriteString("NULL")
			return nil
		}
		v = v.Elem()
	}
	inner := func(prefix string) (string, bool) {
		if strings.HasPrefix(typ, prefix) && strings.HasSuffix(typ, ")") {
			return typ[len(prefix) : len(typ)-1], true
		}
		return "", false
	}
	if t, ok := inner("Nullable("); ok {
		return literal(sb, t, v)
	}
	if t, ok := inner("LowCardinality("); ok {
		return literal(sb, t, v)
	}
	if t, ok := inner("Array("); ok {
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return fmt.Errorf("array column holds %s", v.Type())
		}
		sb.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			if err := literal(sb, t, v.Index(i)); err != nil {
				return err
			}
		}
		sb.WriteByte(']')
		return nil
	}
	if tm, ok := v.Interface().(time.Time); ok {
		switch {
		case typ == "Date" || typ == "Date32":
			sb.WriteString("'" + tm.Format("2006-01-02") + "'")
		case strings.HasPrefix(typ, "DateTime"):
			// Seconds since the epoch: the instant, whatever the time zones.
			sb.WriteString(strconv.FormatInt(tm.Unix(), 10))
		default:
			return fmt.Errorf("time value in a %s column", typ)
		}
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		quote(sb, v.String())
	case reflect.Bool:
		sb.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		sb.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		sb.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		sb.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		if s, ok := v.Interface().(fmt.Stringer); ok { // UUID and the like
			quote(sb, s.String())
			return nil
		}
		return fmt.Errorf("cannot write %s as a %s literal", v.Type(), typ)
	}
	return nil
}

// quote writes s as a ClickHouse string literal: every byte but ' and \ as it is.
func quote(sb *strings.Builder, s string) {
	sb.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'', '\\':
			sb.WriteByte('\\')
			sb.WriteByte(s[i])
		case 0:
			sb.WriteString(`\0`)
		default:
			sb.WriteByte(s[i])
		}
	}
	sb.WriteByte('\'')
}
