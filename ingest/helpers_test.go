package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/campaign"
	"fullemp/idcard"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

func TestMain(m *testing.M) { whtest.Main(m) }

// The test city: one district, one street, two communities.
const (
	district   = "330102"
	street     = "330102001"
	community1 = "330102001001"
	community2 = "330102001002"
)

// person IDs: a man born 1958-03-12 (50 at the end of 2008-12), a woman born 1990-06-30.
var (
	man   = idcard.Make("330102", time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC), 101)
	woman = idcard.Make("330106", time.Date(1990, 6, 30, 0, 0, 0, 0, time.UTC), 202)
)

// fixture is a small valid file of each kind, with English headers in SPEC order.
func fixture(k campaign.Kind) [][]string {
	rows := map[campaign.Kind][][]string{
		campaign.Regions: {
			{district, "上城区", "主城区", street, "清波街道", community1, "清波社区", "老社区", "2007"},
			{district, "上城区", "main_urban", street, "清波街道", community2, "柳翠井巷社区", "converted", "2009"},
		},
		campaign.Ledger: {
			{"2008-12", man, "张三", community1, "H001", "employed", "Y", "Y", "N", "N", "N", "N", "", "N"},
			{"200812", woman, "李四", community2, "H002", "失业", "是", "是", "否", "0", "1", "0", "2008/06/01", "1"},
		},
		campaign.Contributions: {
			{"2008-12", man, "91330100MA27XYZ12B", "杭州某某有限公司"},
			{"2008-12", woman, "12345678", "本地单位"},
		},
		campaign.Placements: {
			{woman, community2, "公益性岗位安置", "2008-12-01 09:00", "2008/12/03 10:30:00"},
			{man, community1, "job_fair", "", "2008-12-05"},
		},
		campaign.StreetScores: {{"2008", street, "92.5"}},
		campaign.SpotChecks:   {{"2008", community1, "通过", "ok"}, {"2008", community2, "fail", ""}},
	}
	return rows[k]
}

// withHeader returns the header (English, or Chinese when zh) followed by rows.
func withHeader(k campaign.Kind, zh bool, rows [][]string) [][]string {
	h := k.Headers()
	if zh {
		h = k.ChineseHeaders()
	}
	return append([][]string{h}, rows...)
}

// encoding of a CSV fixture.
type encoding int

const (
	utf8Plain encoding = iota
	utf8BOM
	gbk
)

func csvBytes(t testing.TB, records [][]string, enc encoding) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(records); err != nil {
		t.Fatal(err)
	}
	switch enc {
	case utf8BOM:
		return append([]byte("\xef\xbb\xbf"), b.Bytes()...)
	case gbk:
		out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return b.Bytes()
}

func xlsxBytes(t testing.TB, records [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, rec := range records {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(rec))
		for j, v := range rec {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// parquetBytes writes every column as a string, except year columns as int32 and
// placed_at as a timestamp, as a generator with typed columns would.
func parquetBytes(t testing.TB, records [][]string) []byte {
	t.Helper()
	hdr := records[0]
	var fields []arrow.Field
	for _, h := range hdr {
		typ := arrow.DataType(arrow.BinaryTypes.String)
		switch h {
		case "year", "assessed_from":
			typ = arrow.PrimitiveTypes.Int32
		case "placed_at":
			typ = &arrow.TimestampType{Unit: arrow.Second, TimeZone: "Asia/Shanghai"}
		}
		fields = append(fields, arrow.Field{Name: h, Type: typ, Nullable: true})
	}
	schema := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for _, rec := range records[1:] {
		for j, v := range rec {
			switch fb := b.Field(j).(type) {
			case *array.StringBuilder:
				if v == "" {
					fb.AppendNull()
				} else {
					fb.Append(v)
				}
			case *array.Int32Builder:
				n := 0
				for _, c := range v {
					n = n*10 + int(c-'0')
				}
				fb.Append(int32(n))
			case *array.TimestampBuilder:
				at, ok := parseDateTime(v)
				if !ok {
					t.Fatalf("fixture datetime %q", v)
				}
				fb.Append(arrow.Timestamp(at.Unix()))
			}
		}
	}
	return parquetOf(t, schema, b)
}

// parquetOf writes the record built by b as a Parquet file of schema.
func parquetOf(t testing.TB, schema *arrow.Schema, b *array.RecordBuilder) []byte {
	t.Helper()
	rec := b.NewRecord()
	defer rec.Release()
	var out bytes.Buffer
	w, err := pqarrow.NewFileWriter(schema, &out, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func newIngester(s *warehouse.Store, opts Options) *Ingester {
	return New(s, whtest.Log(), opts)
}

// mustFiles ingests paths and fails the test on any error.
func mustFiles(t testing.TB, in *Ingester, paths ...string) []Summary {
	t.Helper()
	sums, err := in.Files(context.Background(), paths)
	if err != nil {
		var b strings.Builder
		PrintSummaries(&b, sums)
		t.Fatalf("ingest: %v\n%s", err, b.String())
	}
	return sums
}

// count returns count() FINAL of a table (optionally with a WHERE condition).
func count(t testing.TB, s *warehouse.Store, table, where string, args ...any) uint64 {
	t.Helper()
	q := "SELECT count() FROM " + table + " FINAL"
	if where != "" {
		q += " WHERE " + where
	}
	var n uint64
	if err := s.Conn.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// loadRegions ingests the fixture regions.
func loadRegions(t testing.TB, s *warehouse.Store, dir string) {
	t.Helper()
	p := writeFile(t, dir, "regions.csv", csvBytes(t, withHeader(campaign.Regions, false, fixture(campaign.Regions)), utf8Plain))
	mustFiles(t, newIngester(s, Options{}), p)
}
