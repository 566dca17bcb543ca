package dashboards

import (
	"fmt"

	"fullemp/standard"
	"fullemp/warehouse"
)

// ownOf returns the target the region is judged on (warehouse.Progress.OwnTarget), nil
// when its year has none.
func ownOf(p warehouse.Progress) *standard.TargetResult {
	for i := range p.Targets {
		if p.Targets[i].ID == p.OwnTarget {
			return &p.Targets[i]
		}
	}
	return nil
}

// hasCommunityTarget reports whether the year has a community target for the region.
func hasCommunityTarget(p warehouse.Progress) bool {
	for _, t := range p.Targets {
		if t.Measure == standard.MeasureCommunities {
			return true
		}
	}
	return false
}

// communityOwn is the region's own target when it counts communities (what its bar in a
// chart of communities meeting is judged on), else nil.
func communityOwn(p warehouse.Progress) *standard.TargetResult {
	if o := ownOf(p); o != nil && o.Measure == standard.MeasureCommunities {
		return o
	}
	return nil
}

// ownCells are a league row's own target, its actual value with the RAG dot, and the gap.
func ownCells(o *standard.TargetResult, lang Lang) []Cell {
	if o == nil {
		return []Cell{{Text: T(lang, "no_target"), Class: "muted"}, {Text: "—", Class: "muted"}, {Text: "—", Class: "muted"}}
	}
	what := ""
	switch {
	case o.Measure == standard.MeasureStreets:
		what = T(lang, "streets_of_target")
	case o.CommunityType != "":
		what = scopeName(standard.Target{CommunityType: o.CommunityType}, lang)
	}
	if what != "" {
		what += " "
	}
	actual := pctCell(o.Value)
	actual.Text = fmt.Sprintf("%.1f%% (%d/%d)", o.Value, o.Num, o.Den)
	actual.RAG = "red"
	switch {
	case o.Met:
		actual.RAG = "green"
	case o.Value >= o.Percent-10:
		actual.RAG = "amber"
	}
	return []Cell{text(fmt.Sprintf("%s≥%g%% (%s)", what, o.Percent, o.ID)), actual, num(o.Gap)}
}

// outlook says where a target stands: final (已达成/未达成) in a closed year, met since a
// month, on pace for a month by the deadline, or the pace the deadline needs.
func outlook(r standard.TargetResult, lang Lang) string {
	p := r.Projection
	switch p.State {
	case standard.StateFinal:
		if r.Met {
			return T(lang, "final_met")
		}
		return T(lang, "final_missed")
	case standard.StateMet:
		if r.FirstMet != nil {
			return fmt.Sprintf(T(lang, "met_since"), r.FirstMet.Format("2006-01"))
		}
		return T(lang, "final_met")
	case standard.StateOnPace:
		return fmt.Sprintf(T(lang, "on_pace"), p.Reached.Format("2006-01"))
	case standard.StateOffPace:
		return fmt.Sprintf(T(lang, "off_pace"), p.NeededPerMonth, p.PerMonth)
	}
	return T(lang, "no_pace")
}

func outlookCell(r standard.TargetResult, lang Lang) Cell {
	c := text(outlook(r, lang))
	switch {
	case r.Met:
		c.Class = "ok"
	case r.Projection.State == standard.StateFinal || r.Projection.State == standard.StateOffPace:
		c.Class = "bad"
	}
	return c
}

// idText is an identifier cell (a region code, a household ID): text in every format,
// never a number (see the exports).
func idText(s string) Cell { return Cell{Text: s, ID: true} }
