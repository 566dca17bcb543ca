package main

import (
	"context"
	"fmt"
	"strings"

	"fullemp/standard"
)

// reportStandards prints each community's and street's standard with its items.
func reportStandards(ctx context.Context, app *App, args []string) error {
	r := newReportFlags(app, "standards", "standards --year Y [--period P] [--region CODE] [--failed] [flags]")
	r.fs.IntVar(&r.year, "year", 0, "the campaign year (required unless --period gives it)")
	r.addPeriod("as of this period's last month with a ledger (default December of --year)")
	r.fs.StringVar(&r.region, "region", "", "region code or district group (default the city 3301)")
	failed := r.fs.Bool("failed", false, "only communities and streets that do not meet the standard")
	if _, err := r.parse(app, args); err != nil {
		return err
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	asOf, err := r.asOf(ctx, s, false)
	if err != nil {
		return err
	}
	st, err := s.Standards(ctx, app.Config.Standard, r.year, asOf, defaultRegion(r.region))
	if err != nil {
		return err
	}
	if *failed {
		var cs []standard.CommunityResult
		for _, c := range st.Communities {
			if c.Assessed && !c.Met {
				cs = append(cs, c)
			}
		}
		var ss []standard.StreetResult
		for _, x := range st.Streets {
			if x.Assessed && !x.Met {
				ss = append(ss, x)
			}
		}
		st.Communities, st.Streets = cs, ss
	}
	header := []string{"level", "code", "name", "met", "item", "held", "value", "threshold", "reason", "原因"}
	var rows [][]string
	add := func(level, code, name string, assessed, met bool, items []standard.Item) {
		if !assessed {
			rows = append(rows, []string{level, code, name, "not assessed 未纳入考核", "", "", "", "", "", ""})
			return
		}
		for i, it := range items {
			m := ""
			if i == 0 {
				m = yesNo(met)
			}
			rows = append(rows, []string{level, code, name, m, it.ID, yesNo(it.Held),
				fmt.Sprintf("%g", it.Value), fmt.Sprintf("%g", it.Threshold), oneLine(it.Reason), oneLine(it.ReasonZH)})
		}
	}
	for _, x := range st.Streets {
		add("street", x.Code, x.Name, x.Assessed, x.Met, x.Items)
	}
	for _, c := range st.Communities {
		add("community", c.Code, c.Name, c.Assessed, c.Met, c.Items)
	}
	return r.emit(app, report{value: st, header: header, rows: rows,
		title: fmt.Sprintf("Standards 达标 %d as of %s — %s %s\n\n", st.Year, st.AsOf.Format("2006-01"), st.Region.Name, st.Region.Code)})
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }
