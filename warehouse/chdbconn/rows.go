package chdbconn

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"

	chproto "github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/ClickHouse/clickhouse-go/v2/lib/proto"
)

// rows holds a whole result, decoded from the Native format into clickhouse-go's own
// columns, and scans them as clickhouse-go's rows do.
type rows struct {
	blocks []*proto.Block
	names  []string
	types  []string
	block  int // current block
	row    int // rows of the current block already returned
	err    error
}

func decodeRows(out []byte, tz *time.Location) (*rows, error) {
	r := &rows{}
	rd := chproto.NewReader(bytes.NewReader(out))
	for {
		b := proto.NewBlock()
		b.ServerContext.Timezone = tz
		if err := b.Decode(rd, 0); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("chdb: decode result: %w", err)
		}
		if r.names == nil {
			r.names = b.ColumnsNames()
			for _, c := range b.Columns {
				r.types = append(r.types, string(c.Type()))
			}
		}
		if b.Rows() > 0 {
			r.blocks = append(r.blocks, b)
		}
	}
	return r, nil
}

// zoneless reports a column typed DateTime without a zone, which the engine's Native
// output writes for a DateTime('zone') column.
func (r *rows) zoneless() bool {
	for _, t := range r.types {
		if t == "DateTime" {
			return true
		}
	}
	return false
}

// retype rebuilds the zoneless columns with the types DESCRIBE gave (the instants stay).
func (r *rows) retype(types []string, tz *time.Location) error {
	if len(types) != len(r.types) {
		return fmt.Errorf("chdb: DESCRIBE gave %d columns for a result of %d", len(types), len(r.types))
	}
	for i, t := range r.types {
		if t != "DateTime" || types[i] == t {
			continue
		}
		r.types[i] = types[i]
		for _, b := range r.blocks {
			col, err := column.Type(types[i]).Column(r.names[i], &column.ServerContext{Timezone: tz})
			if err != nil {
				return fmt.Errorf("chdb: column %s: %w", r.names[i], err)
			}
			for j := 0; j < b.Rows(); j++ {
				if err := col.AppendRow(b.Columns[i].Row(j, false)); err != nil {
					return fmt.Errorf("chdb: column %s: %w", r.names[i], err)
				}
			}
			b.Columns[i] = col
		}
	}
	return nil
}

func (r *rows) Next() bool {
	for r.block < len(r.blocks) {
		if r.row < r.blocks[r.block].Rows() {
			r.row++
			return true
		}
		r.block++
		r.row = 0
	}
	return false
}

func (r *rows) Scan(dest ...any) error {
	if r.block >= len(r.blocks) || r.row == 0 {
		return io.EOF
	}
	b := r.blocks[r.block]
	if len(b.Columns) != len(dest) {
		return fmt.Errorf("chdb: expected %d destination arguments in Scan, not %d", len(b.Columns), len(dest))
	}
	for i, d := range dest {
		if err := b.Columns[i].ScanRow(d, r.row-1); err != nil {
			return fmt.Errorf("chdb: scan column %s: %w", r.names[i], err)
		}
	}
	return nil
}

func (r *rows) ScanStruct(dest any) error { return errors.New("chdb: ScanStruct is not supported") }
func (r *rows) Totals(dest ...any) error  { return errors.New("chdb: Totals is not supported") }
func (r *rows) Columns() []string         { return r.names }
func (r *rows) Close() error              { return nil }
func (r *rows) Err() error                { return r.err }
func (r *rows) HasData() bool             { return len(r.blocks) > 0 }

func (r *rows) ColumnTypes() []driver.ColumnType {
	out := make([]driver.ColumnType, len(r.names))
	for i := range r.names {
		var st reflect.Type
		if len(r.blocks) > 0 {
			st = r.blocks[0].Columns[i].ScanType()
		} else if c, err := column.Type(r.types[i]).Column(r.names[i], &column.ServerContext{}); err == nil {
			st = c.ScanType()
		}
		out[i] = columnType{name: r.names[i], typ: r.types[i], scan: st}
	}
	return out
}

type columnType struct {
	name, typ string
	scan      reflect.Type
}

func (c columnType) Name() string             { return c.name }
func (c columnType) Nullable() bool           { return len(c.typ) > 9 && c.typ[:9] == "Nullable(" }
func (c columnType) ScanType() reflect.Type   { return c.scan }
func (c columnType) DatabaseTypeName() string { return c.typ }

// row is QueryRow's answer: the first row of the result, or sql.ErrNoRows.
type row struct {
	rows *rows
	err  error
}

func (r *row) Err() error { return r.err }

func (r *row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	if !r.rows.Next() {
		return sql.ErrNoRows
	}
	return r.rows.Scan(dest...)
}

func (r *row) ScanStruct(dest any) error { return errors.New("chdb: ScanStruct is not supported") }
