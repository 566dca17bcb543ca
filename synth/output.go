package synth

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/campaign"
)

// table is one output file (or, for XLSX, a series of files) of one kind.
type table interface {
	write(c *chunk) error
	close() error
}

// output owns the files of a generation run and opens each on its first chunk.
type output struct {
	dir    string
	format Format
	tables map[string]table
	order  []string
	// Files lists the paths written, in the order they were opened.
	Files []string
	// Rows counts the rows written per kind.
	Rows map[campaign.Kind]int
	// fileRows counts them per file name ("ledger-2007", whatever the parts).
	fileRows map[string]int
}

func newOutput(dir string, f Format) (*output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	return &output{dir: dir, format: f, tables: map[string]table{}, Rows: map[campaign.Kind]int{}, fileRows: map[string]int{}}, nil
}

// headers returns the header row of a kind in the format's language.
func (o *output) headers(k campaign.Kind) []string {
	if o.format == GBK {
		return k.ChineseHeaders()
	}
	return k.Headers()
}

func (o *output) write(c *chunk) error {
	t := o.tables[c.file]
	if t == nil {
		var err error
		switch o.format {
		case CSV, GBK:
			t, err = o.openCSV(c)
		case XLSX:
			t, err = newXLSXTable(o, c.file, o.headers(c.kind))
		case Parquet:
			t, err = o.openParquet(c)
		default:
			err = fmt.Errorf("unknown format %q", o.format)
		}
		if err != nil {
			return err
		}
		o.tables[c.file] = t
		o.order = append(o.order, c.file)
	}
	o.Rows[c.kind] += c.n
	o.fileRows[c.file] += c.n
	return t.write(c)
}

// close closes every file, in the order they were opened.
func (o *output) close() error {
	var first error
	for _, name := range o.order {
		if err := o.tables[name].close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (o *output) path(base string) string {
	p := filepath.Join(o.dir, base+"."+o.format.ext())
	o.Files = append(o.Files, p)
	return p
}

// csvTable is a CSV file written through a buffer.
type csvTable struct {
	f *os.File
	w *bufio.Writer
}

func (o *output) openCSV(c *chunk) (table, error) {
	f, err := os.Create(o.path(c.file))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", c.file, err)
	}
	t := &csvTable{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	head := appendCSV(nil, o.headers(c.kind))
	if o.format == GBK {
		if head, err = simplifiedchinese.GB18030.NewEncoder().Bytes(head); err != nil {
			return nil, fmt.Errorf("encode header of %s: %w", c.file, err)
		}
	}
	if _, err := t.w.Write(head); err != nil {
		return nil, fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return t, nil
}

func (t *csvTable) write(c *chunk) error {
	if _, err := t.w.Write(c.buf); err != nil {
		return fmt.Errorf("write %s: %w", t.f.Name(), err)
	}
	return nil
}

func (t *csvTable) close() error {
	if err := t.w.Flush(); err != nil {
		t.f.Close()
		return fmt.Errorf("write %s: %w", t.f.Name(), err)
	}
	if err := t.f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", t.f.Name(), err)
	}
	return nil
}
