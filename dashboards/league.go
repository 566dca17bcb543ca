package dashboards

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"fullemp/account"
	"fullemp/period"
	"fullemp/standard"
	"fullemp/warehouse"
)

// share is one region's share of assessed communities meeting the standard.
type share struct {
	code, name    string
	assessed, met int
	share         float64
	own           *standard.TargetResult
}

// districtShares returns the shares of the districts of region (the city or a district
// group) as of month, best first, each with its own target (nil when the year has none).
func districtShares(ctx context.Context, src Source, region string, month time.Time) ([]share, error) {
	progs, err := src.ChildProgress(ctx, region, month.Year(), month)
	if err != nil {
		return nil, err
	}
	rows := make([]share, len(progs))
	for i, p := range progs {
		rows[i] = share{code: p.Region.Code, name: p.Region.Name, assessed: p.CommunitiesAssessed, met: p.CommunitiesMet,
			share: standard.Percent(uint64(p.CommunitiesMet), uint64(p.CommunitiesAssessed), 0), own: ownOf(p)}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].share > rows[j].share })
	return rows, nil
}

// leagueTable ranks the districts of the city or of a district group, each judged on its
// own target (red/amber/green: met, within 10 points, further), with the change on the
// period before (the same point a month, quarter or year earlier) and a 合计 row (the
// region on its own target).
func leagueTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	reg, _, err := src.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	if reg.Level != warehouse.LevelCity && reg.Level != warehouse.LevelGroup {
		return nil, fmt.Errorf("table league of %s: the league ranks the districts of the city or of a district group: %w", region, account.ErrNotFound)
	}
	month := sp.AsOf
	rows, err := districtShares(ctx, src, region, month)
	if err != nil {
		return nil, err
	}
	prev := map[string]float64{}
	if pm := month.AddDate(0, -sp.Period.Step(), 0); pm.Year() >= 2007 {
		prows, err := districtShares(ctx, src, region, pm)
		if err != nil {
			return nil, err
		}
		for _, r := range prows {
			prev[r.code] = r.share
		}
	}
	city, err := src.Progress(ctx, region, month.Year(), month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "league", Title: T(lang, "league"), Columns: []string{"#", T(lang, "district"), T(lang, "code"),
		T(lang, "assessed"), T(lang, "meeting"), T(lang, "share"), T(lang, "own_target"), T(lang, "own_actual"), T(lang, "gap"), T(lang, "change_"+string(sp.Period.Kind))}}
	var sumA, sumM int
	for i, r := range rows {
		// The change is in percentage points, rounded as shown (also in the XLSX).
		ch := math.Round((r.share-prev[r.code])*10) / 10
		cells := []Cell{inum(i + 1), text(r.name), idText(r.code), inum(r.assessed), inum(r.met), pctCell(r.share)}
		cells = append(cells, ownCells(r.own, lang)...)
		cells = append(cells, Cell{Text: fmt.Sprintf("%+.1f", ch), Value: ch, Num: true})
		t.Rows = append(t.Rows, Row{Href: regionHref(r.code, sp.Period.String()), Cells: cells})
		sumA, sumM = sumA+r.assessed, sumM+r.met
	}
	if len(rows) > 0 {
		cells := []Cell{text(""), text(T(lang, "total")), idText(region), inum(sumA), inum(sumM),
			pctCell(standard.Percent(uint64(sumM), uint64(sumA), 0))}
		cells = append(cells, ownCells(ownOf(city), lang)...)
		cells = append(cells, text(""))
		t.Rows = append(t.Rows, Row{Cells: cells, Total: true})
	}
	return t, nil
}

// targetsTable lists the targets of the campaign years up to the month's, within the
// region and named for it.
func targetsTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	t := &Table{ID: "targets", Title: T(lang, "targets"), Columns: []string{T(lang, "name"), "ID", T(lang, "scope"), T(lang, "meeting_n"),
		T(lang, "assessed_n"), T(lang, "actual"), T(lang, "target"), T(lang, "standard"), T(lang, "gap"), T(lang, "outlook")}}
	for _, y := range src.Years() {
		if y > month.Year() {
			break
		}
		prog, err := src.Progress(ctx, region, y, asOfIn(y, month))
		if err != nil {
			return nil, err
		}
		if !hasCommunityTarget(prog) {
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(fmt.Sprintf(T(lang, "no_comm_target_y"), y)), text("—"), text("—"),
				inum(prog.CommunitiesMet), inum(prog.CommunitiesAssessed),
				pctCell(standard.Percent(uint64(prog.CommunitiesMet), uint64(prog.CommunitiesAssessed), 0)),
				{Text: "—", Class: "muted"}, {Text: "—", Class: "muted"}, {Text: "—", Class: "muted"}, {Text: T(lang, "no_comm_target"), Class: "muted"}}})
		}
		for _, r := range prog.Targets {
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(r.Label(lang == Zh)), text(r.ID), text(areaScope(prog.Region, r.Target, lang)), num(r.Num), num(r.Den),
				pctCell(r.Value), pctCell(r.Percent), flag(lang, r.Met), num(r.Gap), outlookCell(r, lang)}})
		}
	}
	return t, nil
}

// missingTable lists the region's communities without a ledger for the period's AsOf,
// the month its stocks are read at.
func missingTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	f, err := src.Figures(ctx, region, month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "missing", Title: fmt.Sprintf("%s (%d/%d)", fmt.Sprintf(T(lang, "freshness"), month.Format("2006-01")), len(f.Missing), f.Communities),
		Columns: []string{T(lang, "code"), T(lang, "community"), T(lang, "street"), T(lang, "district")}}
	if len(f.Missing) == 0 {
		t.Note = fmt.Sprintf(T(lang, "none_missing"), month.Format("2006-01"))
	}
	for _, code := range f.Missing {
		_, p, err := src.Region(ctx, code)
		if err != nil {
			return nil, err
		}
		name, street, district := code, "", ""
		for _, r := range p {
			switch r.Level {
			case warehouse.LevelCommunity:
				name = r.Name
			case warehouse.LevelStreet:
				street = r.Name
			case warehouse.LevelDistrict:
				district = r.Name
			}
		}
		t.Rows = append(t.Rows, Row{Href: regionHref(code, sp.Period.String()), Cells: []Cell{idText(code), text(name), text(street), text(district)}})
	}
	return t, nil
}

// areaScope is a target's scope as restricted to the region: the configured scope for the
// city, else the region's name with the target's community type or "streets".
func areaScope(reg warehouse.Region, t standard.Target, lang Lang) string {
	if reg.Level == warehouse.LevelCity {
		return scopeName(t, lang)
	}
	what := T(lang, "communities")
	switch {
	case t.Measure == standard.MeasureStreets:
		what = T(lang, "streets")
	case t.CommunityType != "":
		what = scopeName(standard.Target{CommunityType: t.CommunityType}, lang)
	}
	if lang == En {
		return reg.Name + ", " + strings.ToLower(what)
	}
	return reg.Name + what
}
