package ingest

import (
	"strings"
	"time"

	"fullemp/campaign"
)

// The field parsers of SPEC §2. They run once per cell on the hot path, so they parse by
// hand (no regexp, no time.Parse) and allocate nothing.

// shanghai is the local time of placements' datetimes.
var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// The range a ClickHouse Date or DateTime can hold (18.16 and current).
var (
	minDate = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2105, 12, 31, 0, 0, 0, 0, time.UTC)
)

// digits reports whether s is exactly n ASCII digits.
func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a string of ASCII digits already checked by digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

var daysIn = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > daysIn[m] {
		return false
	}
	return m != 2 || d < 29 || (y%4 == 0 && (y%100 != 0 || y%400 == 0))
}

// parseDate reads YYYY-MM-DD or YYYY/MM/DD as a UTC midnight within ClickHouse's Date range.
func parseDate(s string) (time.Time, bool) {
	if len(s) != 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4] ||
		!digits(s[:4], 4) || !digits(s[5:7], 2) || !digits(s[8:], 2) {
		return time.Time{}, false
	}
	y, m, d := atoi(s[:4]), atoi(s[5:7]), atoi(s[8:])
	if !validDay(y, m, d) {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Before(minDate) || t.After(maxDate) {
		return time.Time{}, false
	}
	return t, true
}

// parseMonth reads YYYY-MM or YYYYMM as the first day of the month (UTC).
func parseMonth(s string) (time.Time, bool) {
	var y, m int
	switch {
	case len(s) == 7 && s[4] == '-' && digits(s[:4], 4) && digits(s[5:], 2):
		y, m = atoi(s[:4]), atoi(s[5:])
	case digits(s, 6):
		y, m = atoi(s[:4]), atoi(s[4:])
	default:
		return time.Time{}, false
	}
	if m < 1 || m > 12 || y < 1970 || y > 2105 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), true
}

// parseDateTime reads YYYY-MM-DD HH:MM[:SS] (or with / in the date, or a T before the
// time), or a bare date (midnight), in Asia/Shanghai.
func parseDateTime(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	day, ok := parseDate(s[:10])
	if !ok {
		return time.Time{}, false
	}
	h, mi, sec := 0, 0, 0
	rest := s[10:]
	switch {
	case rest == "":
	case (rest[0] == ' ' || rest[0] == 'T') && (len(rest) == 6 || len(rest) == 9):
		t := rest[1:]
		if t[2] != ':' || !digits(t[:2], 2) || !digits(t[3:5], 2) {
			return time.Time{}, false
		}
		h, mi = atoi(t[:2]), atoi(t[3:5])
		if len(t) == 8 {
			if t[5] != ':' || !digits(t[6:], 2) {
				return time.Time{}, false
			}
			sec = atoi(t[6:])
		}
		if h > 23 || mi > 59 || sec > 59 {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	y, m, d := day.Date()
	return time.Date(y, m, d, h, mi, sec, 0, shanghai), true
}

// parseYear reads a four-digit year between 1949 and 2100.
func parseYear(s string) (uint16, bool) {
	if !digits(s, 4) {
		return 0, false
	}
	y := atoi(s)
	if y < 1949 || y > 2100 {
		return 0, false
	}
	return uint16(y), true
}

// parseBool reads a boolean of SPEC §2; the common spellings are matched without
// allocating, the rest through campaign.ParseBool.
func parseBool(s string) (uint8, bool) {
	switch s {
	case "1", "Y", "y", "true", "TRUE", "True", "是":
		return 1, true
	case "0", "N", "n", "false", "FALSE", "False", "否":
		return 0, true
	}
	v, ok := campaign.ParseBool(s)
	if v {
		return 1, ok
	}
	return 0, ok
}

// parseEnum returns the English value of s in e, without allocating for exact spellings.
func parseEnum(e campaign.Enum, s string) (string, bool) {
	for _, w := range e {
		if s == w.English || s == w.Chinese {
			return w.English, true
		}
	}
	return e.Parse(s)
}

// enumWords lists an enumeration's values for a reason: "employed 就业 / flexible 灵活就业".
func enumWords(e campaign.Enum) string {
	var b strings.Builder
	for i, v := range e.Values() {
		if i > 0 {
			b.WriteString(" / ")
		}
		b.WriteString(v)
		b.WriteByte(' ')
		b.WriteString(e.Chinese(v))
	}
	return b.String()
}

// enumWordsZH lists an enumeration's Chinese words, for the Chinese reason (the English
// ones are accepted too, and the English reason lists them).
func enumWordsZH(e campaign.Enum) string {
	words := make([]string, 0, len(e))
	for _, v := range e.Values() {
		words = append(words, e.Chinese(v))
	}
	return strings.Join(words, " / ")
}

// validEmployer reports whether s is an 18-character unified social credit code (digits
// and upper-case letters) or a local code of 8–15 letters, digits or '-'.
func validEmployer(s string) bool {
	switch n := len(s); {
	case n == 18:
		for i := 0; i < n; i++ {
			c := s[i]
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
				return false
			}
		}
		return true
	case n >= 8 && n <= 15:
		for i := 0; i < n; i++ {
			c := s[i]
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-') {
				return false
			}
		}
		return true
	}
	return false
}

// lastDay returns the last day of the month that starts at m.
func lastDay(m time.Time) time.Time {
	return m.AddDate(0, 1, -1)
}
