package synth

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// Published are the figures the city published (SPEC §5) that the demo reproduces.
var Published = struct {
	Meeting2007, Meeting2008, Converted2008 int
	Share2008                               float64
	Formed2008                              int
}{283, 505, 68, 67, 162}

// Tolerance is how far (relative) the demo may be from a published figure.
const Tolerance = 0.03

// Target is one target of SPEC §5 evaluated on the demo city.
type Target struct {
	ID       string
	Num, Den int
	Goal     float64 // percent
	Met      bool
}

// Percent is Num/Den in percent (100 for an empty denominator).
func (t Target) Percent() float64 {
	if t.Den == 0 {
		return 100
	}
	return 100 * float64(t.Num) / float64(t.Den)
}

// YearFigures are one year's standards on the demo city.
type YearFigures struct {
	Year                            int
	Base, Meeting                   int
	BaseConverted, MeetingConverted int
	Failing                         map[Item]int
	FormedInMeeting, ElimInMeeting  int
	OutstandingInMeeting            int    // at quarter ends: 0 when every household was eliminated in time
	Streets, StreetsMeeting         [2]int // main urban, outer
	DistrictMeeting, DistrictBase   map[string]int
	StreetFailing                   map[string]int // first failing item → streets
}

// Figures are the self-check of a generated city: what SPEC §3–5 give on its rows.
type Figures struct {
	Years   [Years]YearFigures
	Targets []Target
	// AsOf counts, for every month, the communities meeting the standard as if the year
	// ended that month (the progress line of the dashboards).
	AsOf [Months]int
	// Missing lists, for every month, the communities without a ledger (code order).
	Missing [Months][]string
}

// streetOutcome evaluates SPEC §4's full-employment street for year index y; it returns ""
// when the street meets the standard, or the first item that fails. score < 0 means no
// score yet (all other items are evaluated).
func streetOutcome(s *Street, y int, figs [][Months]MonthFigures, meets func(*Community) bool, score int) string {
	year := FirstYear + y
	var t, e, rt, re, gt, ge, assessed, meeting int
	zero, missing := false, false
	dec := 12*y + 11
	for _, c := range s.Communities {
		if !c.Assessed(year) {
			continue
		}
		assessed++
		f := &figs[c.Index]
		// A missing December fails item 1; the rural and graduate rates are over the
		// communities that have a ledger (a missing month's counts are zero).
		missing = missing || f[dec].Missing
		t += f[dec].Target
		e += f[dec].Employed
		rt += f[dec].RuralTarget
		re += f[dec].RuralEmployed
		gt += f[dec].GradTarget
		ge += f[dec].GradEmployed
		for _, q := range []int{2, 5, 8, 11} {
			if f[12*y+q].Zero > 0 || f[12*y+q].Missing {
				zero = true
			}
		}
		if meets(c) {
			meeting++
		}
	}
	switch {
	case assessed == 0:
		return "not assessed"
	case missing || !RateOK(e, t, 96):
		return "rate"
	case zero:
		return "zero"
	case !RateOK(re, rt, 85):
		return "rural"
	case !RateOK(ge, gt, 90):
		return "graduate"
	case meeting*100 < 80*assessed:
		return "communities"
	case score >= 0 && score < 90:
		return "score"
	}
	return ""
}

