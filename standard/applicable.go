package standard

// Kind is what a target's scope looks at in a community: its district group and type.
type Kind struct {
	Group, Type string
}

// Applicable returns, in configuration order, the targets of year that are an area's own:
// those whose scope meets one of the area's communities (kinds), except a city-wide target
// of the whole base (no groups, no type) where another target of the year and measure
// names groups that hold every community of the area. So 淳安县 in 2009 is judged on
// T2009-outer (≥50 %) and T2009-converted, not on the city's 60 %; the city itself keeps
// T2009-city.
func Applicable(targets []Target, year int, kinds []Kind) []Target {
	var out []Target
	for _, t := range targets {
		if t.Year != year || !meets(t, kinds) {
			continue
		}
		if len(t.Groups) == 0 && t.CommunityType == "" && narrower(targets, t, kinds) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// Own picks, among an area's applicable targets, the one its bar, league row or RAG dot is
// judged on: the community target of the whole base, else the typed community target
// covering most of the area's communities, else the street target; nil when the year has
// none.
func Own(applicable []Target, kinds []Kind) *Target {
	var best *Target
	bestN := -1
	for i, t := range applicable {
		if t.Measure != MeasureCommunities {
			continue
		}
		n := 0
		for _, k := range kinds {
			if t.InScope(k.Group, k.Type) {
				n++
			}
		}
		if t.CommunityType == "" {
			n += len(kinds) + 1 // the whole base wins
		}
		if n > bestN {
			best, bestN = &applicable[i], n
		}
	}
	if best != nil {
		return best
	}
	for i, t := range applicable {
		if t.Measure == MeasureStreets {
			return &applicable[i]
		}
	}
	return nil
}

func meets(t Target, kinds []Kind) bool {
	for _, k := range kinds {
		if t.InScope(k.Group, k.Type) {
			return true
		}
	}
	return false
}

// narrower reports whether another target of t's year and measure names groups holding
// every community of the area.
func narrower(targets []Target, t Target, kinds []Kind) bool {
	for _, u := range targets {
		if u.ID == t.ID || u.Year != t.Year || u.Measure != t.Measure || len(u.Groups) == 0 {
			continue
		}
		all := len(kinds) > 0
		for _, k := range kinds {
			if !contains(u.Groups, k.Group) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// Years lists the years of the configured targets, oldest first: the campaign's years.
func Years(targets []Target) []int {
	var out []int
	for _, t := range targets {
		i := 0
		for i < len(out) && out[i] < t.Year {
			i++
		}
		if i < len(out) && out[i] == t.Year {
			continue
		}
		out = append(out[:i], append([]int{t.Year}, out[i:]...)...)
	}
	return out
}
