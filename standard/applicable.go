package standard

import (
	"fmt"
	"sort"
)

// Years returns the campaign years: the distinct years of the configured targets, oldest
// first. Pages and reports take them from here, never from a list in code.
func (c Config) Years() []int {
	seen := map[int]bool{}
	var out []int
	for _, t := range c.Targets {
		if !seen[t.Year] {
			seen[t.Year] = true
			out = append(out, t.Year)
		}
	}
	sort.Ints(out)
	return out
}

// Covers reports whether u's scope lies within t's (groups and community type; an empty
// list or type is everything).
func (t Target) Covers(u Target) bool {
	if len(t.Groups) > 0 {
		if len(u.Groups) == 0 {
			return false
		}
		for _, g := range u.Groups {
			if !contains(t.Groups, g) {
				return false
			}
		}
	}
	return t.CommunityType == "" || t.CommunityType == u.CommunityType
}

// sameScope reports whether t and u have the same scope.
func (t Target) sameScope(u Target) bool { return t.Covers(u) && u.Covers(t) }

// inScopeOf reports whether a community is in the target's scope for its measure (the
// streets measure looks at the group only).
func (t Target) inScopeOf(c Community) bool {
	if t.Measure == MeasureStreets {
		return t.InScope(c.Group, "")
	}
	return t.InScope(c.Group, c.Type)
}

// Applicable returns the targets of year that judge an area whose communities are comms:
// those whose scope meets the area, except a broader target whose part inside the area is
// wholly covered by narrower targets of the same measure. So a county is judged by
// T2009-outer (≥50 %), not by the city's 60 %; a main-urban district by T2009-old for its
// old communities and T2009-converted for its converted ones. The city itself (whole) is
// judged by every target of the year.
func Applicable(targets []Target, year int, comms []Community, whole bool) []Target {
	var inYear []Target
	for _, t := range targets {
		if t.Year == year {
			inYear = append(inYear, t)
		}
	}
	var out []Target
	for _, t := range inYear {
		var inside []Community
		for _, c := range comms {
			if t.inScopeOf(c) {
				inside = append(inside, c)
			}
		}
		if len(inside) == 0 {
			continue
		}
		if !whole && shadowed(t, inYear, inside) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// shadowed reports whether every community of inside lies in the scope of a narrower
// target of the same measure.
func shadowed(t Target, all []Target, inside []Community) bool {
	var narrower []Target
	for _, u := range all {
		if u.ID != t.ID && u.Measure == t.Measure && t.Covers(u) && !t.sameScope(u) {
			narrower = append(narrower, u)
		}
	}
	if len(narrower) == 0 {
		return false
	}
	for _, c := range inside {
		covered := false
		for _, u := range narrower {
			if u.inScopeOf(c) {
				covered = true
				break
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// AreaLabel names a target restricted to an area, in Chinese (zh) or English: the kind of
// unit it counts, the target and its ID, e.g. "社区达标率 · 目标 ≥50% (T2009-outer)" or
// "old communities meeting · target 100% (T2009-old)".
func AreaLabel(t Target, zh bool) string {
	op := "≥"
	if t.Percent >= 100 {
		op = ""
	}
	if zh {
		unit := "社区"
		switch {
		case t.Measure == MeasureStreets:
			unit = "街道"
		case t.CommunityType == "old":
			unit = "老社区"
		case t.CommunityType == "converted":
			unit = "撤村建居社区"
		}
		return fmt.Sprintf("%s达标率 · 目标 %s%g%% (%s)", unit, op, t.Percent, t.ID)
	}
	unit := "communities"
	switch {
	case t.Measure == MeasureStreets:
		unit = "streets"
	case t.CommunityType == "old":
		unit = "old communities"
	case t.CommunityType == "converted":
		unit = "converted communities"
	}
	return fmt.Sprintf("%s meeting · target %s%g%% (%s)", unit, op, t.Percent, t.ID)
}