// evaluate computes the self-check figures from the communities' monthly figures, the spot
// checks and the street scores.
func evaluate(city *City, plan *Plan, figs [][Months]MonthFigures, scores [][Years]int) *Figures {
	out := &Figures{}
	for _, c := range city.Communities {
		for m := range figs[c.Index] {
			if figs[c.Index][m].Missing {
				out.Missing[m] = append(out.Missing[m], c.Code)
			}
		}
	}
	for y := 0; y < Years; y++ {
		year := FirstYear + y
		yf := YearFigures{Year: year, Failing: map[Item]int{}, DistrictMeeting: map[string]int{}, DistrictBase: map[string]int{}, StreetFailing: map[string]int{}}
		meet := make(map[*Community]bool)
		for _, c := range city.Communities {
			it := CommunityResult(&figs[c.Index], year, c.AssessedFrom, plan.spotFailed(c.Index, y))
			if it == ItemNotAssessed {
				continue
			}
			d := c.Street.District.Code
			yf.Base++
			yf.DistrictBase[d]++
			if c.Converted {
				yf.BaseConverted++
			}
			if it != ItemNone {
				yf.Failing[it]++
				continue
			}
			meet[c] = true
			yf.Meeting++
			yf.DistrictMeeting[d]++
			if c.Converted {
				yf.MeetingConverted++
			}
			for m := 12 * y; m < 12*y+12; m++ {
				yf.FormedInMeeting += figs[c.Index][m].Formed
				yf.ElimInMeeting += figs[c.Index][m].Eliminated
				if m%3 == 2 {
					yf.OutstandingInMeeting += figs[c.Index][m].Zero
				}
			}
		}
		for _, s := range city.Streets {
			g := 0
			if !s.MainUrban() {
				g = 1
			}
			res := streetOutcome(s, y, figs, func(c *Community) bool { return meet[c] }, scores[s.Index][y])
			if res == "not assessed" {
				continue
			}
			yf.Streets[g]++
			if res == "" {
				yf.StreetsMeeting[g]++
			} else {
				yf.StreetFailing[res]++
			}
		}
		for mo := 0; mo < 12; mo++ {
			for _, c := range city.Communities {
				if CommunityAsOf(&figs[c.Index], year, mo, c.AssessedFrom, plan.spotFailed(c.Index, y)) == ItemNone {
					out.AsOf[12*y+mo]++
				}
			}
		}
		out.Years[y] = yf
		out.Targets = append(out.Targets, communityTargets(city, year, meet)...)
	}
	y9, y10 := out.Years[2], out.Years[3]
	out.Targets = append(out.Targets,
		target("T2009-streets", y9.StreetsMeeting[0], y9.Streets[0], 70),
		target("T2010-streets", y10.StreetsMeeting[0], y10.Streets[0], 90),
		target("T2010-outer-streets", y10.StreetsMeeting[1], y10.Streets[1], 50))
	return out
}

func target(id string, num, den int, goal float64) Target {
	return Target{ID: id, Num: num, Den: den, Goal: goal, Met: float64(num)*100 >= goal*float64(den)}
}

// communityTargets evaluates the community targets of SPEC §5 that fall in year.
func communityTargets(city *City, year int, meet map[*Community]bool) []Target {
	count := func(in func(*Community) bool) (num, den int) {
		for _, c := range city.Communities {
			if c.Assessed(year) && in(c) {
				den++
				if meet[c] {
					num++
				}
			}
		}
		return
	}
	all := func(*Community) bool { return true }
	switch year {
	case 2008:
		n, d := count(all)
		return []Target{target("T2008", n, d, 40)}
	case 2009:
		n, d := count(all)
		no, do := count(func(c *Community) bool { return !c.Outer() && !c.Converted })
		nc, dc := count(func(c *Community) bool { return c.Converted })
		nx, dx := count(func(c *Community) bool { return c.Outer() })
		return []Target{target("T2009-city", n, d, 60), target("T2009-old", no, do, 100),
			target("T2009-converted", nc, dc, 60), target("T2009-outer", nx, dx, 50)}
	}
	return nil
}

// plannedMet says which targets the demo is meant to meet: all but T2009-old, missed by
// two communities so the dashboards have a story.
var plannedMet = map[string]bool{
	"T2008": true, "T2009-city": true, "T2009-old": false, "T2009-converted": true,
	"T2009-outer": true, "T2009-streets": true, "T2010-streets": true, "T2010-outer-streets": true,
}

