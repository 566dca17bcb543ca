package warehouse

import (
	"context"
	"fmt"
	"sort"
	"time"

	fsql "fullemp/sql"
)

// LedgerMonths returns the months that have aggregates (a ledger), oldest first.
func (s *Store) LedgerMonths(ctx context.Context) ([]time.Time, error) {
	return s.monthsOf(ctx, qAggregateMonths)
}

// Figures returns the figures of a region for a month (first day, UTC).
func (s *Store) Figures(ctx context.Context, code string, month time.Time) (Figures, error) {
	regs, err := s.Regions(ctx)
	if err != nil {
		return Figures{}, err
	}
	reg, err := regs.region(code)
	if err != nil {
		return Figures{}, err
	}
	m := monthStart(month)
	tab, err := s.loadMonths(ctx, m, m)
	if err != nil {
		return Figures{}, err
	}
	return regs.figures(reg, m, tab[m]), nil
}

// ChildFigures returns the figures of each child of a region for a month (the city's
// children are the district groups; use a group's to list its districts).
func (s *Store) ChildFigures(ctx context.Context, code string, month time.Time) ([]Figures, error) {
	regs, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := regs.region(code); err != nil {
		return nil, err
	}
	m := monthStart(month)
	tab, err := s.loadMonths(ctx, m, m)
	if err != nil {
		return nil, err
	}
	out := []Figures{}
	for _, child := range regs.Children(code) {
		out = append(out, regs.figures(child, m, tab[m]))
	}
	return out, nil
}

// ZeroSeries returns the region's zero-employment households formed, eliminated and
// outstanding for each month in [from, to] (months without any ledger of the region are
// included with Reporting 0).
func (s *Store) ZeroSeries(ctx context.Context, code string, from, to time.Time) ([]ZeroMonth, error) {
	figs, err := s.FiguresSeries(ctx, code, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]ZeroMonth, len(figs))
	for i, f := range figs {
		out[i] = f.Zero
	}
	return out, nil
}

// FiguresSeries returns the region's figures for each month in [from, to], oldest first
// (a month without any ledger of the region has Reporting 0): the trend lines and the
// month-on-month and year-on-year changes of the headline figures, from one read.
func (s *Store) FiguresSeries(ctx context.Context, code string, from, to time.Time) ([]Figures, error) {
	regs, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	reg, err := regs.region(code)
	if err != nil {
		return nil, err
	}
	from, to = monthStart(from), monthStart(to)
	tab, err := s.loadMonths(ctx, from, to)
	if err != nil {
		return nil, err
	}
	var out []Figures
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, regs.figures(reg, m, tab[m]))
	}
	return out, nil
}

// ZeroHouseholds lists the region's outstanding zero-employment households in a month, each
// with the month its spell was formed.
func (s *Store) ZeroHouseholds(ctx context.Context, code string, month time.Time) ([]ZeroHousehold, error) {
	regs, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	reg, err := regs.region(code)
	if err != nil {
		return nil, err
	}
	m := monthStart(month)
	day := m.Format("2006-01-02")
	open, err := s.openHouseholdRows(ctx, []time.Time{m})
	if err != nil {
		return nil, fmt.Errorf("zero-employment households: %w", err)
	}
	var comms []string
	seen := map[string]bool{}
	out := []ZeroHousehold{}
	for _, h := range open {
		if regs.Contains(reg, h.CommunityCode) {
			out = append(out, h.ZeroHousehold)
			if !seen[h.CommunityCode] {
				seen[h.CommunityCode] = true
				comms = append(comms, h.CommunityCode)
			}
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	// The spell began at the household's latest "formed" event on or before the month.
	since := map[[2]string]time.Time{}
	ev, err := s.Conn.Query(ctx, qZeroFormedSince, day, groupSet(comms))
	if err != nil {
		return nil, fmt.Errorf("zero-employment households: %w", err)
	}
	defer ev.Close()
	for ev.Next() {
		var c, h string
		var f time.Time
		if err := ev.Scan(&c, &h, &f); err != nil {
			return nil, fmt.Errorf("zero-employment households: %w", err)
		}
		since[[2]string{c, h}] = monthStart(f)
	}
	for i := range out {
		out[i].Since = since[[2]string{out[i].CommunityCode, out[i].HouseholdID}]
	}
	return out, ev.Err()
}

// figures sums a month's community rows over the region; communities without a row are
// missing.
func (r *Regions) figures(reg Region, m time.Time, rows map[string]*counts) Figures {
	f := Figures{Region: reg, Month: m, Missing: []string{}}
	var sum counts
	for _, c := range r.Communities(reg.Code) {
		f.Communities++
		row := rows[c.Code]
		if row == nil {
			f.Missing = append(f.Missing, c.Code)
			continue
		}
		f.Reporting++
		sum.add(row)
	}
	sort.Strings(f.Missing)
	f.Persons, f.Households = sum.persons, sum.households
	f.LabourForce, f.LabourForceEmployed = sum.labourForce, sum.lfEmployed
	f.TargetGroup, f.Employed = sum.targetGroup, sum.tgEmployed
	f.LedgerEmployed, f.Matched, f.MatchedAll = sum.tgLedgerEmployed, sum.tgMatched, sum.matched
	f.EmploymentRate = NewRate(sum.tgEmployed, sum.targetGroup, 100)
	f.RegisteredUnemployment = NewRate(sum.regUnemployed, sum.lfEmployed+sum.regUnemployed, 0)
	f.Age4050, f.Age4050Employed = sum.age4050, sum.age4050Employed
	f.HardToEmploy, f.HardToEmployEmployed = sum.hard, sum.hardEmployed
	f.LongTermUnemployed = sum.longTerm
	f.GraduateRate = NewRate(sum.gradEmployed, sum.gradTarget, 100)
	f.RuralLabourRate = NewRate(sum.ruralEmployed, sum.ruralTarget, 100)
	f.Zero = ZeroMonth{Month: m, Formed: sum.formed, Eliminated: sum.eliminated, Outstanding: sum.zero,
		Reporting: f.Reporting, Missing: len(f.Missing)}
	return f
}

// Queries of sql/queries read by this file.
var (
	qAggregateMonths = fsql.MustQuery("aggregate_months")
	qZeroFormedSince = fsql.MustQuery("zero_formed_since")
)

// OpeningShare is the share of the most communities any month has reported that a month
// needs to be the one pages open on: one stray row of a future month, or a month only a
// few communities have sent so far, does not take over the dashboards.
const OpeningShare = 0.5

// OpeningMonth returns the month the pages open on when none is asked for: the latest
// month that at least OpeningShare of the most communities any month has reported
// reported too; ok is false when there is no ledger.
func (s *Store) OpeningMonth(ctx context.Context) (month time.Time, ok bool, err error) {
	rows, err := s.Conn.Query(ctx, qMonthReporting)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("read reporting communities per month: %w", err)
	}
	defer rows.Close()
	type reported struct {
		month time.Time
		n     uint64
	}
	var all []reported
	var most uint64
	for rows.Next() {
		var r reported
		if err := rows.Scan(&r.month, &r.n); err != nil {
			return time.Time{}, false, fmt.Errorf("read reporting communities per month: %w", err)
		}
		r.month = monthStart(r.month)
		all = append(all, r)
		most = max(most, r.n)
	}
	if err := rows.Err(); err != nil {
		return time.Time{}, false, err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if float64(all[i].n) >= OpeningShare*float64(most) {
			return all[i].month, true, nil
		}
	}
	return time.Time{}, false, nil
}

var qMonthReporting = fsql.MustQuery("aggregate_month_reporting")
