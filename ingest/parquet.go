package ingest

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"fullemp/campaign"
)

// parquetSource reads a Parquet file record batch by record batch and renders each cell
// as text, so every format goes through the same validation: dates as YYYY-MM-DD,
// timestamps as YYYY-MM-DD HH:MM:SS in Asia/Shanghai, nulls as empty cells.
type parquetSource struct {
	pf   *file.Reader
	rr   pqarrow.RecordReader
	hdr  []string
	next uint32
}

func newParquetSource(ctx context.Context, r parquet.ReaderAtSeeker) (*parquetSource, error) {
	pf, err := file.NewParquetReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable Parquet file: %w", err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 16384}, memory.DefaultAllocator)
	if err != nil {
		pf.Close()
		return nil, fmt.Errorf("parquet schema: %w", err)
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		pf.Close()
		return nil, fmt.Errorf("parquet reader: %w", err)
	}
	s := &parquetSource{pf: pf, rr: rr, next: 1}
	for _, f := range rr.Schema().Fields() {
		s.hdr = append(s.hdr, f.Name)
	}
	return s, nil
}

func (s *parquetSource) header() []string { return s.hdr }

// checkTypes refuses a file whose column for one of the kind's fields is not a plain
// value (text, number, boolean, date or time): a list or a struct where a name belongs
// would otherwise be stored as its printed form, ["甲","乙"].
func (s *parquetSource) checkTypes(l layout) error {
	fields := s.rr.Schema().Fields()
	for k, j := range l.index {
		if j < 0 || j >= len(fields) {
			continue
		}
		switch t := fields[j].Type.(type) {
		case arrow.NestedType:
			c := campaign.Columns[l.kind][k]
			return fmt.Errorf("column %s (%s) is a Parquet %s: fullemp reads only plain values there (text, numbers, dates), one per row", fields[j].Name, c.Alias, t)
		}
	}
	return nil
}

func (s *parquetSource) chunk() (chunk, error) {
	if !s.rr.Next() {
		if err := s.rr.Err(); err != nil && err != io.EOF {
			return chunk{}, fmt.Errorf("parquet rows from %d: %w", s.next, err)
		}
		return chunk{}, io.EOF
	}
	rec := s.rr.Record()
	n := int(rec.NumRows())
	c := chunk{first: s.next, rows: make([][]string, n)}
	cells := make([]string, n*int(rec.NumCols()))
	for i := range c.rows {
		c.rows[i] = cells[i*int(rec.NumCols()) : (i+1)*int(rec.NumCols())]
	}
	for j, col := range rec.Columns() {
		for i := 0; i < n; i++ {
			if col.IsNull(i) {
				continue
			}
			c.rows[i][j] = cellText(col, i)
		}
	}
	s.next += uint32(n)
	return c, nil
}

// cellText renders one non-null value as the text a CSV would hold.
func cellText(col arrow.Array, i int) string {
	switch a := col.(type) {
	case *array.String:
		return strings.Clone(a.Value(i))
	case *array.LargeString:
		return strings.Clone(a.Value(i))
	case *array.Binary:
		return string(a.Value(i))
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Uint8:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint16:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint32:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint64:
		return strconv.FormatUint(a.Value(i), 10)
	case *array.Float32:
		return strconv.FormatFloat(float64(a.Value(i)), 'f', -1, 32)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'f', -1, 64)
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format("2006-01-02")
	case *array.Date64:
		return a.Value(i).ToTime().Format("2006-01-02")
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).In(shanghai).Format("2006-01-02 15:04:05")
	case *array.Dictionary:
		return cellText(a.Dictionary(), a.GetValueIndex(i))
	}
	return col.ValueStr(i)
}

func (s *parquetSource) close() error {
	s.rr.Release()
	return s.pf.Close()
}
