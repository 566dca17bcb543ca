package dashboards

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"fullemp/period"
	"fullemp/standard"
)

// district fills a district's page: its streets compared and their standards, its
// zero-employment households by month, its targets and missing ledgers.
func (d *Dashboards) district(ctx context.Context, src Source, v *Parts, lang Lang, code string, sp period.Span) error {
	month := sp.AsOf
	// Each street's bar is its share of communities meeting, against its own target.
	progs, err := src.ChildProgress(ctx, code, month.Year(), month)
	if err != nil {
		return err
	}
	rows := make([]share, len(progs))
	for i, p := range progs {
		rows[i] = share{code: p.Region.Code, name: p.Region.Name, assessed: p.CommunitiesAssessed, met: p.CommunitiesMet,
			share: standard.Percent(uint64(p.CommunitiesMet), uint64(p.CommunitiesAssessed), 0), own: communityOwn(p)}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].share > rows[j].share })
	var names, codes []string
	var vals, marks []float64
	var met []bool
	for _, r := range rows {
		if r.assessed == 0 {
			continue // not in the assessment base this year
		}
		names, vals, codes = append(names, r.name), append(vals, r.share), append(codes, r.code)
		marks, met = append(marks, markOf(r.own)), append(met, r.own != nil && r.own.Met)
	}
	bar, _ := compareBar(barTitle(T(lang, "streets")+" · "+T(lang, "share_met"), marks, lang), T(lang, "share_met"), names, vals, marks, met, lang)
	cv := snippet(bar, "streets", codes, regionHref("CODE", sp.Period.String()))
	cv.Wide = true
	v.Charts = append(v.Charts, cv)
	zc, err := zeroView(ctx, src, code, month, lang)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, zc)
	v.Tables = []string{"streets", "targets", "missing"}
	return nil
}

// reasons joins the reasons of the items that did not hold.
func reasons(items []standard.Item, lang Lang) string {
	var out []string
	for _, it := range standard.Failed(items) {
		if lang == En {
			out = append(out, it.Reason)
		} else {
			out = append(out, it.ReasonZH)
		}
	}
	return strings.Join(out, "；")
}

// streetsTable lists a district's (or the city's) streets with the street standard, its
// items and why it failed.
func streetsTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	st, err := src.Standards(ctx, region, month.Year(), month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "streets", Title: T(lang, "streets") + " · " + T(lang, "items_of"),
		Columns: []string{T(lang, "code"), T(lang, "street"), T(lang, "assessed"), T(lang, "meeting"), T(lang, "standard")}}
	var itemSets [][]standard.Item
	for _, s := range st.Streets {
		itemSets = append(itemSets, s.Items)
	}
	itemIDs, itemNames := itemColumns(itemSets, lang)
	t.Columns = append(t.Columns, itemNames...)
	t.Columns = append(t.Columns, T(lang, "reason"))
	for _, s := range st.Streets {
		if !s.Assessed {
			continue
		}
		cells := []Cell{idText(s.Code), text(s.Name), inum(s.Communities), inum(s.CommunitiesMet), flag(lang, s.Met)}
		cells = append(cells, itemCells(s.Items, itemIDs, lang)...)
		cells = append(cells, text(reasons(s.Items, lang)))
		t.Rows = append(t.Rows, Row{Href: regionHref(s.Code, sp.Period.String()), Cells: cells})
	}
	return t, nil
}

// itemCells gives one cell per item id: the value, red when the item did not hold.
// itemColumns lists the standard items met in any of the rows, in order of first
// appearance, with their names in lang: the columns of a standards table.
func itemColumns(rows [][]standard.Item, lang Lang) (ids, names []string) {
	for _, items := range rows {
		for _, it := range items {
			if contains(ids, it.ID) {
				continue
			}
			ids = append(ids, it.ID)
			name := it.NameZH
			if lang == En {
				name = it.Name
			}
			names = append(names, name)
		}
	}
	return ids, names
}

func itemCells(items []standard.Item, ids []string, lang Lang) []Cell {
	out := make([]Cell, len(ids))
	for i, id := range ids {
		out[i] = Cell{Text: "—", Class: "muted"}
		for _, it := range items {
			if it.ID == id {
				c := Cell{Text: formatValue(it, lang), Value: itemValue(it), Num: true, Class: "ok"}
				if !it.Held {
					c.Class = "bad"
				}
				out[i] = c
			}
		}
	}
	return out
}

// formatValue shows an item's value: a percent, a count or score, or the spot check's
// outcome in words.
func formatValue(it standard.Item, lang Lang) string {
	switch it.ID {
	case "spot_check":
		switch {
		case !it.Held:
			return T(lang, "spot_fail")
		case it.Value == 1:
			return T(lang, "spot_pass")
		}
		return T(lang, "spot_none")
	case "employment_rate", "rural_labour_rate", "graduate_rate", "communities_meeting":
		if it.Den == 0 && !it.Held { // an empty group holds (100 %): this one had no ledger
			return T(lang, "missing")
		}
		return strings.TrimRight(strings.TrimRight(ftoa(it.Value), "0"), ".") + "%"
	}
	return strings.TrimRight(strings.TrimRight(ftoa(it.Value), "0"), ".")
}

// itemValue is an item's typed value for the XLSX export, nil where the page shows words:
// the spot check's outcome (passed, failed, not checked) and a rate without a ledger.
func itemValue(it standard.Item) any {
	if it.ID == "spot_check" || formatValue(it, En) == T(En, "missing") {
		return nil
	}
	return it.Value
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
