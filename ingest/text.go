package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// utf8Tally judges a file's encoding from all its bytes: the bytes of valid multi-byte
// UTF-8 sequences against the bytes that are not UTF-8. A file is UTF-8 when it has no
// invalid byte or more of the former: a GBK name in a UTF-8 file, or a character cut off
// at its end, leaves the file UTF-8 and only those rows are rejected (mixed encodings),
// instead of the whole file being read as GB18030 and garbled.
type utf8Tally struct {
	multi, bad int64
	carry      []byte // an incomplete sequence at the end of the previous block
}

// add counts block, keeping back a sequence cut by the block's end.
func (t *utf8Tally) add(block []byte) {
	if len(t.carry) > 0 {
		block = append(t.carry, block...)
		t.carry = nil
	}
	cut := completeRunes(block)
	t.count(block[:cut])
	t.carry = append([]byte(nil), block[cut:]...)
}

func (t *utf8Tally) count(b []byte) {
	if utf8.Valid(b) {
		t.multi += int64(len(b) - utf8.RuneCount(b))
		return
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			t.bad++
		} else {
			t.multi += int64(n - 1)
		}
		i += n
	}
}

// isUTF8 ends the tally (a sequence cut off at the very end is bad bytes) and judges.
func (t *utf8Tally) isUTF8() bool {
	t.bad += int64(len(t.carry))
	t.carry = nil
	return t.bad == 0 || t.multi > t.bad
}

// textProblem says what is wrong with a cell's text that no column's rule would see: bytes
// that are not UTF-8 in a UTF-8 file (mixed encodings, or a character cut off at the end),
// the replacement character U+FFFD (invalid GBK bytes, or text garbled before it reached
// fullemp), NUL and other control characters. gbk is true when the file was decoded as
// GB18030. ok is false when the cell is clean.
func textProblem(cell string, gbk bool) (en, zh string, ok bool) {
	clean := true
	for i := 0; i < len(cell); i++ {
		if c := cell[i]; c < ' ' && c != '\t' && c != '\n' || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return "", "", false
	}
	if !utf8.ValidString(cell) {
		if n := completeRunes([]byte(cell)); n < len(cell) && utf8.ValidString(cell[:n]) {
			return "the last character is cut off (the file was truncated?)", "末尾的字符不完整（文件可能被截断）", true
		}
		return "mixed encodings: text that is not UTF-8 in a UTF-8 file (GBK pasted in?); save the whole file in one encoding",
			"编码混用：UTF-8 文件中夹有非 UTF-8 的文字（可能是 GBK），请将整个文件存为同一种编码", true
	}
	if strings.ContainsRune(cell, utf8.RuneError) {
		if gbk {
			return "invalid GBK bytes (shown as �)", "含无效的 GBK 编码字节（显示为 �）", true
		}
		return "contains the replacement character � (the text was garbled before it reached fullemp)", "含乱码字符 �（文字在导出前已损坏）", true
	}
	for _, r := range cell {
		switch {
		case r == 0:
			return "contains a NUL byte", "含 NUL 空字符", true
		case r == '\r':
			return "contains a stray carriage return (CR): mixed or old-Mac line endings?", "含多余的回车符 (CR)：行结束符混用或为旧版 Mac 格式？", true
		case r < ' ' && r != '\t' && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("contains the control character U+%04X", r), fmt.Sprintf("含控制字符 U+%04X", r), true
		}
	}
	return "", "", false
}

// readable returns cells for quarantine: a cell that is not UTF-8 (JSON would garble it)
// decoded as GB18030 when that gives clean text, else as it is.
func readable(cells []string) []string {
	out := append([]string(nil), cells...)
	for i, c := range out {
		if utf8.ValidString(c) {
			continue
		}
		if d, err := simplifiedchinese.GB18030.NewDecoder().String(c); err == nil && !strings.ContainsRune(d, utf8.RuneError) {
			out[i] = d
		}
	}
	return out
}
