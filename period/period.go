// Package period is the one reading of a reporting period — a month (2009-12), a quarter
// (2009-Q4) or a year (2009) — shared by the pages, the API (?period=), the exports and the
// CLI (--period). Stocks (rates, counts, households outstanding) are read at the period's
// last month with data; flows (households formed and eliminated, placements) sum over it.
package period

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Kind is the length of a period.
type Kind string

// The kinds of period.
const (
	Month   Kind = "month"
	Quarter Kind = "quarter"
	Year    Kind = "year"
)

// Period is a month, quarter or year: its first and last months (first days, UTC) and
// Last, the latest of its months that has data (set by Resolve; To until then).
type Period struct {
	Kind Kind      `json:"kind"`
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	Last time.Time `json:"last"`
}

// ErrSyntax is wrapped by Parse for text that names no period.
var ErrSyntax = errors.New("not a period")

// ErrNoData is wrapped by Resolve for a period without any month of data.
var ErrNoData = errors.New("no data for the period")

var (
	reMonth   = regexp.MustCompile(`^(\d{4})-?(\d{2})$`)
	reQuarter = regexp.MustCompile(`^(\d{4})-?[Qq]([1-4])$`)
	reYear    = regexp.MustCompile(`^(\d{4})$`)
)

// Parse reads YYYY-MM (or YYYYMM), YYYY-Qn (or YYYYQn) or YYYY.
func Parse(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("period %q: want a month YYYY-MM, a quarter YYYY-Qn or a year YYYY: %w", s, ErrSyntax)
	year := func(t string) (int, bool) {
		y, err := strconv.Atoi(t)
		return y, err == nil && y >= 2000 && y <= 2100
	}
	switch {
	case reMonth.MatchString(s):
		g := reMonth.FindStringSubmatch(s)
		y, ok := year(g[1])
		mo, _ := strconv.Atoi(g[2])
		if !ok || mo < 1 || mo > 12 {
			return Period{}, bad
		}
		return OfMonth(time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)), nil
	case reQuarter.MatchString(s):
		g := reQuarter.FindStringSubmatch(s)
		y, ok := year(g[1])
		if !ok {
			return Period{}, bad
		}
		q, _ := strconv.Atoi(g[2])
		from := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(0, 2, 0)
		return Period{Kind: Quarter, From: from, To: to, Last: to}, nil
	case reYear.MatchString(s):
		y, ok := year(s)
		if !ok {
			return Period{}, bad
		}
		from := time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(y, time.December, 1, 0, 0, 0, 0, time.UTC)
		return Period{Kind: Year, From: from, To: to, Last: to}, nil
	}
	return Period{}, bad
}

// OfMonth is the one-month period of m.
func OfMonth(m time.Time) Period {
	m = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: Month, From: m, To: m, Last: m}
}

// String is the canonical form: 2009-12, 2009-Q4 or 2009.
func (p Period) String() string {
	switch p.Kind {
	case Quarter:
		return fmt.Sprintf("%d-Q%d", p.From.Year(), (int(p.From.Month())+2)/3)
	case Year:
		return strconv.Itoa(p.From.Year())
	}
	return p.From.Format("2006-01")
}

// Label names the period for a reader: 2009年12月, 2009年第四季度, 2009年 (zh) or
// 2009-12, Q4 2009, 2009.
func (p Period) Label(zh bool) string {
	q := (int(p.From.Month()) + 2) / 3
	switch {
	case p.Kind == Quarter && zh:
		return fmt.Sprintf("%d年第%s季度", p.From.Year(), []string{"一", "二", "三", "四"}[q-1])
	case p.Kind == Quarter:
		return fmt.Sprintf("Q%d %d", q, p.From.Year())
	case p.Kind == Year && zh:
		return fmt.Sprintf("%d年", p.From.Year())
	case p.Kind == Year:
		return strconv.Itoa(p.From.Year())
	case zh:
		return fmt.Sprintf("%d年%d月", p.From.Year(), int(p.From.Month()))
	}
	return p.From.Format("2006-01")
}

// Months lists the period's months, oldest first.
func (p Period) Months() []time.Time {
	var out []time.Time
	for m := p.From; !m.After(p.To); m = m.AddDate(0, 1, 0) {
		out = append(out, m)
	}
	return out
}

// Resolve sets Last to the latest month of the period found in data (months with data,
// any order); a period none of whose months has data is ErrNoData, with a sentence that
// says which months the data cover.
func (p Period) Resolve(data []time.Time) (Period, error) {
	var first, last, in time.Time
	for _, m := range data {
		if first.IsZero() || m.Before(first) {
			first = m
		}
		if m.After(last) {
			last = m
		}
		if !m.Before(p.From) && !m.After(p.To) && m.After(in) {
			in = m
		}
	}
	if in.IsZero() {
		if first.IsZero() {
			return p, fmt.Errorf("no ledger data for %s: nothing has been ingested yet: %w", p, ErrNoData)
		}
		return p, fmt.Errorf("no ledger data for %s: the data cover %s to %s: %w", p, first.Format("2006-01"), last.Format("2006-01"), ErrNoData)
	}
	p.Last = in
	return p, nil
}

// Choices lists the periods the data offer, newest first within each kind: every month,
// every quarter and every year with at least one month of data.
func Choices(data []time.Time) (months, quarters, years []Period) {
	seen := map[string]bool{}
	for i := len(data) - 1; i >= 0; i-- {
		m := OfMonth(data[i])
		months = append(months, m)
		q, _ := Parse(fmt.Sprintf("%d-Q%d", m.From.Year(), (int(m.From.Month())+2)/3))
		if !seen[q.String()] {
			seen[q.String()] = true
			quarters = append(quarters, q)
		}
		y, _ := Parse(strconv.Itoa(m.From.Year()))
		if !seen[y.String()] {
			seen[y.String()] = true
			years = append(years, y)
		}
	}
	return months, quarters, years
}
