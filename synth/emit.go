package synth

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/campaign"
)

// Format is a file format the generator writes.
type Format string

// The formats: CSV in UTF-8 with English headers; CSV in GB18030 with Chinese headers,
// Chinese enumerations and 是/否 (as exported from Excel in China); XLSX; Parquet.
const (
	CSV     Format = "csv"
	GBK     Format = "gbk"
	XLSX    Format = "xlsx"
	Parquet Format = "parquet"
)

// Formats lists the formats the generator writes.
var Formats = []Format{CSV, GBK, XLSX, Parquet}

// ext is the file name extension of the format.
func (f Format) ext() string {
	switch f {
	case GBK:
		return "csv"
	default:
		return string(f)
	}
}

// encoded reports whether rows travel as encoded bytes (CSV) rather than as fields.
func (f Format) encoded() bool { return f == CSV || f == GBK }

// words are the spellings of booleans and enumerations in a format.
type words struct {
	yes, no string
	status  [4]string
	chinese bool
}

func wordsFor(f Format) *words {
	w := &words{yes: "Y", no: "N", status: [4]string{"out_of_labor_force", "employed", "flexible", "unemployed"}}
	if f == GBK {
		w.yes, w.no, w.chinese = "是", "否", true
		for i, s := range w.status {
			w.status[i] = campaign.Statuses.Chinese(s)
		}
	}
	return w
}

func (w *words) bool(b bool) string {
	if b {
		return w.yes
	}
	return w.no
}

// enum spells an English enumeration value in the format's language.
func (w *words) enum(e campaign.Enum, english string) string {
	if w.chinese {
		return e.Chinese(english)
	}
	return english
}

// chunk is the rows of one output file that one community (or one table) produced.
type chunk struct {
	file string // base name, e.g. "ledger-2007"
	kind campaign.Kind
	buf  []byte     // CSV: encoded rows
	rows [][]string // XLSX, Parquet: fields
	n    int
}

// emitter collects a community's rows per file, encoding them as it goes.
type emitter struct {
	format Format
	chunks []*chunk
	byName map[string]*chunk
}

func newEmitter(f Format) *emitter { return &emitter{format: f, byName: map[string]*chunk{}} }

// row adds one row to the named file.
func (e *emitter) row(kind campaign.Kind, file string, fields ...string) {
	c := e.byName[file]
	if c == nil {
		c = &chunk{file: file, kind: kind}
		e.byName[file] = c
		e.chunks = append(e.chunks, c)
	}
	c.n++
	if e.format.encoded() {
		c.buf = appendCSV(c.buf, fields)
		return
	}
	c.rows = append(c.rows, append([]string(nil), fields...))
}

// finish converts encoded chunks to GB18030 when the format asks for it.
func (e *emitter) finish() error {
	if e.format != GBK {
		return nil
	}
	enc := simplifiedchinese.GB18030.NewEncoder()
	for _, c := range e.chunks {
		b, err := enc.Bytes(c.buf)
		if err != nil {
			return fmt.Errorf("encode %s as GB18030: %w", c.file, err)
		}
		c.buf = b
	}
	return nil
}

// appendCSV appends one CSV record, quoting only the fields that need it.
func appendCSV(b []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		if strings.ContainsAny(f, ",\"\r\n") {
			b = append(b, '"')
			b = append(b, strings.ReplaceAll(f, `"`, `""`)...)
			b = append(b, '"')
			continue
		}
		b = append(b, f...)
	}
	return append(b, '\n')
}
