package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/campaign"
	"fullemp/idcard"
)

func TestFieldParsers(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	dates := []struct {
		in   string
		want time.Time // zero: rejected
	}{
		{"2008-12-31", day("2008-12-31")}, {"2008/02/29", day("2008-02-29")},
		{"2009-02-29", time.Time{}}, {"2008-12-32", time.Time{}}, {"2008-1-05", time.Time{}},
		{"2008.12.01", time.Time{}}, {"2008-12/01", time.Time{}}, {"1969-12-31", time.Time{}}, {"", time.Time{}},
	}
	for _, c := range dates {
		got, ok := parseDate(c.in)
		if ok != !c.want.IsZero() || !got.Equal(c.want) {
			t.Errorf("parseDate(%q) = %v %v, want %v", c.in, got, ok, c.want)
		}
	}
	months := []struct {
		in, want string
	}{
		{"2008-12", "2008-12-01"}, {"200812", "2008-12-01"}, {"2008-13", ""}, {"2008/12", ""},
		{"2008-1", ""}, {"20081", ""}, {"2008-12-01", ""}, {"", ""},
	}
	for _, c := range months {
		got, ok := parseMonth(c.in)
		if s := got.Format("2006-01-02"); ok != (c.want != "") || (ok && s != c.want) {
			t.Errorf("parseMonth(%q) = %s %v, want %q", c.in, s, ok, c.want)
		}
	}
	times := []struct {
		in, want string
	}{
		{"2008-12-03 10:30", "2008-12-03 10:30:00"}, {"2008/12/03 10:30:15", "2008-12-03 10:30:15"},
		{"2008-12-03", "2008-12-03 00:00:00"}, {"2008-12-03T08:00:00", "2008-12-03 08:00:00"},
		{"2008-12-03 24:00", ""}, {"2008-12-03 10:3", ""}, {"2008-12-03 10:30:60", ""}, {"03/12/2008", ""},
	}
	for _, c := range times {
		got, ok := parseDateTime(c.in)
		if s := got.Format("2006-01-02 15:04:05"); ok != (c.want != "") || (ok && (s != c.want || got.Location() != shanghai)) {
			t.Errorf("parseDateTime(%q) = %s %v, want %q", c.in, s, ok, c.want)
		}
	}
	bools := map[string]int{"Y": 1, "y": 1, "1": 1, "true": 1, "TRUE": 1, "是": 1, "Yes": 1, "N": 0, "0": 0, "false": 0, "否": 0, "": -1, "2": -1, "对": -1}
	for in, want := range bools {
		got, ok := parseBool(in)
		if (want < 0) == ok || (ok && int(got) != want) {
			t.Errorf("parseBool(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	employers := map[string]bool{"91330100MA27XYZ12B": true, "12345678": true, "ab-12345": true, "123456789012345": true,
		"1234567": false, "1234567890123456": false, "91330100ma27xyz12b": false, "1234 5678": false}
	for in, want := range employers {
		if validEmployer(in) != want {
			t.Errorf("validEmployer(%q) != %v", in, want)
		}
	}
	if v, ok := parseEnum(campaign.Statuses, "Unemployed"); !ok || v != "unemployed" {
		t.Errorf("enum in another case: %q %v", v, ok)
	}
}

// TestReadIDAgreesWithIdcard checks the allocation-free fast path against idcard.
func TestReadIDAgreesWithIdcard(t *testing.T) {
	valid := idcard.Make("330102", time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC), 101)
	cases := []string{valid, strings.ToLower(idcard.Make("330102", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 2)),
		valid[:17] + "0", "330102580312101", "330102581312101", "33010219580230101X", "12345", "",
		idcard.Make("330102", time.Date(1879, 1, 1, 0, 0, 0, 0, time.UTC), 1)}
	for i := 0; i < 200; i++ { // every check character
		cases = append(cases, idcard.Make("330106", time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*97), i))
	}
	for _, c := range cases {
		p, err := readID(c)
		want, werr := idcard.Normalize(c)
		if (err == nil) != (werr == nil) || p.id != want {
			t.Errorf("readID(%q) = %q %v; idcard says %q %v", c, p.id, err, want, werr)
			continue
		}
		if err == nil {
			b := idcard.BirthDate(want)
			if p.born != b || p.birth != uint32(b.Year()*10000+int(b.Month())*100+b.Day()) || (p.male == 1) != idcard.Male(want) {
				t.Errorf("readID(%q) = %+v", c, p)
			}
		}
	}
}

