package bulletin

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is how long a bulletin's period is: a month (统计月报), a quarter (季报) or a year (年报).
type Kind string

const (
	Monthly   Kind = "month"
	Quarterly Kind = "quarter"
	Annual    Kind = "year"
)

// Period is the span a bulletin reports: its first and last months (first days, UTC).
type Period struct {
	Kind  Kind
	Year  int
	Index int // month 1–12, quarter 1–4, or 1 for a year
}

// ParsePeriod reads "2009-12" (also "200912"), "2009-Q4" or "2009".
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("period %q: want YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year)", s)
	year := func(y string) (int, bool) {
		n, err := strconv.Atoi(y)
		return n, err == nil && len(y) == 4 && n >= 2000 && n <= 2100
	}
	switch {
	case len(s) == 4:
		if y, ok := year(s); ok {
			return Period{Annual, y, 1}, nil
		}
	case len(s) == 7 && (s[5] == 'Q' || s[5] == 'q') && s[4] == '-':
		y, ok := year(s[:4])
		q, err := strconv.Atoi(s[6:])
		if ok && err == nil && q >= 1 && q <= 4 {
			return Period{Quarterly, y, q}, nil
		}
	case len(s) == 7 && s[4] == '-', len(s) == 6:
		ms := s[len(s)-2:]
		y, ok := year(s[:4])
		m, err := strconv.Atoi(ms)
		if ok && err == nil && m >= 1 && m <= 12 {
			return Period{Monthly, y, m}, nil
		}
	}
	return Period{}, bad
}

// String is the period as ParsePeriod reads it.
func (p Period) String() string {
	switch p.Kind {
	case Quarterly:
		return fmt.Sprintf("%d-Q%d", p.Year, p.Index)
	case Annual:
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-%02d", p.Year, p.Index)
}

// First and Last are the period's first and last months.
func (p Period) First() time.Time {
	switch p.Kind {
	case Quarterly:
		return month(p.Year, 3*p.Index-2)
	case Annual:
		return month(p.Year, 1)
	}
	return month(p.Year, p.Index)
}

func (p Period) Last() time.Time {
	switch p.Kind {
	case Quarterly:
		return month(p.Year, 3*p.Index)
	case Annual:
		return month(p.Year, 12)
	}
	return month(p.Year, p.Index)
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

// Label names the period in lang: "2009年12月", "2009年第四季度", "2009年"; "December 2009", …
func (p Period) Label(lang string) string {
	if lang == "en" {
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

// Report names the bulletin's kind: 统计月报, 统计季报, 统计年报.
func (p Period) Report(lang string) string {
	if lang == "en" {
		return map[Kind]string{Monthly: "Monthly Statistical Bulletin", Quarterly: "Quarterly Statistical Bulletin", Annual: "Annual Statistical Bulletin"}[p.Kind]
	}
	return map[Kind]string{Monthly: "统计月报", Quarterly: "统计季报", Annual: "统计年报"}[p.Kind]
}

func month(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
