package dashboards

import (
	"context"
	"sort"

	"fullemp/period"
	"fullemp/standard"
)

// street fills a street's page: its communities' employment rates compared, the street
// standard's items, and each community's standard items with values and reasons.
func (d *Dashboards) street(ctx context.Context, src Source, v *Parts, lang Lang, code string, sp period.Span) error {
	month := sp.AsOf
	figs, err := src.ChildFigures(ctx, code, month)
	if err != nil {
		return err
	}
	sort.SliceStable(figs, func(i, j int) bool {
		return figs[i].EmploymentRate.Percent > figs[j].EmploymentRate.Percent
	})
	var names, codes []string
	var vals, marks []float64
	for _, f := range figs {
		marks = append(marks, d.Data.cfg.Community.EmploymentRate)
		name := f.Region.Name
		if f.Reporting == 0 { // no ledger: a 0 bar, named so it does not read as 0 %
			name += "（" + T(lang, "missing") + "）"
			if lang == En {
				name = f.Region.Name + " (" + T(lang, "missing") + ")"
			}
		}
		names, codes = append(names, name), append(codes, f.Region.Code)
		if f.Reporting == 0 {
			vals = append(vals, 0)
		} else {
			vals = append(vals, f.EmploymentRate.Percent)
		}
	}
	bar, _ := compareBar(T(lang, "communities")+" · "+T(lang, "employment_rate"), T(lang, "employment_rate"), names, vals, marks, nil, lang)
	cv := snippet(bar, "communities", codes, regionHref("CODE", sp.Period.String()))
	cv.Wide = true
	v.Charts = append(v.Charts, cv)
	zc, err := zeroView(ctx, src, code, month, lang)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, zc)
	v.Tables = []string{"streets", "communities", "targets", "missing"}
	return nil
}

// communitiesTable lists the region's communities with the community standard, each item's
// value and why it failed.
func communitiesTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	st, err := src.Standards(ctx, region, month.Year(), month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "communities", Title: T(lang, "communities") + " · " + T(lang, "items_of"),
		Columns: []string{T(lang, "code"), T(lang, "community"), T(lang, "standard")}}
	var itemSets [][]standard.Item
	for _, c := range st.Communities {
		itemSets = append(itemSets, c.Items)
	}
	itemIDs, itemNames := itemColumns(itemSets, lang)
	t.Columns = append(t.Columns, itemNames...)
	t.Columns = append(t.Columns, T(lang, "reason"))
	for _, c := range st.Communities {
		if !c.Assessed {
			continue
		}
		cells := []Cell{idText(c.Code), text(c.Name), flag(lang, c.Met)}
		cells = append(cells, itemCells(c.Items, itemIDs, lang)...)
		cells = append(cells, text(reasons(c.Items, lang)))
		t.Rows = append(t.Rows, Row{Href: regionHref(c.Code, sp.Period.String()), Cells: cells})
	}
	return t, nil
}