// TestLedgerAgeMatchesIdcard compares the age the ledger stores with idcard.AgeOn on the
// month's last day, around birthdays and 29 February.
func TestLedgerAgeMatchesIdcard(t *testing.T) {
	codes := &known{communities: map[string]struct{}{community1: {}}}
	births := []time.Time{time.Date(1993, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1960, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(1949, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1990, 6, 30, 0, 0, 0, 0, time.UTC)}
	for _, b := range births {
		for _, m := range []string{"2009-12", "2009-02", "2008-02", "2009-06", "2009-01"} {
			tbl := newLedgerRows(meta{}, codes, 1)
			var p problems
			id := idcard.Make("330102", b, 1)
			tbl.add(&row{cells: []string{m, id, "x", community1, "h", "employed", "Y", "Y", "N", "N", "N", "N", "", "N"}}, &p)
			if !p.none() {
				t.Fatalf("%s %s: %s", m, id, p.reason())
			}
			month, _ := parseMonth(m)
			if want := idcard.AgeOn(b, lastDay(month)); int(tbl.age[0]) != want {
				t.Errorf("born %s, month %s: age %d, want %d", b.Format("2006-01-02"), m, tbl.age[0], want)
			}
		}
	}
}

func TestCSVSplitting(t *testing.T) {
	fields := []struct {
		in   string
		want []string
		err  bool
	}{
		{"a,b,c", []string{"a", "b", "c"}, false},
		{"a,,", []string{"a", "", ""}, false},
		{`"a,b","say ""hi""",c`, []string{"a,b", `say "hi"`, "c"}, false},
		{`"multi` + "\n" + `line",x`, []string{"multi\nline", "x"}, false},
		{`a,"b",`, []string{"a", "b", ""}, false},
		{`"open,b`, nil, true},
		{`"a"b,c`, nil, true},
		{`5"5,x`, []string{`5"5`, "x"}, false},
	}
	for _, c := range fields {
		got, err := splitFields(c.in, nil)
		if (err != nil) != c.err || (!c.err && fmt.Sprint(got) != fmt.Sprint(c.want)) || (!c.err && len(got) != len(c.want)) {
			t.Errorf("splitFields(%q) = %q %v", c.in, got, err)
		}
	}
	text := "a,b\r\n\"x\ny\",z\n\nlast,1"
	var recs []string
	for rest := text; rest != ""; {
		var r string
		r, _, rest = nextRecord(rest, 64<<10)
		recs = append(recs, r)
	}
	if want := []string{"a,b\r\n", "\"x\ny\",z\n", "\n", "last,1"}; fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Errorf("records %q, want %q", recs, want)
	}
	// cut counts physical lines: the quoted record spans two.
	if n, k := cut([]byte(text), false, 64<<10); n != len(text)-len("last,1") || k != 4 {
		t.Errorf("cut = %d, %d", n, k)
	}
	if n, k := cut([]byte(text), true, 64<<10); n != len(text) || k != 5 {
		t.Errorf("cut at EOF = %d, %d", n, k)
	}
	if n, k := cut([]byte("a,\"open\nstill"), false, 64<<10); n != 0 || k != 0 {
		t.Errorf("cut inside quotes = %d, %d", n, k)
	}
	// An open quote at the end of input is no record: its first line stands alone.
	if n, k := cut([]byte("a,\"open\nstill,1\nmore,2"), true, 64<<10); n != 22 || k != 3 {
		t.Errorf("cut of an unbalanced quote at EOF = %d, %d", n, k)
	}
}

func TestCSVSourceChunksAndEncodings(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xef\xbb\xbf月份,身份证号\r\n")
	for i := 0; i < 60000; i++ {
		fmt.Fprintf(&b, "2009-01,\"id,%d\"\r\n", i)
	}
	for _, enc := range []string{"utf8", "gb18030"} {
		data := []byte(b.String())
		if enc == "gb18030" {
			data, _ = simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.TrimPrefix(b.String(), "\xef\xbb\xbf")))
		}
		_, isUTF8, _, err := fingerprint(bytes.NewReader(data))
		if err != nil || isUTF8 != (enc == "utf8") {
			t.Fatalf("%s: detected utf8=%v %v", enc, isUTF8, err)
		}
		src, err := newCSVSource(bytes.NewReader(data), isUTF8, 64<<10)
		if err != nil {
			t.Fatal(err)
		}
		if h := src.header(); len(h) != 2 || h[0] != "月份" || h[1] != "身份证号" {
			t.Fatalf("%s header %q", enc, h)
		}
		next, chunks := uint32(1), 0
		for {
			c, err := src.chunk()
			if err != nil {
				break
			}
			if c.first != next {
				t.Fatalf("chunk starts at row %d, want %d", c.first, next)
			}
			for rest := c.text; rest != ""; next++ {
				var r string
				r, _, rest = nextRecord(rest, 64<<10)
				if want := fmt.Sprintf("2009-01,\"id,%d\"\r\n", next-1); r != want {
					t.Fatalf("row %d = %q, want %q", next, r, want)
				}
			}
			chunks++
		}
		if next != 60001 || chunks < 2 {
			t.Errorf("%s: %d rows in %d chunks", enc, next-1, chunks)
		}
	}
}

