package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fullemp/standard"
	"fullemp/warehouse"
)

// reportProgress prints the targets of the year as of a month, with the standards' summary.
func reportProgress(ctx context.Context, app *App, args []string) error {
	r := newReportFlags(app, "progress", "progress --year Y [--period P] [--region CODE] [flags]")
	r.fs.IntVar(&r.year, "year", 0, "the campaign year (required unless --period gives it)")
	r.addPeriod("as of this period's last month with a ledger (default December of --year)")
	r.fs.StringVar(&r.region, "region", "", "region code or district group (default the city 3301)")
	if _, err := r.parse(app, args); err != nil {
		return err
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	asOf, err := r.asOf(ctx, s, true)
	if err != nil {
		return err
	}
	p, err := s.Progress(ctx, app.Config.Standard, r.year, asOf, defaultRegion(r.region))
	if err != nil {
		return err
	}
	// The Chinese name goes last: tabwriter counts runes, not display width.
	header := []string{"target", "scope", "measure", "met/of", "percent", "target%", "met", "gap", "pace/month", "outlook 达成情况", "名称 name"}
	var rows [][]string
	for _, t := range p.Targets {
		rows = append(rows, []string{t.ID, scope(t.Target), t.Measure, fmt.Sprintf("%d/%d", t.Num, t.Den),
			pct1(t.Value), fmt.Sprintf("%g%%", t.Percent), yesNo(t.Met), u(t.Gap),
			fmt.Sprintf("%.1f", t.Projection.PerMonth), outlook(t), t.Label(true)})
	}
	return r.emit(app, report{value: p, header: header, rows: rows,
		title: fmt.Sprintf("Progress 进度 %d as of %s — %s %s\n\n", p.Year, p.AsOf.Format("2006-01"), p.Region.Name, p.Region.Code),
		notes: func(w io.Writer) { printSummary(w, p) }})
}

// asOf returns the month --period (or --month) gives, its last with a ledger, and sets
// --year from it when not given; the zero time (December of --year) when neither is. With
// inYear, a period of another year than --year is an error.
func (r *reportFlags) asOf(ctx context.Context, s *warehouse.Store, inYear bool) (time.Time, error) {
	p, ok, err := r.periodFlag()
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		if r.year == 0 {
			r.fs.Usage()
			return time.Time{}, fmt.Errorf("--year or --period is required: %w", errUsage)
		}
		return time.Time{}, nil
	}
	if r.year == 0 {
		r.year = p.Year
	}
	if inYear && p.Year != r.year {
		return time.Time{}, fmt.Errorf("--period %s is not in --year %d", p, r.year)
	}
	sp, err := spanOf(ctx, s, p)
	if err != nil {
		return time.Time{}, err
	}
	return sp.AsOf, nil
}

func printSummary(w io.Writer, p warehouse.Progress) {
	fmt.Fprintf(w, "\nCommunities meeting the standard 达标社区: %d of %d assessed (%s); converted 撤村建居: %d of %d\n",
		p.CommunitiesMet, p.CommunitiesAssessed, pct1(standard.Percent(uint64(p.CommunitiesMet), uint64(p.CommunitiesAssessed), 0)),
		p.ConvertedMet, p.ConvertedAssessed)
	fmt.Fprintf(w, "Zero-employment households in them 达标社区零就业家庭: %d formed, %d eliminated since January\n", p.MetZeroFormed, p.MetZeroEliminated)
	fmt.Fprintf(w, "Streets meeting the standard 达标街道: %d of %d with assessed communities\n", p.StreetsMet, p.StreetsAssessed)
	if len(p.MissingLedger) > 0 {
		list := p.MissingLedger
		more := ""
		if len(list) > 20 {
			list, more = list[:20], fmt.Sprintf(" … (+%d)", len(p.MissingLedger)-20)
		}
		fmt.Fprintf(w, "Ledger missing for %s 台帐缺失 (%d): %s%s\n", p.AsOf.Format("2006-01"), len(p.MissingLedger), strings.Join(list, " "), more)
	}
}

func scope(t standard.Target) string {
	s := "city"
	if len(t.Groups) > 0 {
		s = strings.Join(t.Groups, "+")
	}
	if t.CommunityType != "" {
		s += ", " + t.CommunityType
	}
	return s
}

// outlook says where a target stands: final in a closed year, met since a month, on pace
// for a month by the deadline, or the pace the deadline needs (never a month past it).
func outlook(t standard.TargetResult) string {
	p := t.Projection
	switch p.State {
	case standard.StateFinal:
		if t.Met {
			return "met (final) 已达成"
		}
		return "missed (final) 未达成"
	case standard.StateMet:
		if t.FirstMet != nil {
			return "met since " + t.FirstMet.Format("2006-01") + " 已达成"
		}
		return "met 已达成"
	case standard.StateOnPace:
		return "on pace for " + p.Reached.Format("2006-01")
	case standard.StateOffPace:
		return fmt.Sprintf("off pace: needs %.1f more a month to %d-12 期限前无法达成", p.NeededPerMonth, t.Year)
	}
	return "too few months for a pace"
}