// Problems compares the figures with the published ones (within Tolerance) and with the
// planned outcome of each target; it returns one line per disagreement.
func (f *Figures) Problems() []string {
	var out []string
	near := func(name string, got, want float64) {
		if math.Abs(got-want) > Tolerance*want {
			out = append(out, fmt.Sprintf("%s: %.1f, published %.1f (±%.0f%%)", name, got, want, 100*Tolerance))
		}
	}
	y7, y8 := f.Years[0], f.Years[1]
	near("2007 communities meeting", float64(y7.Meeting), float64(Published.Meeting2007))
	near("2008 communities meeting", float64(y8.Meeting), float64(Published.Meeting2008))
	near("2008 converted meeting", float64(y8.MeetingConverted), float64(Published.Converted2008))
	near("2008 share of the base", 100*float64(y8.Meeting)/float64(y8.Base), Published.Share2008)
	near("2008 zero-employment households formed in meeting communities", float64(y8.FormedInMeeting), float64(Published.Formed2008))
	if y8.OutstandingInMeeting != 0 {
		out = append(out, fmt.Sprintf("2008: %d zero-employment households outstanding at a quarter end in meeting communities", y8.OutstandingInMeeting))
	}
	for _, t := range f.Targets {
		if want, ok := plannedMet[t.ID]; ok && want != t.Met {
			out = append(out, fmt.Sprintf("%s: %d/%d = %.1f%% against %.0f%%: met=%v, planned %v", t.ID, t.Num, t.Den, t.Percent(), t.Goal, t.Met, want))
		}
	}
	return out
}

// Print writes the self-check as a table next to the published figures.
func (f *Figures) Print(w io.Writer) {
	y7, y8 := f.Years[0], f.Years[1]
	fmt.Fprintf(w, "self-check (SPEC §3–5 on the generated rows)        demo   published\n")
	fmt.Fprintf(w, "  2007 communities meeting the standard      %9d %11d\n", y7.Meeting, Published.Meeting2007)
	fmt.Fprintf(w, "  2008 communities meeting the standard      %9d %11d\n", y8.Meeting, Published.Meeting2008)
	fmt.Fprintf(w, "  2008   of them converted                   %9d %11d\n", y8.MeetingConverted, Published.Converted2008)
	fmt.Fprintf(w, "  2008 share of the assessment base (%4d)   %8.1f%% %10.0f%%\n", y8.Base, 100*float64(y8.Meeting)/float64(y8.Base), Published.Share2008)
	fmt.Fprintf(w, "  2008 zero-employment households formed     %9d %11d\n", y8.FormedInMeeting, Published.Formed2008)
	fmt.Fprintf(w, "  2008   eliminated / outstanding at quarter ends %4d / %d\n", y8.ElimInMeeting, y8.OutstandingInMeeting)
	fmt.Fprintf(w, "year  base meeting  failing(rate zero spot ledger-missing)  streets main  outer\n")
	for _, y := range f.Years {
		fmt.Fprintf(w, "%d  %4d %7d   %5d %4d %4d %4d                  %3d/%-3d %3d/%-3d\n", y.Year, y.Base, y.Meeting,
			y.Failing[ItemRate], y.Failing[ItemZero], y.Failing[ItemSpot], y.Failing[ItemMissing],
			y.StreetsMeeting[0], y.Streets[0], y.StreetsMeeting[1], y.Streets[1])
	}
	fmt.Fprintf(w, "ledgers missing (SPEC §3: no figures for the month)\n")
	for m, codes := range f.Missing {
		if len(codes) > 0 {
			fmt.Fprintf(w, "  %s  %d: %s\n", monthNames[m], len(codes), strings.Join(codes, " "))
		}
	}
	fmt.Fprintf(w, "meeting as of each month (Jan … Dec)\n")
	for y := 0; y < Years; y++ {
		fmt.Fprintf(w, "  %d  %v\n", FirstYear+y, f.AsOf[12*y:12*y+12])
	}
	fmt.Fprintf(w, "targets\n")
	for _, t := range f.Targets {
		met := "met"
		if !t.Met {
			met = "NOT met"
		}
		fmt.Fprintf(w, "  %-20s %4d/%-4d %6.1f%%  target %3.0f%%  %s\n", t.ID, t.Num, t.Den, t.Percent(), t.Goal, met)
	}
	y9 := f.Years[2]
	var ds []string
	for d := range y9.DistrictBase {
		ds = append(ds, d)
	}
	sort.Strings(ds)
	fmt.Fprintf(w, "2009 by district:")
	for _, d := range ds {
		fmt.Fprintf(w, " %s %d/%d", d, y9.DistrictMeeting[d], y9.DistrictBase[d])
	}
	fmt.Fprintln(w)
}
