package period

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func m(s string) time.Time {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestParse: every way a period is written, and every malformed one with the error that
// says what is wrong.
func TestParse(t *testing.T) {
	good := []struct {
		in          string
		want        string
		kind        Kind
		first, last string
	}{
		{"2009-12", "2009-12", Monthly, "2009-12", "2009-12"},
		{"200912", "2009-12", Monthly, "2009-12", "2009-12"},
		{"2009-01", "2009-01", Monthly, "2009-01", "2009-01"},
		{" 2009-12 ", "2009-12", Monthly, "2009-12", "2009-12"},
		{"2009-Q4", "2009-Q4", Quarterly, "2009-10", "2009-12"},
		{"2009Q4", "2009-Q4", Quarterly, "2009-10", "2009-12"},
		{"2009-q1", "2009-Q1", Quarterly, "2009-01", "2009-03"},
		{"2010q3", "2010-Q3", Quarterly, "2010-07", "2010-09"},
		{"2009", "2009", Annual, "2009-01", "2009-12"},
		{"2100", "2100", Annual, "2100-01", "2100-12"},
	}
	for _, c := range good {
		p, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if p.String() != c.want || p.Kind != c.kind || !p.First().Equal(m(c.first)) || !p.Last().Equal(m(c.last)) {
			t.Errorf("Parse(%q) = %s %s %s–%s, want %s %s %s–%s", c.in, p, p.Kind, p.First().Format("2006-01"), p.Last().Format("2006-01"),
				c.want, c.kind, c.first, c.last)
		}
		if again, err := Parse(p.String()); err != nil || again != p {
			t.Errorf("Parse(String()) of %q = %v %v", c.in, again, err)
		}
	}
	bad := []struct{ in, err string }{
		{"", `period "": want YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year)`},
		{"x", `period "x": want YYYY-MM`},
		{"09", `period "09": want YYYY-MM`},
		{"2009/12", `period "2009/12": want YYYY-MM`},
		{"2009-1", `period "2009-1": want YYYY-MM`},
		{"20091", `period "20091": want YYYY-MM`},
		{"2009-", `period "2009-": want YYYY-MM`},
		{"2009--12", `period "2009--12": want YYYY-MM`},
		{"2009-Q12", `period "2009-Q12": want YYYY-MM`},
		{"2009-H1", `period "2009-H1": want YYYY-MM`},
		{"2009-13", `period "2009-13": month 13 is not 01–12`},
		{"2009-00", `period "2009-00": month 00 is not 01–12`},
		{"2009-Q5", `period "2009-Q5": quarter Q5 is not Q1–Q4`},
		{"2009Q0", `period "2009Q0": quarter Q0 is not Q1–Q4`},
		{"1999", `period "1999": year 1999 is outside 2000–2100`},
		{"2101-01", `period "2101-01": year 2101 is outside 2000–2100`},
		{"0209-Q1", `period "0209-Q1": year 209 is outside 2000–2100`},
	}
	for _, c := range bad {
		p, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want an error", c.in, p)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.err) || !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q): %q, want %q… wrapping ErrSyntax", c.in, err, c.err)
		}
	}
}

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]string{"2009-12": "2009-12", "200912": "2009-12"} {
		got, err := ParseMonth(in)
		if err != nil || !got.Equal(m(want)) || got.Location() != time.UTC {
			t.Errorf("ParseMonth(%q) = %v %v", in, got, err)
		}
	}
	for in, want := range map[string]string{"2009-Q4": "a quarter where a month", "2009": "a year where a month", "2009-13": "month 13"} {
		if _, err := ParseMonth(in); err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseMonth(%q): %v, want %q", in, err, want)
		}
	}
}

func TestNeighboursAndLabels(t *testing.T) {
	for _, c := range []struct{ p, prev, ago, zh, en string }{
		{"2009-01", "2008-12", "2008-01", "2009年1月", "January 2009"},
		{"2009-Q1", "2008-Q4", "2008-Q1", "2009年第一季度", "Q1 2009"},
		{"2009-Q3", "2009-Q2", "2008-Q3", "2009年第三季度", "Q3 2009"},
		{"2009", "2008", "2008", "2009年", "2009"},
	} {
		p, _ := Parse(c.p)
		if p.Previous().String() != c.prev || p.YearAgo().String() != c.ago || p.Label("zh") != c.zh || p.Label("en") != c.en {
			t.Errorf("%s: previous %s, year ago %s, %q, %q", p, p.Previous(), p.YearAgo(), p.Label("zh"), p.Label("en"))
		}
	}
}

// TestResolve: a period reads its months with data; one in progress stops at its last
// month with data; one without any is a NoDataError saying what the data cover.
func TestResolve(t *testing.T) {
	data := []time.Time{m("2010-09"), m("2009-10"), m("2009-11"), m("2009-12"), m("2010-01"), m("2010-07"), m("2009-12")}
	for _, c := range []struct {
		p       string
		months  string
		asOf    string
		partial bool
	}{
		{"2009-Q4", "2009-10 2009-11 2009-12", "2009-12", false},
		{"2009-11", "2009-11", "2009-11", false},
		{"2010", "2010-01 2010-07 2010-09", "2010-09", true},
		{"2010-Q1", "2010-01", "2010-01", true},
		{"2009", "2009-10 2009-11 2009-12", "2009-12", false},
	} {
		p, _ := Parse(c.p)
		sp, err := p.Resolve(data)
		if err != nil {
			t.Errorf("%s: %v", c.p, err)
			continue
		}
		var got []string
		for _, x := range sp.Months {
			got = append(got, x.Format("2006-01"))
		}
		if strings.Join(got, " ") != c.months || sp.AsOf.Format("2006-01") != c.asOf || sp.Partial() != c.partial {
			t.Errorf("%s: months %v as of %s partial %v; want %s, %s, %v", c.p, got, sp.AsOf.Format("2006-01"), sp.Partial(), c.months, c.asOf, c.partial)
		}
	}
	for _, s := range []string{"2030-Q1", "2006", "2009-06", "2010-Q2"} {
		p, _ := Parse(s)
		_, err := p.Resolve(data)
		var nd *NoDataError
		if !errors.As(err, &nd) || !errors.Is(err, ErrNoData) {
			t.Errorf("%s: %v, want a NoDataError", s, err)
			continue
		}
		msg := err.Error()
		for _, w := range []string{p.Label("zh") + "没有台帐数据", "2009年10月至2010年9月", "There is no ledger data for " + p.Label("en"), "October 2009 to September 2010"} {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", s, msg, w)
			}
		}
		if strings.Index(msg, "没有") > strings.Index(msg, "There is") {
			t.Errorf("%s: want Chinese first: %q", s, msg)
		}
	}
	p, _ := Parse("2009")
	if _, err := p.Resolve(nil); err == nil || !strings.Contains(err.Error(), "no ledger yet") {
		t.Errorf("no data at all: %v", err)
	}
}

func TestChoices(t *testing.T) {
	ms, qs, ys := Choices([]time.Time{m("2009-12"), m("2010-01"), m("2009-11"), m("2010-04")})
	str := func(ps []Period) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.String())
		}
		return strings.Join(out, " ")
	}
	if str(ms) != "2010-04 2010-01 2009-12 2009-11" || str(qs) != "2010-Q2 2010-Q1 2009-Q4" || str(ys) != "2010 2009" {
		t.Errorf("choices %s | %s | %s", str(ms), str(qs), str(ys))
	}
}
