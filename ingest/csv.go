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
// parsing runs in parallel. Chunks are numbered by physical line, so that a rejected row's
// number is its line in the file (header not counted), and a line longer than maxLine is
// handed out alone as its first maxLine bytes (the rest is skipped unread into memory).
type csvSource struct {
	r       io.Reader
	buf     []byte // read but not yet handed out
	eof     bool
	hdr     []string
	next    uint32 // line number of the next record
	maxLine int
	// chunkBytes is how much text one read adds to buf (csvChunkBytes; fuzzing makes it
	// small, so that little input reaches chunk ends and long lines).
	chunkBytes int
}

// newCSVSource decodes r as UTF-8 (a BOM is dropped) when utf8 is true, else as GB18030,
// and reads the header record.
func newCSVSource(r io.Reader, utf8 bool, maxLine int) (*csvSource, error) {
	return newCSVSourceChunked(r, utf8, maxLine, csvChunkBytes)
}

// newCSVSourceChunked is newCSVSource reading chunkBytes at a time.
func newCSVSourceChunked(r io.Reader, utf8 bool, maxLine, chunkBytes int) (*csvSource, error) {
	if !utf8 {
		r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	}
	s := &csvSource{r: r, next: 1, maxLine: maxLine, chunkBytes: chunkBytes}
	if err := s.fill(); err != nil {
		return nil, err
	}
	s.buf = bytes.TrimPrefix(s.buf, []byte("\xef\xbb\xbf"))
	for {
		end, lines, ok := recordAt(s.buf, 0, s.eof, maxLine)
		if ok && len(bytes.TrimSpace(s.buf[:end])) > 0 {
			line := string(bytes.TrimRight(s.buf[:end], "\r\n"))
			if cr := strings.IndexByte(line, '\r'); cr >= 0 {
				return nil, errOldMac
			}
			fields, err := splitFields(line, nil)
			if err != nil {
				return nil, fmt.Errorf("header: %w", err)
			}
			s.hdr = fields
			s.buf = s.buf[end:]
			s.next += uint32(lines - 1)
			return s, nil
		}
		if ok || s.eof {
			return nil, errors.New("empty file: no header row")
		}
		if len(s.buf) > maxLine {
			if bytes.IndexByte(s.buf, '\r') >= 0 && bytes.IndexByte(s.buf, '\n') < 0 {
				return nil, errOldMac
			}
			return nil, fmt.Errorf("header: the first line is longer than %d bytes (ingest.max_line_bytes)", maxLine)
		}
		if err := s.fill(); err != nil {
			return nil, err
		}
	}
}

// errOldMac names a file whose lines end with CR alone.
var errOldMac = errors.New("the lines end with CR alone (old Mac line endings): save the file with CRLF (Windows) or LF line endings · 行结束符只有 CR（旧版 Mac 格式）：请另存为 CRLF（Windows）或 LF 换行")

// fill reads up to chunkBytes more into buf.
func (s *csvSource) fill() error {
	if s.eof {
		return nil
	}
	old := len(s.buf)
	grow := make([]byte, old+s.chunkBytes)
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
		n, lines := cut(s.buf, s.eof, s.maxLine)
		long := len(s.buf)-n > s.maxLine
		if lines > 0 && (n >= s.chunkBytes/2 || s.eof || long) {
			c := chunk{first: s.next, text: string(s.buf[:n]), csv: true}
			s.next += uint32(lines)
			s.buf = s.buf[n:]
			return c, nil
		}
		if long {
			return s.longLine()
		}
		if s.eof {
			return chunk{}, io.EOF
		}
		if err := s.fill(); err != nil {
			return chunk{}, err
		}
	}
}

// longLine hands out the line at the start of buf, longer than maxLine, as its first
// maxLine bytes, and skips the rest of it without holding it.
func (s *csvSource) longLine() (chunk, error) {
	c := chunk{first: s.next, text: string(s.buf[:s.maxLine]), csv: true, long: int64(len(s.buf))}
	s.next++
	s.buf = s.buf[:0]
	for {
		if err := s.fill(); err != nil {
			return chunk{}, err
		}
		if nl := bytes.IndexByte(s.buf, '\n'); nl >= 0 {
			c.long += int64(nl + 1)
			s.buf = s.buf[nl+1:]
			return c, nil
		}
		c.long += int64(len(s.buf))
		s.buf = s.buf[:0]
		if s.eof {
			return c, nil
		}
	}
}

func (s *csvSource) close() error { return nil }

// cut returns the length of the longest prefix of b made of whole records (see recordAt;
// at end of input when eof) and how many lines it holds.
func cut(b []byte, eof bool, maxLine int) (n, lines int) {
	if bytes.IndexByte(b, '"') < 0 {
		n = bytes.LastIndexByte(b, '\n') + 1
		lines = bytes.Count(b[:n], []byte{'\n'})
		if eof && n < len(b) {
			n, lines = len(b), lines+1
		}
		return n, lines
	}
	for n < len(b) {
		end, l, ok := recordAt(b, n, eof, maxLine)
		if !ok {
			break
		}
		n, lines = end, lines+l
	}
	return n, lines
}

// maxRecordLines bounds how many lines one quoted field may span.
const maxRecordLines = 20

// recordAt finds the record starting at start: it ends at the first newline outside
// quotes. A quoted field may hold newlines, but a quote that stays open past
// maxRecordLines lines, maxLine bytes or the end of input is no field: the record is
// then the first line alone (rejected as an unbalanced quote; reading resumes at the next
// line). ok is false when b ends before the record is decided (more input is needed).
func recordAt[T string | []byte](b T, start int, eof bool, maxLine int) (end, lines int, ok bool) {
	nl, quote := -1, false
	for i := start; i < len(b); i++ {
		if c := b[i]; c == '"' {
			quote = true
		} else if c == '\n' {
			nl = i
			break
		}
	}
	first := len(b) // end of the first line
	if nl >= 0 {
		first = nl + 1
	} else if !eof {
		return 0, 0, false
	}
	if !quote {
		return first, 1, true
	}
	inQuote, fieldStart := false, true
	lines = 1
	for i := start; i < len(b) && i-start <= maxLine; i++ {
		c := b[i]
		if inQuote {
			switch {
			case c == '"' && i+1 < len(b) && b[i+1] == '"':
				i++
			case c == '"':
				inQuote = false
			case c == '\n':
				if lines++; lines > maxRecordLines {
					return first, 1, true
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
			return i + 1, lines, true
		default:
			fieldStart = false
		}
	}
	switch {
	case len(b)-start > maxLine:
		return first, 1, true
	case !eof:
		return 0, 0, false
	case !inQuote:
		return len(b), lines, true // the last record, without a newline
	}
	return first, 1, true
}

// nextRecord splits text after its first record (newline included), text's end counting
// as the end of input.
func nextRecord(text string, maxLine int) (rec string, lines int, rest string) {
	end, lines, _ := recordAt(text, 0, true, maxLine)
	return text[:end], lines, text[end:]
}

// A rowError is a record that cannot be split into cells.
type rowError struct{ en, zh string }

func (e *rowError) Error() string { return e.en }

var (
	errQuote = &rowError{"unbalanced quote: a quoted cell does not end on this line", "引号不成对：带引号的单元格没有在本行结束"}
	errAfter = &rowError{"malformed quoting: text after a closing quote", "引号格式错误：右引号后还有文字"}
)

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
			return dst, errAfter
		}
		line = rest[1:]
	}
}
