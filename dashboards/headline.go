package dashboards

import (
	"context"
	"time"

	"fullemp/period"
	"fullemp/warehouse"
)

// HeadlineFigure is one of a region's headline figures for a month, with its change from
// the month before (环比) and from the same month a year before (同比), and its trend over
// the thirteen months up to the month.
type HeadlineFigure struct {
	// Key names the figure (also its message key): communities_met, streets_met,
	// employment_rate, registered_unemployment, labour_force, matched, zero_outstanding,
	// age_4050, hard_to_employ, long_term.
	Key string `json:"key"`
	// Percent marks a rate: Value is a percent and the changes are percentage points.
	Percent bool    `json:"percent"`
	Value   float64 `json:"value"`
	// Of is the base of a count of a whole (communities met of Of assessed); 0 otherwise.
	Of float64 `json:"of,omitempty"`
	// MoM (环比) is Value less the value one period before (a month before for a month, a
	// quarter before for a quarter; none for a year, whose 环比 is its 同比); YoY (同比)
	// Value less the value a year before. Nil when that month has no data (no community of
	// the region reported, or no standard was assessed).
	MoM *float64 `json:"mom"`
	YoY *float64 `json:"yoy"`
	// Trend holds the months up to the month that have data, oldest first.
	Trend []TrendPoint `json:"trend"`
	// NoData says the month itself has no data for the figure (Value is then 0).
	NoData bool `json:"no_data,omitempty"`
}

// TrendPoint is a figure's value in a month.
type TrendPoint struct {
	Month string  `json:"month"` // YYYY-MM
	Value float64 `json:"value"`
}

// Headline returns the region's headline figures for the span: assessed communities (and
// streets, above the street level) meeting the standard, then the ledger's figures. All are
// stocks, read at the span's AsOf; each value is the one the region's other figures show
// for that month (Figures, Progress).
func (s Source) Headline(ctx context.Context, code string, sp period.Span) ([]HeadlineFigure, error) {
	reg, _, err := s.check(ctx, code)
	if err != nil {
		return nil, err
	}
	month := sp.AsOf
	// 环比 compares with the same point one period before; a year has only its 同比.
	var prev time.Time
	if sp.Period.Kind != period.Annual {
		prev = month.AddDate(0, -sp.Period.Step(), 0)
	}
	from := month.AddDate(-1, 0, 0)
	series, err := s.FiguresSeries(ctx, code, from, month)
	if err != nil {
		return nil, err
	}
	// A month counts only when some community of the region reported a ledger for it (a
	// standard evaluated on no ledger at all is not a figure to compare with).
	reported := map[time.Time]bool{}
	for _, f := range series {
		reported[f.Month] = f.Reporting > 0
	}
	var out []HeadlineFigure
	if reg.Level != warehouse.LevelCommunity {
		// The standards are assessed per year: the history of the month's year and of the
		// year before cover the thirteen months.
		var comms, streets []pointOf
		for _, y := range []int{from.Year(), month.Year()} {
			p, err := s.Progress(ctx, code, y, asOfIn(y, month))
			if err != nil {
				return nil, err
			}
			for _, h := range p.CommunityHistory {
				if reported[monthStart(h.Month)] {
					comms = append(comms, pointOf{h.Month, float64(h.Num), float64(h.Den)})
				}
			}
			for _, h := range p.StreetHistory {
				if reported[monthStart(h.Month)] {
					streets = append(streets, pointOf{h.Month, float64(h.Num), float64(h.Den)})
				}
			}
		}
		out = append(out, headlineOf("communities_met", false, from, month, prev, comms))
		if reg.Level != warehouse.LevelStreet {
			out = append(out, headlineOf("streets_met", false, from, month, prev, streets))
		}
	}
	ledger := []struct {
		key     string
		percent bool
		value   func(f warehouse.Figures) float64
	}{
		{"employment_rate", true, func(f warehouse.Figures) float64 { return f.EmploymentRate.Percent }},
		{"registered_unemployment", true, func(f warehouse.Figures) float64 { return f.RegisteredUnemployment.Percent }},
		{"labour_force", false, func(f warehouse.Figures) float64 { return float64(f.LabourForce) }},
		{"matched", false, func(f warehouse.Figures) float64 { return float64(f.MatchedAll) }},
		{"zero_outstanding", false, func(f warehouse.Figures) float64 { return float64(f.Zero.Outstanding) }},
		{"age_4050", false, func(f warehouse.Figures) float64 { return float64(f.Age4050) }},
		{"hard_to_employ", false, func(f warehouse.Figures) float64 { return float64(f.HardToEmploy) }},
		{"long_term", false, func(f warehouse.Figures) float64 { return float64(f.LongTermUnemployed) }},
	}
	for _, l := range ledger {
		var pts []pointOf
		for _, f := range series {
			if f.Reporting > 0 {
				pts = append(pts, pointOf{f.Month, l.value(f), 0})
			}
		}
		out = append(out, headlineOf(l.key, l.percent, from, month, prev, pts))
	}
	return out, nil
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// pointOf is a month's value (and, for a count of a whole, its base).
type pointOf struct {
	month time.Time
	value float64
	of    float64
}

// headlineOf builds a figure from its values by month (those in [from, month] only), its
// 环比 against prev (none when prev is zero) and its 同比 against a year before month.
func headlineOf(key string, percent bool, from, month, prev time.Time, pts []pointOf) HeadlineFigure {
	h := HeadlineFigure{Key: key, Percent: percent, Trend: []TrendPoint{}}
	by := map[time.Time]pointOf{}
	for _, p := range pts {
		m := monthStart(p.month)
		if m.Before(from) || m.After(month) || (p.of == 0 && key == "communities_met") || (p.of == 0 && key == "streets_met") {
			continue
		}
		by[m] = pointOf{m, p.value, p.of}
	}
	for m := from; !m.After(month); m = m.AddDate(0, 1, 0) {
		if p, ok := by[m]; ok {
			h.Trend = append(h.Trend, TrendPoint{m.Format("2006-01"), p.value})
		}
	}
	cur, ok := by[month]
	if !ok {
		h.NoData = true
		return h
	}
	h.Value, h.Of = cur.value, cur.of
	change := func(m time.Time) *float64 {
		if p, ok := by[m]; ok {
			d := roundTo(cur.value-p.value, 2)
			return &d
		}
		return nil
	}
	if !prev.IsZero() {
		h.MoM = change(prev)
	}
	h.YoY = change(month.AddDate(-1, 0, 0))
	return h
}

// roundTo rounds x to n decimals (rates' changes in points show two).
func roundTo(x float64, n int) float64 {
	p := 1.0
	for i := 0; i < n; i++ {
		p *= 10
	}
	if x < 0 {
		return -float64(int64(-x*p+0.5)) / p
	}
	return float64(int64(x*p+0.5)) / p
}
