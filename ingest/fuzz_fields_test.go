package ingest

import (
	"strconv"
	"testing"
	"time"

	"fullemp/idcard"
)

// The field parsers parse by hand for speed; their fuzz targets hold them to the standard
// library's reading of the same layouts (time.Parse, strconv) and to a round trip: a value
// accepted, written back in its canonical layout and read again, is the same value.

// inRange reports whether t is a day ClickHouse's Date can hold (minDate..maxDate).
func inRange(t time.Time) bool { return !t.Before(minDate) && !t.After(maxDate) }

// parsedBy returns the time of s, in loc, in the first layout that reads s and writes it
// back as s: every field zero-padded to its width (time.Parse alone also takes a one-digit
// hour, and a run of spaces for one).
func parsedBy(s string, loc *time.Location, layouts ...string) (time.Time, bool) {
	for _, l := range layouts {
		if u, err := time.Parse(l, s); err != nil || u.Format(l) != s {
			continue
		}
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// FuzzParseMonth: parseMonth accepts exactly what time.Parse reads as YYYY-MM or YYYYMM
// from 1970 to 2105, gives the month's first day in UTC, and reads its own YYYY-MM back.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2008-12", "200812", "1970-01", "2105-12", "1969-12", "2106-01", "2008-13", "2008-00",
		"2008-1", "20081", "2008/12", "２００８-12", "+008-12", "2008-12 ", "", "2008-12-01", "0000-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := parseMonth(s)
		want, wantOK := parsedBy(s, time.UTC, "2006-01", "200601")
		wantOK = wantOK && want.Year() >= 1970 && want.Year() <= 2105
		if ok != wantOK || ok && !m.Equal(want) {
			t.Fatalf("parseMonth(%q) = %v, %v; time.Parse reads %v, %v", s, m, ok, want, wantOK)
		}
		if !ok {
			return
		}
		if m.Location() != time.UTC || m.Day() != 1 || m.Hour() != 0 {
			t.Fatalf("parseMonth(%q) = %v, want the month's first day, UTC midnight", s, m)
		}
		for _, l := range []string{"2006-01", "200601"} {
			if back, ok := parseMonth(m.Format(l)); !ok || !back.Equal(m) {
				t.Fatalf("parseMonth(%q) = %v, but %q reads back as %v, %v", s, m, m.Format(l), back, ok)
			}
		}
	})
}

// FuzzParseDate: parseDate accepts exactly the real days YYYY-MM-DD or YYYY/MM/DD that a
// ClickHouse Date holds, and reads its own YYYY-MM-DD back.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2008-12-31", "2008/12/31", "2008-02-29", "2009-02-29", "2000-02-29", "1900-02-29",
		"1970-01-01", "1969-12-31", "2105-12-31", "2106-01-01", "2008-12/31", "2008-1-1", "2008-12-32", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDate(s)
		want, wantOK := parsedBy(s, time.UTC, "2006-01-02", "2006/01/02")
		wantOK = wantOK && inRange(want)
		if ok != wantOK || ok && !d.Equal(want) {
			t.Fatalf("parseDate(%q) = %v, %v; time.Parse reads %v, %v", s, d, ok, want, wantOK)
		}
		if ok {
			if back, ok := parseDate(d.Format("2006-01-02")); !ok || !back.Equal(d) {
				t.Fatalf("parseDate(%q) = %v does not read back: %v, %v", s, d, back, ok)
			}
		}
	})
}

// dateTimeLayouts are the datetimes SPEC §2 accepts (parseDateTime): a date, or a date
// and a time of day to the minute or second, with - or / in the date and a space or T
// before the time.
var dateTimeLayouts = func() []string {
	var out []string
	for _, d := range []string{"2006-01-02", "2006/01/02"} {
		out = append(out, d)
		for _, sep := range []string{" ", "T"} {
			out = append(out, d+sep+"15:04", d+sep+"15:04:05")
		}
	}
	return out
}()

