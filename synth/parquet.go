package synth

import (
	"errors"
	"fmt"
	"os"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
)

// parquetBatch is how many rows make one row group.
const parquetBatch = 1 << 17

// parquetTable writes a kind's rows as Parquet, every column a string, one row group per
// parquetBatch rows.
type parquetTable struct {
	f    *os.File
	w    *pqarrow.FileWriter
	b    *array.RecordBuilder
	rows int
}

func (o *output) openParquet(c *chunk) (table, error) {
	heads := o.headers(c.kind)
	fields := make([]arrow.Field, len(heads))
	for i, h := range heads {
		fields[i] = arrow.Field{Name: h, Type: arrow.BinaryTypes.String}
	}
	schema := arrow.NewSchema(fields, nil)
	f, err := os.Create(o.path(c.file))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", c.file, err)
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithMaxRowGroupLength(parquetBatch))
	w, err := pqarrow.NewFileWriter(schema, f, props, pqarrow.DefaultWriterProps())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("parquet %s: %w", f.Name(), err)
	}
	return &parquetTable{f: f, w: w, b: array.NewRecordBuilder(memory.DefaultAllocator, schema)}, nil
}

func (t *parquetTable) write(c *chunk) error {
	for _, r := range c.rows {
		for i, v := range r {
			t.b.Field(i).(*array.StringBuilder).Append(v)
		}
		t.rows++
		if t.rows >= parquetBatch {
			if err := t.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *parquetTable) flush() error {
	if t.rows == 0 {
		return nil
	}
	rec := t.b.NewRecord()
	defer rec.Release()
	t.rows = 0
	if err := t.w.Write(rec); err != nil {
		return fmt.Errorf("parquet %s: %w", t.f.Name(), err)
	}
	return nil
}

func (t *parquetTable) close() error {
	if err := t.flush(); err != nil {
		return err
	}
	t.b.Release()
	if err := t.w.Close(); err != nil {
		return fmt.Errorf("close %s: %w", t.f.Name(), err)
	}
	if err := t.f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("close %s: %w", t.f.Name(), err)
	}
	return nil
}
