package ingest

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxChunkRows is how many spreadsheet rows one chunk holds.
const xlsxChunkRows = 4096

// xlsxSource reads the first sheet of a workbook, row by row, with cells as Excel shows
// them (a date cell needs a yyyy-mm-dd style format, or text).
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	hdr  []string
	next uint32
}

func newXLSXSource(r io.Reader) (*xlsxSource, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable XLSX workbook: %w", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errors.New("workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet %s: %w", sheets[0], err)
	}
	s := &xlsxSource{f: f, rows: rows, next: 1}
	if !rows.Next() {
		s.close()
		if err := rows.Error(); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", sheets[0], err)
		}
		return nil, fmt.Errorf("sheet %s is empty: no header row", sheets[0])
	}
	if s.hdr, err = rows.Columns(); err != nil {
		s.close()
		return nil, fmt.Errorf("sheet %s header: %w", sheets[0], err)
	}
	return s, nil
}

func (s *xlsxSource) header() []string { return s.hdr }

func (s *xlsxSource) chunk() (chunk, error) {
	c := chunk{first: s.next}
	for len(c.rows) < xlsxChunkRows && s.rows.Next() {
		cells, err := s.rows.Columns()
		if err != nil {
			return chunk{}, fmt.Errorf("row %d: %w", s.next, err)
		}
		c.rows = append(c.rows, cells)
		s.next++
	}
	if err := s.rows.Error(); err != nil {
		return chunk{}, err
	}
	if len(c.rows) == 0 {
		return chunk{}, io.EOF
	}
	return c, nil
}

func (s *xlsxSource) close() error {
	s.rows.Close()
	return s.f.Close()
}