// FuzzParseDateTime: parseDateTime accepts exactly what time.ParseInLocation reads in one
// of dateTimeLayouts on a day a ClickHouse Date holds, in Asia/Shanghai, and reads its own
// YYYY-MM-DD HH:MM:SS back as the same instant.
func FuzzParseDateTime(f *testing.F) {
	// 1988-04-17 02:30 does not exist in Shanghai and 1988-09-11 01:30 came twice (summer
	// time, 1986–1991).
	for _, s := range []string{"2008-12-01 09:00", "2008/12/03 10:30:00", "2008-12-05", "2008-12-05T23:59:59",
		"2008-12-05 24:00", "2008-12-05 23:60", "2008-12-05 23:59:60", "2008-12-05 9:00", "2008-12-05  09:00",
		"1988-04-17 02:30:00", "1988-09-11 01:30:00", "2008-12-05 09:00:0", "2008-12-05x09:00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, ok := parseDateTime(s)
		want, wantOK := parsedBy(s, shanghai, dateTimeLayouts...)
		wantOK = wantOK && inRange(time.Date(want.Year(), want.Month(), want.Day(), 0, 0, 0, 0, time.UTC))
		if ok != wantOK || ok && !at.Equal(want) {
			t.Fatalf("parseDateTime(%q) = %v, %v; time.ParseInLocation reads %v, %v", s, at, ok, want, wantOK)
		}
		if !ok {
			return
		}
		if at.Location() != shanghai {
			t.Fatalf("parseDateTime(%q) is in %v, want Asia/Shanghai", s, at.Location())
		}
		text := at.Format("2006-01-02 15:04:05")
		if back, ok := parseDateTime(text); !ok || !back.Equal(at) {
			t.Fatalf("parseDateTime(%q) = %v, but %q reads back as %v, %v", s, at, text, back, ok)
		}
	})
}

// FuzzParseYear: parseYear accepts exactly four ASCII digits from 1949 to 2100 and gives
// back their number.
func FuzzParseYear(f *testing.F) {
	for _, s := range []string{"2008", "1949", "1948", "2100", "2101", "0208", "+208", "20O8", "２００８", "208", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, ok := parseYear(s)
		n, err := strconv.Atoi(s)
		wantOK := err == nil && digits(s, 4) && n >= 1949 && n <= 2100
		if ok != wantOK || ok && int(y) != n {
			t.Fatalf("parseYear(%q) = %d, %v; want %d, %v", s, y, ok, n, wantOK)
		}
		if ok && strconv.Itoa(int(y)) != s {
			t.Fatalf("parseYear(%q) = %d, which is written %q", s, y, strconv.Itoa(int(y)))
		}
	})
}

// FuzzExcelSerial: a cell that excelSerial turns into a date column's text is what that
// column's parser reads (the worker converts serial dates before validation), and text
// that already is a month or a date is left alone.
func FuzzExcelSerial(f *testing.F) {
	for _, s := range []string{"39783", "39783.375", "25569", "25568.9", "74999.99999", "75000", "1e5", "3.9783E4",
		"200812", "2008-12", "2008-12-01", "NaN", "-1", "0x9b67", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, layout := range dateLayouts {
			v, ok := excelSerial(s, layout)
			if !ok {
				continue
			}
			var read bool
			switch layout {
			case "2006-01":
				_, read = parseMonth(v)
			case "2006-01-02":
				_, read = parseDate(v)
			default:
				_, read = parseDateTime(v)
			}
			if !read {
				t.Fatalf("excelSerial(%q) for %s = %q, which the column's parser refuses", s, name, v)
			}
			if _, isMonth := parseMonth(s); isMonth {
				t.Fatalf("excelSerial(%q) rewrote a month as %q", s, v)
			}
			if _, isDate := parseDateTime(s); isDate {
				t.Fatalf("excelSerial(%q) rewrote a date as %q", s, v)
			}
		}
	})
}

// FuzzReadID: readID (the hot path's own check of 18-character numbers) agrees with
// idcard.Normalize on every input, and what it accepts is 18 characters with a valid
// check digit, whose birth date and sex are the number's.
func FuzzReadID(f *testing.F) {
	for _, s := range []string{man, woman, "11010519491231002X", "11010519491231002x", "110105194912310021",
		"330102800101001", "33010219800230001X", "330102188001010010", "330102187912310010", "3.30102E+17",
		" 11010519491231002X ", "11010519491231002X\u3000", "1101051949123100２X", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := readID(s)
		id, nerr := idcard.Normalize(s)
		if (err == nil) != (nerr == nil) || err == nil && p.id != id {
			t.Fatalf("readID(%q) = %q, %v; idcard.Normalize = %q, %v", s, p.id, err, id, nerr)
		}
		if err != nil {
			return
		}
		if len(p.id) != 18 || idcard.CheckDigit(p.id[:17]) != p.id[17] {
			t.Fatalf("readID(%q) accepted %q: not 18 characters with a valid check digit", s, p.id)
		}
		if b := idcard.BirthDate(p.id); p.born != b || p.birth != uint32(b.Year()*10000+int(b.Month())*100+b.Day()) {
			t.Fatalf("readID(%q): born %v (%d), the number says %v", s, p.born, p.birth, b)
		}
		if (p.male == 1) != idcard.Male(p.id) {
			t.Fatalf("readID(%q): male = %d, the number says %v", s, p.male, idcard.Male(p.id))
		}
	})
}
