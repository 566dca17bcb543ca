package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fullemp/warehouse"
)

// reportRegion prints every figure of a region over a period, then its children's:
// stocks as of the period's last month with a ledger, flows summed over its months.
func reportRegion(ctx context.Context, app *App, args []string) error {
	r := newReportFlags(app, "region", "region CODE --period 2009-12|2009-Q4|2009 [flags]")
	code, p, err := r.parseAt(app, args, "region")
	if err != nil {
		return err
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	regs, err := s.Regions(ctx)
	if err != nil {
		return err
	}
	if _, ok := regs.Lookup(code); !ok {
		return fmt.Errorf("region %q: %w", code, warehouse.ErrUnknownRegion)
	}
	sp, err := spanOf(ctx, s, p)
	if err != nil {
		return err
	}
	f, err := s.PeriodFigures(ctx, code, sp)
	if err != nil {
		return err
	}
	kids, err := s.ChildPeriodFigures(ctx, code, sp)
	if err != nil {
		return err
	}
	pl := f.Placements
	m := sp.AsOf
	span := m.Format("2006-01")
	if sp.From() != sp.AsOf {
		span = sp.From().Format("2006-01") + " to " + span
	}
	var title strings.Builder
	fmt.Fprintf(&title, "%s %s (%s) — %s %s", f.Region.Name, f.Region.Code, f.Region.Level, p, p.Label("zh"))
	if sp.Partial() {
		fmt.Fprintf(&title, ", as of %s 数据截至%s", m.Format("2006-01"), m.Format("2006-01"))
	}
	fmt.Fprintf(&title, "\nStocks at %s, flows (formed, eliminated, placements) summed over %s (%d months with a ledger). 存量为期末数，流量为期内合计。\n",
		m.Format("2006-01"), span, len(sp.Months))
	fmt.Fprintf(&title, "%s: %d communities, %d with a ledger", m.Format("2006-01"), f.Communities, f.Reporting)
	if len(f.Missing) > 0 {
		list := f.Missing
		if len(list) > 20 {
			list = append(list[:20:20], fmt.Sprintf("… (+%d)", len(f.Missing)-20))
		}
		fmt.Fprintf(&title, "; missing 缺失: %s", strings.Join(list, " "))
	}
	title.WriteString("\n")
	if f.Reporting == 0 {
		title.WriteString("No ledger of this region for the month: no stocks. 本月无台帐。\n")
	}
	title.WriteString("\n")
	header := []string{"code", "name", "reporting", "labour force", "target group", "employed", "ledger", "matched", "rate",
		"reg. unemp.", "4050", "hard", "long-term", "graduates", "rural", "zero formed", "eliminated", "outstanding"}
	rows := [][]string{figureRow(f.Figures)}
	for _, k := range kids {
		rows = append(rows, figureRow(k.Figures))
	}
	return r.emit(app, report{value: map[string]any{"figures": f, "children": kids, "placements": pl},
		title: title.String(), header: header, rows: rows,
		notes: func(w io.Writer) {
			fmt.Fprintf(w, "\nPlacements 帮扶安置 %s: %d;", span, pl.Total)
			for _, c := range pl.Channels {
				fmt.Fprintf(w, " %s %d", c.ChannelZH, c.Count)
			}
			fmt.Fprintf(w, "; 72-hour promise 72小时承诺 %d/%d = %s\n", pl.Promise.Num, pl.Promise.Den, pct1(pl.Promise.Percent))
		}})
}

func figureRow(f warehouse.Figures) []string {
	if f.Reporting == 0 {
		return []string{f.Region.Code, f.Region.Name, fmt.Sprintf("0/%d", f.Communities), "missing", "", "", "", "", "", "", "", "", "", "", "", "", "", ""}
	}
	rate := func(r warehouse.Rate) string { return fmt.Sprintf("%s (%d/%d)", pct1(r.Percent), r.Num, r.Den) }
	return []string{f.Region.Code, f.Region.Name, fmt.Sprintf("%d/%d", f.Reporting, f.Communities),
		u(f.LabourForce), u(f.TargetGroup), u(f.Employed), u(f.LedgerEmployed), u(f.Matched),
		pct1(f.EmploymentRate.Percent), pct1(f.RegisteredUnemployment.Percent), u(f.Age4050), u(f.HardToEmploy),
		u(f.LongTermUnemployed), rate(f.GraduateRate), rate(f.RuralLabourRate),
		u(f.Zero.Formed), u(f.Zero.Eliminated), u(f.Zero.Outstanding)}
}

// reportZero prints a region's zero-employment series, or its open households in a month.
func reportZero(ctx context.Context, app *App, args []string) error {
	r := newReportFlags(app, "zero", "zero CODE (--from YYYY-MM [--to YYYY-MM] | --period P) [--households] [flags]")
	households := r.fs.Bool("households", false, "list the outstanding households in --to (the period's last month with a ledger) instead")
	code, err := r.parseRange(app, args)
	if err != nil {
		return err
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	from, to, err := r.monthsOf(ctx, s)
	if err != nil {
		return err
	}
	if *households {
		hh, err := s.ZeroHouseholds(ctx, code, to)
		if err != nil {
			return err
		}
		var rows [][]string
		for _, h := range hh {
			rows = append(rows, []string{h.CommunityCode, h.HouseholdID, u(h.LabourForce), h.Since.Format("2006-01")})
		}
		return r.emit(app, report{value: hh, header: []string{"community", "household", "labour force", "since"}, rows: rows})
	}
	series, err := s.ZeroSeries(ctx, code, from, to)
	if err != nil {
		return err
	}
	var rows [][]string
	for _, z := range series {
		if z.Reporting == 0 {
			rows = append(rows, []string{z.Month.Format("2006-01"), "missing", "", "", ""})
			continue
		}
		rows = append(rows, []string{z.Month.Format("2006-01"), u(z.Formed), u(z.Eliminated), u(z.Outstanding), fmt.Sprintf("%d", z.Missing)})
	}
	return r.emit(app, report{value: series, header: []string{"month", "formed", "eliminated", "outstanding", "communities missing"}, rows: rows})
}

// reportPlacements prints placements by channel and the 72-hour promise rate.
func reportPlacements(ctx context.Context, app *App, args []string) error {
	r := newReportFlags(app, "placements", "placements CODE (--from YYYY-MM [--to YYYY-MM] | --period P) [flags]")
	code, err := r.parseRange(app, args)
	if err != nil {
		return err
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	from, to, err := r.monthsOf(ctx, s)
	if err != nil {
		return err
	}
	pl, err := s.Placements(ctx, code, from, to)
	if err != nil {
		return err
	}
	var rows [][]string
	for _, c := range pl.Channels {
		rows = append(rows, []string{c.Channel, c.ChannelZH, u(c.Count)})
	}
	rows = append(rows, []string{"total", "合计", u(pl.Total)},
		[]string{"72h promise", "72小时承诺", fmt.Sprintf("%d/%d = %s", pl.Promise.Num, pl.Promise.Den, pct1(pl.Promise.Percent))})
	return r.emit(app, report{value: pl, header: []string{"channel", "帮扶方式", "placements"}, rows: rows})
}
