// Package period is the one reading of a span of time that fullemp reports on: a month
// (2009-12), a quarter (2009-Q4) or a year (2009). Pages, the API, exports, the command
// line and the bulletins all parse it here, and read it against the months that have a
// ledger (Resolve): stocks at the period's last month with data, flows summed over its
// months.
package period

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is how long a period is: a month (统计月报), a quarter (季报) or a year (年报).
type Kind string

const (
	Monthly   Kind = "month"
	Quarterly Kind = "quarter"
	Annual    Kind = "year"
)

// Period is a month, a quarter or a year.
type Period struct {
	Kind  Kind
	Year  int
	Index int // month 1–12, quarter 1–4, or 1 for a year
}

// ErrSyntax is wrapped by every error of Parse and ParseMonth: the text is not a period.
var ErrSyntax = errors.New("invalid period")

// The years a period may name: the campaign's data never reach outside them, and a
// typo such as 0209 or 20091 is caught rather than read.
const minYear, maxYear = 2000, 2100

const want = "want YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year)"

// Parse reads a period: a month "2009-12" or "200912", a quarter "2009-Q4" or "2009Q4"
// (q in either case), or a year "2009". Surrounding spaces are ignored.
func Parse(s string) (Period, error) {
	in := s
	s = strings.TrimSpace(s)
	bad := func(why string) (Period, error) {
		return Period{}, fmt.Errorf("period %q: %s: %w", in, why, ErrSyntax)
	}
	digits := func(x string) bool { return x != "" && strings.Trim(x, "0123456789") == "" }
	var ys, rest string
	if len(s) >= 4 {
		ys, rest = s[:4], s[4:]
	}
	if !digits(ys) {
		return bad(want)
	}
	y, _ := strconv.Atoi(ys)
	rest = strings.TrimPrefix(rest, "-")
	kind, idx := Annual, 1
	switch {
	case rest == "" && len(s) == 4:
	case len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q') && digits(rest[1:]):
		kind, idx = Quarterly, int(rest[1]-'0')
		if idx < 1 || idx > 4 {
			return bad(fmt.Sprintf("quarter Q%d is not Q1–Q4", idx))
		}
	case len(rest) == 2 && digits(rest) && (len(s) == 6 || s[4] == '-'):
		kind, idx = Monthly, int(rest[0]-'0')*10+int(rest[1]-'0')
		if idx < 1 || idx > 12 {
			return bad(fmt.Sprintf("month %s is not 01–12", rest))
		}
	default:
		return bad(want)
	}
	if y < minYear || y > maxYear {
		return bad(fmt.Sprintf("year %d is outside %d–%d", y, minYear, maxYear))
	}
	return Period{kind, y, idx}, nil
}

// ParseMonth reads a month as Parse does ("2009-12", "200912") and returns its first day,
// UTC; a quarter or a year is an error (for parameters that name one month: from, to).
func ParseMonth(s string) (time.Time, error) {
	p, err := Parse(s)
	if err != nil {
		return time.Time{}, err
	}
	if p.Kind != Monthly {
		return time.Time{}, fmt.Errorf("period %q: a %s where a month YYYY-MM is wanted: %w", s, p.Kind, ErrSyntax)
	}
	return p.First(), nil
}

// Of is the month m as a period.
func Of(m time.Time) Period { return Period{Monthly, m.Year(), int(m.Month())} }

// String is the period as Parse reads it: 2009-12, 2009-Q4, 2009.
func (p Period) String() string {
	switch p.Kind {
	case Quarterly:
		return fmt.Sprintf("%d-Q%d", p.Year, p.Index)
	case Annual:
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-%02d", p.Year, p.Index)
}

// Step is the period's length in months.
func (p Period) Step() int {
	return map[Kind]int{Monthly: 1, Quarterly: 3, Annual: 12}[p.Kind]
}

// First and Last are the period's first and last months (first days, UTC).
func (p Period) First() time.Time {
	switch p.Kind {
	case Quarterly:
		return month(p.Year, 3*p.Index-2)
	case Annual:
		return month(p.Year, 1)
	}
	return month(p.Year, p.Index)
}

func (p Period) Last() time.Time { return p.First().AddDate(0, p.Step()-1, 0) }

// Contains reports whether the month of m lies in the period.
func (p Period) Contains(m time.Time) bool {
	m = month(m.Year(), int(m.Month()))
	return !m.Before(p.First()) && !m.After(p.Last())
}

// Previous is the period before p of the same kind (环比); YearAgo the same period a year
// before (同比).
func (p Period) Previous() Period {
	n := map[Kind]int{Monthly: 12, Quarterly: 4, Annual: 1}[p.Kind]
	if p.Index > 1 {
		return Period{p.Kind, p.Year, p.Index - 1}
	}
	return Period{p.Kind, p.Year - 1, n}
}

func (p Period) YearAgo() Period { return Period{p.Kind, p.Year - 1, p.Index} }

// Label names the period in lang ("en", else Chinese): "2009年12月", "2009年第四季度",
// "2009年"; "December 2009", "Q4 2009", "2009".
func (p Period) Label(lang string) string {
	if strings.HasPrefix(lang, "en") {
		switch p.Kind {
		case Quarterly:
			return fmt.Sprintf("Q%d %d", p.Index, p.Year)
		case Annual:
			return strconv.Itoa(p.Year)
		}
		return p.First().Format("January 2006")
	}
	switch p.Kind {
	case Quarterly:
		return fmt.Sprintf("%d年第%s季度", p.Year, []string{"", "一", "二", "三", "四"}[p.Index])
	case Annual:
		return fmt.Sprintf("%d年", p.Year)
	}
	return fmt.Sprintf("%d年%d月", p.Year, p.Index)
}

// Report names a bulletin of the period's kind: 统计月报, 统计季报, 统计年报.
func (p Period) Report(lang string) string {
	if strings.HasPrefix(lang, "en") {
		return map[Kind]string{Monthly: "Monthly Statistical Bulletin", Quarterly: "Quarterly Statistical Bulletin", Annual: "Annual Statistical Bulletin"}[p.Kind]
	}
	return map[Kind]string{Monthly: "统计月报", Quarterly: "统计季报", Annual: "统计年报"}[p.Kind]
}

// MonthLabel names a month in lang: "2010年9月", "September 2010".
func MonthLabel(m time.Time, lang string) string { return Of(m).Label(lang) }

func month(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
