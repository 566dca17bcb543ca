package warehouse

import (
	"context"
	"fmt"
	"time"

	"fullemp/campaign"
	"fullemp/period"
)

// PeriodFigures are a region's figures over a period (a month, a quarter or a year, read
// against the months with a ledger: period.Span). Stocks — persons, labour force, rates,
// outstanding zero-employment households — are the figures of AsOf, the period's last
// month with a ledger; flows — zero-employment households formed and eliminated,
// placements and the 72-hour promise — are summed over the period's months up to AsOf.
type PeriodFigures struct {
	// Figures are AsOf's, except Zero.Formed and Zero.Eliminated: the sums over Months.
	Figures
	Period string    `json:"period"`
	From   time.Time `json:"from"`
	AsOf   time.Time `json:"as_of"`
	// Months are the period's months with a ledger (of any region), oldest first.
	Months []time.Time `json:"months"`
	// Partial: AsOf is before the period's last month (a quarter or year in progress).
	Partial bool `json:"partial"`
	// Placements are those placed in the months From to AsOf.
	Placements Placements `json:"placements"`
}

// PeriodFigures returns the region's figures over the span.
func (s *Store) PeriodFigures(ctx context.Context, code string, sp period.Span) (PeriodFigures, error) {
	out, err := s.periodFigures(ctx, code, sp, false)
	if err != nil {
		return PeriodFigures{}, err
	}
	return out[0], nil
}

// ChildPeriodFigures returns PeriodFigures for each child of the region (the city's are
// the district groups, as for ChildFigures), from one read of the aggregates and one of
// the placements.
func (s *Store) ChildPeriodFigures(ctx context.Context, code string, sp period.Span) ([]PeriodFigures, error) {
	return s.periodFigures(ctx, code, sp, true)
}

func (s *Store) periodFigures(ctx context.Context, code string, sp period.Span, children bool) ([]PeriodFigures, error) {
	if len(sp.Months) == 0 {
		return nil, &period.NoDataError{Period: sp.Period}
	}
	regs, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	reg, err := regs.region(code)
	if err != nil {
		return nil, err
	}
	list := []Region{reg}
	if children {
		list = regs.Children(code)
	}
	from, asOf := monthStart(sp.From()), monthStart(sp.AsOf)
	tab, err := s.loadMonths(ctx, from, asOf)
	if err != nil {
		return nil, err
	}
	pls, err := s.placementsOf(ctx, regs, reg, list, from, asOf)
	if err != nil {
		return nil, err
	}
	out := make([]PeriodFigures, 0, len(list))
	for i, r := range list {
		f := PeriodFigures{Figures: regs.figures(r, asOf, tab[asOf]), Period: sp.Period.String(), From: from, AsOf: asOf,
			Months: sp.Months, Partial: sp.Partial(), Placements: pls[i]}
		f.Zero.Formed, f.Zero.Eliminated = 0, 0
		for _, m := range sp.Months {
			z := regs.figures(r, m, tab[monthStart(m)]).Zero
			f.Zero.Formed += z.Formed
			f.Zero.Eliminated += z.Eliminated
		}
		out = append(out, f)
	}
	return out, nil
}

// placementsOf counts the placements of each region of list, all within parent, placed in
// the months [from, to], from one query.
func (s *Store) placementsOf(ctx context.Context, regs *Regions, parent Region, list []Region, from, to time.Time) ([]Placements, error) {
	prefix := parent.Code
	if parent.Level == LevelCity || parent.Level == LevelGroup {
		prefix = ""
	}
	rows, err := s.Conn.Query(ctx, qPlacements, from.Format("2006-01-02"), to.Format("2006-01-02"), prefix)
	if err != nil {
		return nil, fmt.Errorf("placements: %w", err)
	}
	defer rows.Close()
	type tally struct {
		by              map[string]uint64
		total, req, kep uint64
	}
	tallies := make([]tally, len(list))
	for i := range tallies {
		tallies[i].by = map[string]uint64{}
	}
	for rows.Next() {
		var c, ch string
		var n, req, k uint64
		if err := rows.Scan(&c, &ch, &n, &req, &k); err != nil {
			return nil, fmt.Errorf("placements: %w", err)
		}
		for i, r := range list {
			if regs.Contains(r, c) {
				t := &tallies[i]
				t.by[ch] += n
				t.total += n
				t.req += req
				t.kep += k
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("placements: %w", err)
	}
	out := make([]Placements, len(list))
	for i, r := range list {
		t := tallies[i]
		p := Placements{Region: r, From: from, To: to, Total: t.total, Promise: NewRate(t.kep, t.req, 100)}
		for _, ch := range campaign.Channels.Values() {
			p.Channels = append(p.Channels, ChannelCount{Channel: ch, ChannelZH: campaign.Channels.Chinese(ch), Count: t.by[ch]})
		}
		out[i] = p
	}
	return out, nil
}
