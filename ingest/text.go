package ingest

import (
	"strings"
	"unicode/utf8"

	"fullemp/campaign"
)

// checkText rejects the cells that cannot be stored as the text they claim to be: bytes
// that are not UTF-8 in a file read as UTF-8 (the file mixes encodings), characters the
// file's encoding could not decode (U+FFFD: bytes invalid in GBK, a character cut off),
// and control characters (NUL and the like; a tab is allowed).
func checkText(p *problems, kind campaign.Kind, cells []string) {
	for k, v := range cells {
		col := campaign.Columns[kind][k].Name
		switch {
		case cutOff(v):
			p.add(col, strings.ToValidUTF8(v, "?"), "a cut-off character at the end (the file was truncated)", "末尾字符不完整（文件被截断）")
		case !utf8.ValidString(v):
			p.add(col, strings.ToValidUTF8(v, "?"), "not valid UTF-8: the file mixes encodings (save the whole file as UTF-8, or as GBK)",
				"不是有效的 UTF-8 文字：文件混用了编码（请将整个文件另存为 UTF-8 或 GBK）")
		case strings.ContainsRune(v, utf8.RuneError):
			p.add(col, v, "bytes the file's encoding cannot read (a damaged or cut-off character)", "含有无法识别的字符（字节损坏或字符被截断）")
		case hasControl(v):
			p.add(col, strings.Map(visible, v), "a control character (e.g. NUL)", "含有控制字符（如 NUL）")
		}
	}
}

// cutOff reports a value that is valid UTF-8 but for an incomplete character at its end.
func cutOff(v string) bool {
	for i := len(v) - 1; i >= 0 && i >= len(v)-utf8.UTFMax; i-- {
		if utf8.RuneStart(v[i]) {
			return !utf8.FullRuneInString(v[i:]) && utf8.ValidString(v[:i])
		}
	}
	return false
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return true
		}
	}
	return false
}

// visible shows a control character as its code, for the quarantine's value column.
func visible(r rune) rune {
	if (r < 0x20 && r != '\t') || r == 0x7f {
		return '�'
	}
	return r
}