// TestUTF8AcrossBlocks puts a Chinese character across fingerprint's 1 MiB block edge.
func TestUTF8AcrossBlocks(t *testing.T) {
	data := append(bytes.Repeat([]byte("a"), 1<<20-1), []byte("月份\n")...)
	if _, ok, _, _ := fingerprint(bytes.NewReader(data)); !ok {
		t.Error("valid UTF-8 cut by a block edge judged invalid")
	}
	// A rune cut off at the end leaves a UTF-8 file UTF-8 (its row is rejected); bytes
	// that are mostly not UTF-8 make it GB18030.
	if _, ok, _, _ := fingerprint(bytes.NewReader(append(data, 0xe6))); !ok {
		t.Error("a UTF-8 file with a truncated rune at the end judged not UTF-8")
	}
	more, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("\n杭州市上城区清波街道清波社区\n"))
	if _, ok, _, _ := fingerprint(bytes.NewReader(append(data, more...))); ok {
		t.Error("a file whose Chinese is mostly GBK judged UTF-8")
	}
}

func TestHeaderMatch(t *testing.T) {
	cases := []struct {
		header []string
		forced campaign.Kind
		kind   campaign.Kind
		err    string
	}{
		{[]string{"社区代码", "年度", "结果"}, "", campaign.SpotChecks, ""},
		{[]string{"Score", " YEAR ", "street_code"}, "", campaign.StreetScores, ""},
		{[]string{"缴费月份", "身份证号", "单位代码", "备用"}, "", campaign.Contributions, ""},
		{campaign.Ledger.ChineseHeaders(), "", campaign.Ledger, ""},
		{campaign.Regions.Headers(), "", campaign.Regions, ""},
		{[]string{"身份证号", "社区代码", "帮扶方式", "上岗时间"}, "", campaign.Placements, ""},
		{[]string{"a", "b"}, "", "", "unknown header"},
		{[]string{"年度", "街道代码"}, "", "", "missing score"},
		{[]string{"year", "year", "street_code", "score"}, "", "", "appears twice"},
		{[]string{"year", "street_code", "score"}, campaign.SpotChecks, "", "not a complete spot_checks file"},
	}
	for _, c := range cases {
		l, err := match(c.header, c.forced)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("match(%q): %v, want error with %q", c.header, err, c.err)
			}
			continue
		}
		if err != nil || l.kind != c.kind {
			t.Errorf("match(%q) = %s %v, want %s", c.header, l.kind, err, c.kind)
		}
	}
	l, _ := match([]string{"缴费月份", "身份证号", "单位代码", "备用"}, "")
	if fmt.Sprint(l.unknown) != "[备用]" || fmt.Sprint(l.index) != "[0 1 2 -1]" {
		t.Errorf("layout %+v", l)
	}
}

func TestExcelSerial(t *testing.T) {
	cases := []struct{ in, layout, want string }{
		{"39600", "2006-01-02", "2008-06-01"},
		{"39783.4375", "2006-01-02 15:04:05", "2008-12-01 10:30:00"},
		{"39783", "2006-01", "2008-12"},
		{"200812", "2006-01", ""}, // a YYYYMM month typed as a number stays as it is
		{"2008-12", "2006-01", ""},
		{"2008-06-01", "2006-01-02", ""},
		{"12", "2006-01-02", ""},
		{"abc", "2006-01-02", ""},
	}
	for _, c := range cases {
		got, ok := excelSerial(c.in, c.layout)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("excelSerial(%q) = %q %v, want %q", c.in, got, ok, c.want)
		}
	}
}

func TestTrim(t *testing.T) {
	for _, s := range []string{"", "a", " a", "a ", "\u3000张三\u3000", "张三", " 张三", "x\t", "\r\n"} {
		if trim(s) != strings.TrimSpace(s) {
			t.Errorf("trim(%q) = %q", s, trim(s))
		}
	}
	// Identifiers exported as ="00007" (so Excel keeps them as text) read back as 00007.
	for in, want := range map[string]string{`="00007"`: "00007", ` ="330102198001010013" `: "330102198001010013", `="`: `="`, `=1+1`: `=1+1`, `="a"b"`: `="a"b"`} {
		if got := trim(in); got != want {
			t.Errorf("trim(%q) = %q, want %q", in, got, want)
		}
	}
	for v, want := range map[string]bool{"3.30102E+17": true, "3.30102e17": true, "3E+17": true, "330102198001010013": false, "33010219800101001X": false, "E+17": false, "3.3E": false} {
		if scientific(v) != want {
			t.Errorf("scientific(%q) = %v", v, !want)
		}
	}
	if trimEOL("a,b\r\n") != "a,b" || trimEOL("a") != "a" || trimEOL("\n") != "" {
		t.Error("trimEOL")
	}
}
