package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// csvChunkBytes is how much CSV text one chunk holds: big enough that the hand-off costs
// nothing, small enough that every worker gets work early.
const csvChunkBytes = 1 << 20

// csvSource reads comma-separated records (RFC 4180 quoting, LF or CRLF) in UTF-8 or
// GB18030 and hands out chunks of whole records as text; workers split the fields, so
// parsing runs in parallel.
type csvSource struct {
	r    io.Reader
	buf  []byte // read but not yet handed out
	eof  bool
	hdr  []string
	next uint32 // row number of the next record
}

// newCSVSource decodes r as UTF-8 (a BOM is dropped) when utf8 is true, else as GB18030,
// and reads the header record.
func newCSVSource(r io.Reader, utf8 bool) (*csvSource, error) {
	if !utf8 {
		r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	}
	s := &csvSource{r: r, next: 1}
	if err := s.fill(); err != nil {
		return nil, err
	}
	s.buf = bytes.TrimPrefix(s.buf, []byte("\xef\xbb\xbf"))
	for {
		n, records := cut(s.buf, s.eof)
		if records > 0 {
			line := string(bytes.TrimRight(firstRecord(s.buf[:n]), "\r\n"))
			fields, err := splitFields(line, nil)
			if err != nil {
				return nil, fmt.Errorf("header: %w", err)
			}
			s.hdr = fields
			s.buf = s.buf[len(firstRecord(s.buf[:n])):]
			return s, nil
		}
		if s.eof {
			return nil, errors.New("empty file: no header row")
		}
		if err := s.fill(); err != nil {
			return nil, err
		}
	}
}

// fill reads up to csvChunkBytes more into buf.
func (s *csvSource) fill() error {
	if s.eof {
		return nil
	}
	old := len(s.buf)
	grow := make([]byte, old+csvChunkBytes)
	copy(grow, s.buf)
	n, err := io.ReadFull(s.r, grow[old:])
	s.buf = grow[:old+n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		s.eof = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	return nil
}

func (s *csvSource) header() []string { return s.hdr }

func (s *csvSource) chunk() (chunk, error) {
	for {
		n, records := cut(s.buf, s.eof)
		if records > 0 && (n >= csvChunkBytes/2 || s.eof) {
			c := chunk{first: s.next, text: string(s.buf[:n]), csv: true}
			s.next += uint32(records)
			s.buf = s.buf[n:]
			return c, nil
		}
		if s.eof {
			return chunk{}, io.EOF
		}
		if err := s.fill(); err != nil {
			return chunk{}, err
		}
	}
}

func (s *csvSource) close() error { return nil }

// cut returns the length of the longest prefix of b made of whole records (each ending
// with a newline outside quotes, or at end of input when eof) and how many it holds.
func cut(b []byte, eof bool) (n, records int) {
	if bytes.IndexByte(b, '"') < 0 {
		n = bytes.LastIndexByte(b, '\n') + 1
		records = bytes.Count(b[:n], []byte{'\n'})
	} else {
		for end := recordEnd(b, 0); end > 0; end = recordEnd(b, n) {
			n, records = end, records+1
		}
	}
	if eof && n < len(b) && len(bytes.TrimSpace(b[n:])) > 0 {
		n, records = len(b), records+1
	} else if eof {
		n = len(b)
	}
	return n, records
}

// firstRecord returns the first record of b with its newline.
func firstRecord(b []byte) []byte {
	rec, _ := nextRecord(string(b))
	return b[:len(rec)]
}

// nextRecord splits text after its first record (newline included) outside quotes.
func nextRecord(text string) (rec, rest string) {
	nl := strings.IndexByte(text, '\n')
	if nl < 0 {
		nl = len(text) - 1
	}
	if strings.IndexByte(text[:nl+1], '"') < 0 {
		return text[:nl+1], text[nl+1:]
	}
	if end := recordEnd(text, 0); end > 0 {
		return text[:end], text[end:]
	}
	return text, ""
}

// recordEnd returns the index just past the newline that ends the CSV record starting at
// start (a newline inside quotes does not end it), or -1 when b holds no whole record.
func recordEnd[T string | []byte](b T, start int) int {
	inQuote, fieldStart := false, true
	for i := start; i < len(b); i++ {
		c := b[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(b) && b[i+1] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch c {
		case '"':
			inQuote = fieldStart
			fieldStart = false
		case ',':
			fieldStart = true
		case '\n':
			return i + 1
		default:
			fieldStart = false
		}
	}
	return -1
}

var errQuote = errors.New("malformed CSV quoting")

// splitFields splits one record (without its newline) into dst. Unquoted fields are
// substrings of line; only a quoted field with doubled quotes allocates.
func splitFields(line string, dst []string) ([]string, error) {
	dst = dst[:0]
	if strings.IndexByte(line, '"') < 0 {
		for {
			i := strings.IndexByte(line, ',')
			if i < 0 {
				return append(dst, line), nil
			}
			dst = append(dst, line[:i])
			line = line[i+1:]
		}
	}
	for {
		if len(line) == 0 || line[0] != '"' {
			i := strings.IndexByte(line, ',')
			if i < 0 {
				return append(dst, line), nil
			}
			dst = append(dst, line[:i])
			line = line[i+1:]
			continue
		}
		j, escaped := 1, false
		for {
			k := strings.IndexByte(line[j:], '"')
			if k < 0 {
				return dst, errQuote
			}
			j += k
			if j+1 < len(line) && line[j+1] == '"' {
				j, escaped = j+2, true
				continue
			}
			break
		}
		field := line[1:j]
		if escaped {
			field = strings.ReplaceAll(field, `""`, `"`)
		}
		dst = append(dst, field)
		rest := line[j+1:]
		if rest == "" {
			return dst, nil
		}
		if rest[0] != ',' {
			return dst, errQuote
		}
		line = rest[1:]
	}
}
