package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fullemp/warehouse"
)

// reportRegion prints every figure of a region for a month, then its children's.
func reportRegion(ctx context.Context, app *App, args []string) error {
	r := newReportFlags(app, "region", "region CODE --month YYYY-MM [flags]")
	code, m, err := r.parseAt(app, args, "region")
	if err != nil {
		return err
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	f, err := s.Figures(ctx, code, m)
	if err != nil {
		return err
	}
	kids, err := s.ChildFigures(ctx, code, m)
	if err != nil {
		return err
	}
	pl, err := s.Placements(ctx, code, m, m)
	if err != nil {
		return err
	}
	var title strings.Builder
	fmt.Fprintf(&title, "%s %s (%s) — %s: %d communities, %d with a ledger", f.Region.Name, f.Region.Code, f.Region.Level,
		m.Format("2006-01"), f.Communities, f.Reporting)
	if len(f.Missing) > 0 {
		list := f.Missing
		if len(list) > 20 {
			list = append(list[:20:20], fmt.Sprintf("… (+%d)", len(f.Missing)-20))
		}
		fmt.Fprintf(&title, "; missing 缺失: %s", strings.Join(list, " "))
	}
	title.WriteString("\n")
	if f.Reporting == 0 {
		title.WriteString("No ledger for this month: no figures. 本月无台帐。\n")
	}
	title.WriteString("\n")
	header := []string{"code", "name", "reporting", "labour force", "target group", "employed", "ledger", "matched", "rate",
		"reg. unemp.", "4050", "hard", "long-term", "graduates", "rural", "zero formed", "eliminated", "outstanding"}
	rows := [][]string{figureRow(f)}
	for _, k := range kids {
		rows = append(rows, figureRow(k))
	}
	return r.emit(app, report{value: map[string]any{"figures": f, "children": kids, "placements": pl},
		title: title.String(), header: header, rows: rows,
		notes: func(w io.Writer) {
			fmt.Fprintf(w, "\nPlacements 帮扶安置 %s: %d;", m.Format("2006-01"), pl.Total)
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
	r := newReportFlags(app, "zero", "zero CODE --from YYYY-MM --to YYYY-MM [--households] [flags]")
	households := r.fs.Bool("households", false, "list the outstanding households in --to instead")
	code, from, to, err := r.parseRange(app, args)
	if err != nil {
		return err
	}
	s, err := app.Store(ctx)
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
	r := newReportFlags(app, "placements", "placements CODE --from YYYY-MM [--to YYYY-MM] [flags]")
	code, from, to, err := r.parseRange(app, args)
	if err != nil {
		return err
	}
	s, err := app.Store(ctx)
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
