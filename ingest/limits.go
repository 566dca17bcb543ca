package ingest

import "fmt"

// Limits bound what one input file can make fullemp store or hold; each is a key of the
// ingest section of fullemp.yaml. A value past a limit rejects its row, or stops its file,
// with a reason naming the key.
type Limits struct {
	// MaxLineBytes is the longest CSV line read whole (ingest.max_line_bytes); a longer
	// line is rejected alone, its first MaxLineBytes bytes kept in quarantine, and reading
	// resumes at the next line. Default 65536 (a ledger row is about 200 bytes).
	MaxLineBytes int `yaml:"max_line_bytes"`
	// MaxTextChars is the longest text cell, in characters (ingest.max_text_chars): names,
	// household IDs, employer names and codes, notes. Default 200.
	MaxTextChars int `yaml:"max_text_chars"`
	// MaxColumns is the widest row of a spreadsheet, in cells (ingest.max_columns): a row
	// with a cell past it (a stray value in column XFD) is rejected alone, and only its
	// first MaxColumns cells are held. Default 256 (a ledger has 14 columns).
	MaxColumns int `yaml:"max_columns"`
	// MaxRows is the most data rows one XLSX sheet may hold (ingest.max_rows); a sheet
	// with more stops its file, which then loads nothing. Default 1048576, Excel's own
	// limit, which a workbook saved by Excel never passes.
	MaxRows int `yaml:"max_rows"`
	// MaxUnzippedBytes bounds the uncompressed size of an XLSX workbook
	// (ingest.max_unzipped_bytes), so a small zip bomb cannot unpack into gigabytes; a
	// larger workbook is refused whole. Default 1 GiB.
	MaxUnzippedBytes int64 `yaml:"max_unzipped_bytes"`
	// MaxRejectedRows is the most rows one file may have rejected
	// (ingest.max_rejected_rows): past it the file stops, is logged failed with its first
	// rejections as the reason, and nothing of it is loaded (its rows and rejections are
	// dropped with its staging tables). Such a file is broken as a whole — the wrong kind
	// of file, a wrong year, a column shifted — and is fixed at its source, not row by row.
	// Default 10000.
	MaxRejectedRows int64 `yaml:"max_rejected_rows"`
}

// DefaultLimits returns the limits used when the configuration sets none.
func DefaultLimits() Limits {
	return Limits{MaxLineBytes: 64 << 10, MaxTextChars: 200, MaxColumns: 256, MaxRows: 1 << 20,
		MaxUnzippedBytes: 1 << 30, MaxRejectedRows: 10000}
}

// withDefaults fills the unset limits with the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = d.MaxLineBytes
	}
	if l.MaxTextChars <= 0 {
		l.MaxTextChars = d.MaxTextChars
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxUnzippedBytes <= 0 {
		l.MaxUnzippedBytes = d.MaxUnzippedBytes
	}
	if l.MaxRejectedRows <= 0 {
		l.MaxRejectedRows = d.MaxRejectedRows
	}
	return l
}

// Validate names the first limit that cannot work.
func (l Limits) Validate() error {
	switch {
	case l.MaxLineBytes < 1024:
		return fmt.Errorf("ingest.max_line_bytes %d: want at least 1024", l.MaxLineBytes)
	case l.MaxTextChars < 20:
		return fmt.Errorf("ingest.max_text_chars %d: want at least 20", l.MaxTextChars)
	case l.MaxColumns < 32:
		return fmt.Errorf("ingest.max_columns %d: want at least 32", l.MaxColumns)
	case l.MaxRows < 1:
		return fmt.Errorf("ingest.max_rows %d: want at least 1", l.MaxRows)
	case l.MaxUnzippedBytes < 1<<20:
		return fmt.Errorf("ingest.max_unzipped_bytes %d: want at least 1048576", l.MaxUnzippedBytes)
	case l.MaxRejectedRows < 1:
		return fmt.Errorf("ingest.max_rejected_rows %d: want at least 1", l.MaxRejectedRows)
	}
	return nil
}
