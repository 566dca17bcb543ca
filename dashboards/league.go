package dashboards

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"fullemp/campaign"
	"fullemp/standard"
	"fullemp/warehouse"
)

// share is one region's share of assessed communities meeting the standard.
type share struct {
	code, name    string
	assessed, met int
	share         float64
}

// childShares groups the standards' communities by the child region (prefix length n).
func childShares(st warehouse.Standards, children []warehouse.Region) []share {
	idx := map[string]*share{}
	var out []*share
	for _, r := range children {
		s := &share{code: r.Code, name: r.Name}
		idx[r.Code] = s
		out = append(out, s)
	}
	for _, c := range st.Communities {
		if !c.Assessed {
			continue
		}
		for _, s := range out {
			if len(c.Code) >= len(s.code) && c.Code[:len(s.code)] == s.code {
				s.assessed++
				if c.Met {
					s.met++
				}
			}
		}
	}
	res := make([]share, 0, len(out))
	for _, s := range out {
		s.share = standard.Percent(uint64(s.met), uint64(s.assessed), 0)
		res = append(res, *s)
	}
	return res
}

// districtShares returns the districts' shares as of month, best first.
func districtShares(ctx context.Context, src Source, month time.Time) ([]share, error) {
	st, err := src.Standards(ctx, campaign.CityCode, month.Year(), month)
	if err != nil {
		return nil, err
	}
	kids, err := src.Children(ctx, campaign.CityCode)
	if err != nil {
		return nil, err
	}
	rows := childShares(st, kids)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].share > rows[j].share })
	return rows, nil
}

// leagueTable ranks the districts with red/amber/green against the city target and the
// change on last month.
func leagueTable(ctx context.Context, src Source, region string, month time.Time, lang Lang) (*Table, error) {
	if err := src.Principal().Check(campaign.CityCode); err != nil {
		return nil, err
	}
	rows, err := districtShares(ctx, src, month)
	if err != nil {
		return nil, err
	}
	prev := map[string]float64{}
	if pm := prevMonth(month); pm.Year() >= 2007 {
		prows, err := districtShares(ctx, src, pm)
		if err != nil {
			return nil, err
		}
		for _, r := range prows {
			prev[r.code] = r.share
		}
	}
	target := cityTarget(month.Year())
	t := &Table{ID: "league", Title: T(lang, "league"), Columns: []string{"#", T(lang, "district"), T(lang, "code"),
		T(lang, "assessed"), T(lang, "meeting"), T(lang, "share"), T(lang, "target"), T(lang, "change")}}
	for i, r := range rows {
		// Before the first target year (2007) there is nothing to be red or green against.
		share, tcell := pctCell(r.share), Cell{Text: "—", Class: "muted"}
		if target > 0 {
			share.RAG = "red"
			switch {
			case r.share >= target:
				share.RAG = "green"
			case r.share >= target-10:
				share.RAG = "amber"
			}
			tcell = pctCell(target)
		}
		// The change is in percentage points, rounded as shown (also in the XLSX).
		ch := math.Round((r.share-prev[r.code])*10) / 10
		t.Rows = append(t.Rows, Row{Href: regionHref(r.code, month.Format("2006-01")), Cells: []Cell{
			inum(i + 1), text(r.name), text(r.code), inum(r.assessed), inum(r.met), share,
			tcell, {Text: fmt.Sprintf("%+.1f", ch), Value: ch, Num: true},
		}})
	}
	return t, nil
}

// targetsTable lists the targets of the month's year within the region.
func targetsTable(ctx context.Context, src Source, region string, month time.Time, lang Lang) (*Table, error) {
	t := &Table{ID: "targets", Title: T(lang, "targets"), Columns: []string{T(lang, "name"), "ID", T(lang, "scope"), T(lang, "meeting_n"),
		T(lang, "assessed_n"), T(lang, "actual"), T(lang, "target"), T(lang, "standard"), T(lang, "gap"), T(lang, "projected")}}
	for _, y := range campaignYears {
		if y > month.Year() {
			break
		}
		prog, err := src.Progress(ctx, region, y, asOfIn(y, month))
		if err != nil {
			return nil, err
		}
		for _, r := range prog.Targets {
			proj := T(lang, "never")
			if p := r.Projection.Reached; p != nil {
				proj = p.Format("2006-01")
				if !r.Projection.BeforeDeadline {
					proj += " (" + T(lang, "late") + ")"
				}
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(r.Label(lang == Zh)), text(r.ID), text(scopeName(r.Target, lang)), num(r.Num), num(r.Den),
				pctCell(r.Value), pctCell(r.Percent), flag(lang, r.Met), num(r.Gap), text(proj)}})
		}
	}
	return t, nil
}

// missingTable lists the region's communities without a ledger for the month.
func missingTable(ctx context.Context, src Source, region string, month time.Time, lang Lang) (*Table, error) {
	f, err := src.Figures(ctx, region, month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "missing", Title: fmt.Sprintf("%s (%d/%d)", T(lang, "freshness"), len(f.Missing), f.Communities),
		Columns: []string{T(lang, "code"), T(lang, "community"), T(lang, "street"), T(lang, "district")}}
	if len(f.Missing) == 0 {
		t.Note = T(lang, "none_missing")
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
		t.Rows = append(t.Rows, Row{Href: regionHref(code, month.Format("2006-01")), Cells: []Cell{text(code), text(name), text(street), text(district)}})
	}
	return t, nil
}
