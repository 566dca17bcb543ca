package period

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Span is a period read against the months that have a ledger. Stocks (persons, labour
// force, rates, outstanding zero-employment households, standards as of) are read at
// AsOf, the period's last month with data; flows (households formed and eliminated,
// placements, the 72-hour promise) are summed over the period's months up to AsOf.
type Span struct {
	Period Period
	// Months are the period's months with a ledger, oldest first; never empty.
	Months []time.Time
	// AsOf is the last of Months.
	AsOf time.Time
}

// Partial reports whether the span stops before the period's last month: a quarter or a
// year still in progress, or one whose last months have no ledger ("as of 2010-09").
func (s Span) Partial() bool { return !s.AsOf.Equal(s.Period.Last()) }

// From is the period's first month: flows count from it (a month without a ledger adds
// nothing).
func (s Span) From() time.Time { return s.Period.First() }

// Key names the span in cache keys: the period as parsed and the month it is read at.
func (s Span) Key() string { return s.Period.String() + "@" + s.AsOf.Format("2006-01") }

// ErrNoData is matched (errors.Is) by a *NoDataError.
var ErrNoData = errors.New("no ledger data for the period")

// NoDataError says that a period has no month with a ledger: a page, an API answer or a
// report of it would be all zeros, so there is none. Its message is a sentence in Chinese
// and then in English, for users.
type NoDataError struct {
	Period Period
	// First and Last are the first and last months with a ledger (zero when there is none).
	First, Last time.Time
}

func (e *NoDataError) Error() string {
	if e.First.IsZero() {
		return fmt.Sprintf("%s没有台帐数据（仓库中还没有任何台帐），因此没有数字。There is no ledger data for %s (the warehouse holds no ledger yet), so there are no figures.",
			e.Period.Label("zh"), e.Period.Label("en"))
	}
	return fmt.Sprintf("%s没有台帐数据（现有数据为%s至%s），因此没有数字。There is no ledger data for %s (the data cover %s to %s), so there are no figures.",
		e.Period.Label("zh"), MonthLabel(e.First, "zh"), MonthLabel(e.Last, "zh"),
		e.Period.Label("en"), MonthLabel(e.First, "en"), MonthLabel(e.Last, "en"))
}

func (e *NoDataError) Is(target error) bool { return target == ErrNoData }

// Resolve reads p against months, the months with a ledger (any order): its span, or a
// *NoDataError when none of them lies in p.
func (p Period) Resolve(months []time.Time) (Span, error) {
	sorted := normalize(months)
	sp := Span{Period: p}
	for _, m := range sorted {
		if p.Contains(m) {
			sp.Months = append(sp.Months, m)
		}
	}
	if len(sp.Months) == 0 {
		e := &NoDataError{Period: p}
		if len(sorted) > 0 {
			e.First, e.Last = sorted[0], sorted[len(sorted)-1]
		}
		return Span{}, e
	}
	sp.AsOf = sp.Months[len(sp.Months)-1]
	return sp, nil
}

// Choices are the periods a selector offers for months with a ledger: every month,
// quarter and year with at least one of them, newest first.
func Choices(months []time.Time) (ms, qs, ys []Period) {
	sorted := normalize(months)
	seen := map[Period]bool{}
	for i := len(sorted) - 1; i >= 0; i-- {
		m := Of(sorted[i])
		q := Period{Quarterly, m.Year, (m.Index + 2) / 3}
		y := Period{Annual, m.Year, 1}
		ms = append(ms, m)
		if !seen[q] {
			seen[q] = true
			qs = append(qs, q)
		}
		if !seen[y] {
			seen[y] = true
			ys = append(ys, y)
		}
	}
	return ms, qs, ys
}

// normalize returns the months' first days, UTC, sorted, without repeats.
func normalize(months []time.Time) []time.Time {
	out := make([]time.Time, 0, len(months))
	seen := map[time.Time]bool{}
	for _, m := range months {
		m = month(m.Year(), int(m.Month()))
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}
