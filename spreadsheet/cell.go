// Package spreadsheet is how fullemp's CSV files meet the spreadsheet programs they are
// opened in (Excel, WPS, LibreOffice): which cells a program would run as a formula, and
// how fullemp writes them so that it does not, and reads them back as they were. Both the
// dashboards' exports (api) and the quarantine's files to fix (ingest) write through it,
// and ingest reads through it.
package spreadsheet

import (
	"regexp"
	"strings"
)

// triggers are the first characters that make a spreadsheet read a CSV cell as a formula
// (OWASP's CSV injection list): = + - @, tab and carriage return. A formula from a file
// can run commands (DDE), open links (HYPERLINK) or send other cells to another host.
const triggers = "=+-@\t\r"

// Text returns a text cell as a CSV file carries it: a cell that starts with a trigger is
// prefixed with a single quote (OWASP's rule), which the spreadsheet takes as "this is
// text"; any other cell is unchanged. Cells holding numbers do not go through Text (a
// number column's -3.5 stays -3.5); a cell whose type is not known goes through Cell.
func Text(s string) string {
	if s != "" && strings.IndexByte(triggers, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Identifier returns an identifier cell (an ID number, a household ID, a region code) as
// a CSV file carries it. One made of digits only is written as the formula ="00007", so
// that Excel keeps its leading zeros and all 18 digits of an ID number instead of
// showing 7 or 3.30102E+17. That formula is the one fullemp writes on purpose and it is
// exempt from Text: it is built here from digits alone, so its result is a string literal
// that can neither call a function nor reach a cell or a host. Any other identifier (a
// household ID with letters or signs, whatever its source wrote) is text and goes through
// Text, so "=A1" or "-H1" reach the spreadsheet neutralised.
func Identifier(s string) string {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		return `="` + s + `"`
	}
	return Text(s)
}

// plainNumber is a decimal number as a source file writes one: an optional minus, digits,
// an optional fraction.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// Cell returns a cell of unknown type (a quarantined file's original cells, all text) as
// a CSV file carries it: a plain decimal number, negative ones included, stays as it is
// (a spreadsheet reads -3.5 as a number, not a formula); anything else goes through Text.
func Cell(s string) string {
	if plainNumber.MatchString(s) {
		return s
	}
	return Text(s)
}

// Read returns a cell of a CSV file as fullemp meant it, undoing what Identifier and Text
// wrote: ="00007" reads as 00007 (and ="…" with any text but a quote as that text, the
// usual way to keep a cell as text in Excel), and a single quote before a trigger is
// dropped ('=HYPERLINK(…) reads as =HYPERLINK(…), what the source cell held), so a
// quarantined row written out, fixed and sent back loads its cells unchanged. s is
// already trimmed; what follows a dropped quote is trimmed again, as the source cell was.
func Read(s string) string {
	n := len(s)
	switch {
	case n >= 3 && s[0] == '=' && s[1] == '"' && s[n-1] == '"' && !strings.Contains(s[2:n-1], `"`):
		return s[2 : n-1]
	case n >= 2 && s[0] == '\'' && strings.IndexByte(triggers, s[1]) >= 0:
		return strings.TrimSpace(s[1:])
	}
	return s
}

// DisplayWidth is how many columns s takes in a spreadsheet: two for a CJK character.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2e80 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
