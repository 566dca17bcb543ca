package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Format is how an input file is written.
type Format string

// The formats SPEC §2 accepts.
const (
	CSV     Format = "csv"
	XLSX    Format = "xlsx"
	Parquet Format = "parquet"
)

// chunk is a run of consecutive data rows handed to one worker: CSV text of whole records
// (split by the worker), or rows already split into cells (XLSX, Parquet).
type chunk struct {
	first uint32 // data row number of the first record, 1-based, header not counted
	text  string
	rows  [][]string
	csv   bool
	xlsx  bool        // cells may hold Excel serial dates
	long  int64       // a CSV line longer than the limit: its length; text holds its start
	wide  map[int]int // spreadsheet rows (index in rows) wider than Limits.MaxColumns: their width
	// numbers holds, for the rows (index in rows) with number cells in identifier
	// columns, which columns of the kind they are (row.numbers).
	numbers map[int]uint64
}

// source reads one file: its header, then chunks until io.EOF.
type source interface {
	header() []string
	chunk() (chunk, error)
	close() error
}

// input is one file to ingest: a path on disk or an uploaded body.
type input struct {
	name string // shown to users and kept in the log and quarantine: the base name
	path string // "" for an upload
	data []byte // an upload's body
	size int64
	// scope, when set, keeps the file's writes inside an uploader's area (scope.go).
	scope *Scope
}

// open returns the file's content from the start.
func (in input) open() (readerAtSeeker, error) {
	if in.path == "" {
		return bytes.NewReader(in.data), nil
	}
	f, err := os.Open(in.path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

type readerAtSeeker interface {
	io.Reader
	io.ReaderAt
	io.Seeker
}

func closeInput(r readerAtSeeker) {
	if c, ok := r.(io.Closer); ok {
		c.Close()
	}
}

// dataExts are the extensions a folder walk picks up; other files are not data.
var dataExts = map[string]Format{".csv": CSV, ".txt": CSV, ".xlsx": XLSX, ".parquet": Parquet, ".pq": Parquet}

// format returns the file's format from its first bytes (a ZIP is XLSX, PAR1 is
// Parquet), else from its extension, else CSV.
func format(name string, head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX
	case bytes.HasPrefix(head, []byte("PAR1")):
		return Parquet
	}
	if f, ok := dataExts[strings.ToLower(filepath.Ext(name))]; ok {
		return f
	}
	return CSV
}

// fingerprint reads the whole content once: its file_id (the first 8 bytes of its
// SHA-256, big-endian), whether it is UTF-8 (judged from all its bytes, see utf8Tally),
// and its first bytes.
func fingerprint(r io.Reader) (id uint64, isUTF8 bool, head []byte, err error) {
	h := sha256.New()
	buf := make([]byte, 1<<20)
	var tally utf8Tally
	for {
		n, rerr := r.Read(buf)
		if n > 0 {
			h.Write(buf[:n])
			if head == nil {
				head = append([]byte(nil), buf[:min(n, 8)]...)
			}
			tally.add(buf[:n])
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return 0, false, nil, rerr
		}
	}
	sum := h.Sum(nil)
	return binary.BigEndian.Uint64(sum[:8]), tally.isUTF8(), head, nil
}

// expand turns the paths given into files: a folder is walked recursively for data files
// (by extension; hidden files and the watch folder's done/ and failed/ are left out); a
// file named directly is always taken.
func expand(paths []string) ([]input, error) {
	var out []input
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		if !st.IsDir() {
			out = append(out, input{name: filepath.Base(p), path: p, size: st.Size()})
			continue
		}
		var found []input
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			base := d.Name()
			if d.IsDir() {
				if path != p && (strings.HasPrefix(base, ".") || base == "done" || base == "failed") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "~$") {
				return nil
			}
			if _, ok := dataExts[strings.ToLower(filepath.Ext(base))]; !ok {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			found = append(found, input{name: base, path: path, size: info.Size()})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("input folder %s: %w", p, err)
		}
		sort.Slice(found, func(i, j int) bool { return found[i].path < found[j].path })
		out = append(out, found...)
	}
	return out, nil
}

// completeRunes returns the length of b without a UTF-8 sequence cut off at its end.
func completeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
}
