package standard

import (
	"fmt"
	"math"
	"time"
)

// Point is a target's measure as of one month: Num of Den communities or streets meet.
type Point struct {
	Month time.Time `json:"month"`
	Num   uint64    `json:"num"`
	Den   uint64    `json:"den"`
}

// TargetResult is a target of SPEC §5 evaluated as of a month of its year. Its Name and
// NameZh are never empty: each falls back as Label does (the other language's name, then
// the ID).
type TargetResult struct {
	Target
	AsOf  time.Time `json:"as_of"`
	Num   uint64    `json:"num"`
	Den   uint64    `json:"den"`
	Value float64   `json:"value"` // percent, one decimal
	Met   bool      `json:"met"`
	// Gap is how many more communities (or streets) must meet for the target to hold; 0
	// when it holds.
	Gap uint64 `json:"gap"`
	// Closed reports that AsOf is the deadline month (December of Year): Value is final
	// and Met says 已达成 or 未达成; nothing is projected.
	Closed bool `json:"closed"`
	// FirstMet is the first as-of month of the year in which the target held; nil when it
	// has not held yet.
	FirstMet *time.Time `json:"first_met"`
	// History is the measure as of each month of the year up to AsOf.
	History    []Point    `json:"history"`
	Projection Projection `json:"projection"`
}

// States of a projection.
const (
	// StateFinal: the year is closed (the as-of month is the deadline); see Met.
	StateFinal = "final"
	// StateMet: the target holds as of the month; see FirstMet.
	StateMet = "met"
	// StateOnPace: the recent pace reaches the target by the deadline, in Reached.
	StateOnPace = "on_pace"
	// StateOffPace: the recent pace does not reach the target by the deadline; NeededPerMonth
	// says what pace would.
	StateOffPace = "off_pace"
	// StateNoPace: fewer than two months to fit a pace on.
	StateNoPace = "no_pace"
)

// Projection extrapolates the recent monthly pace of the measure's numerator, for an open
// year only: a closed year has its final value, a target that holds needs no projection.
type Projection struct {
	// State is one of StateFinal, StateMet, StateOnPace, StateOffPace, StateNoPace.
	State string `json:"state"`
	// PerMonth is the fitted change of the numerator per month (least squares).
	PerMonth float64 `json:"per_month"`
	// Months is how many as-of months the fit used.
	Months int `json:"months"`
	// Reached is the month the recent pace reaches the target, set only when that is no
	// later than the deadline (StateOnPace): never a month past the deadline.
	Reached *time.Time `json:"reached"`
	// BeforeDeadline reports whether the target holds, or is reached at the recent pace, by
	// December of the target year.
	BeforeDeadline bool `json:"before_deadline"`
	// NeededPerMonth is, when the target does not hold in an open year, how many more
	// communities (or streets) must meet per month from now to the deadline.
	NeededPerMonth float64 `json:"needed_per_month"`
	// MonthsLeft is how many months remain to the deadline (0 in a closed year).
	MonthsLeft int    `json:"months_left"`
	Note       string `json:"note"`
}

// InScope reports whether a community belongs to the target's scope (group and type).
func (t Target) InScope(group, communityType string) bool {
	if len(t.Groups) > 0 && !contains(t.Groups, group) {
		return false
	}
	return t.CommunityType == "" || t.CommunityType == communityType
}

// Needed returns the least numerator that reaches pct % of den, exactly.
func Needed(den uint64, pct float64) uint64 {
	p := uint64(math.Round(pct * 100))
	return (p*den + 9999) / 10000
}

// Count counts, for the target, the assessed communities (or streets) in scope and how
// many of them meet the standard. keep restricts further (e.g. to a region); nil keeps all.
func (t Target) Count(comms []CommunityResult, streets []StreetResult, keep func(code string) bool) (num, den uint64) {
	if keep == nil {
		keep = func(string) bool { return true }
	}
	if t.Measure == MeasureStreets {
		for _, s := range streets {
			if s.Assessed && t.InScope(s.Group, "") && keep(s.Code) {
				den++
				if s.Met {
					num++
				}
			}
		}
		return num, den
	}
	for _, c := range comms {
		if c.Assessed && t.InScope(c.Group, c.Type) && keep(c.Code) {
			den++
			if c.Met {
				num++
			}
		}
	}
	return num, den
}

// EvaluateTarget judges the target from its history (the measure as of each month of its
// year up to the as-of month, oldest first; the last point is the current one).
func EvaluateTarget(t Target, history []Point, window int) TargetResult {
	t.Name, t.NameZh = t.Label(false), t.Label(true)
	r := TargetResult{Target: t, History: history}
	if len(history) == 0 {
		return r
	}
	cur := history[len(history)-1]
	r.AsOf, r.Num, r.Den = cur.Month, cur.Num, cur.Den
	r.Value = Percent(cur.Num, cur.Den, 100)
	r.Met = AtLeast(cur.Num, cur.Den, t.Percent, true)
	if need := Needed(cur.Den, t.Percent); need > cur.Num {
		r.Gap = need - cur.Num
	}
	for _, p := range history {
		if AtLeast(p.Num, p.Den, t.Percent, true) {
			m := p.Month
			r.FirstMet = &m
			break
		}
	}
	r.Closed = !cur.Month.Before(Deadline(t))
	r.Projection = Project(t, history, window)
	return r
}

// Deadline is the last as-of month of the target's year: December of Year.
func Deadline(t Target) time.Time { return time.Date(t.Year, time.December, 1, 0, 0, 0, 0, time.UTC) }

// Project judges the pace of the last window points' numerators: in an open year whose
// target does not hold, the month a line fitted to them reaches the target's share of the
// current denominator, if that is by the deadline; otherwise the pace the deadline needs.
// A closed year (as of December) and a target that holds get no projection.
func Project(t Target, history []Point, window int) Projection {
	var p Projection
	deadline := Deadline(t)
	cur := history[len(history)-1]
	need := Needed(cur.Den, t.Percent)
	p.MonthsLeft = monthsBetween(cur.Month, deadline)
	if p.MonthsLeft < 0 {
		p.MonthsLeft = 0
	}
	if p.MonthsLeft == 0 {
		p.State, p.BeforeDeadline = StateFinal, cur.Num >= need
		p.Note = "final"
		return p
	}
	if cur.Num >= need {
		p.State, p.BeforeDeadline = StateMet, true
		p.Note = "reached"
		return p
	}
	p.NeededPerMonth = math.Round(float64(need-cur.Num)/float64(p.MonthsLeft)*10) / 10
	pts := history
	if len(pts) > window {
		pts = pts[len(pts)-window:]
	}
	p.Months = len(pts)
	if len(pts) < 2 {
		p.State, p.Note = StateNoPace, "too few months for a pace"
		return p
	}
	// Least squares over x = 0..n-1 (consecutive as-of months); the line's slope is the
	// pace, counted on from the current value.
	n := float64(len(pts))
	var sx, sy, sxx, sxy float64
	for i, q := range pts {
		x, y := float64(i), float64(q.Num)
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	p.PerMonth = (n*sxy - sx*sy) / (n*sxx - sx*sx)
	p.State = StateOffPace
	p.Note = fmt.Sprintf("%.1f per month needed to the deadline, %.1f now; %d needed, %d now", p.NeededPerMonth, p.PerMonth, need, cur.Num)
	if p.PerMonth <= 0 {
		return p
	}
	months := int(math.Ceil(float64(need-cur.Num)/p.PerMonth - 1e-9))
	if months < 1 {
		months = 1
	}
	if m := cur.Month.AddDate(0, months, 0); !m.After(deadline) {
		p.State, p.Reached, p.BeforeDeadline = StateOnPace, &m, true
		p.Note = fmt.Sprintf("%.1f more per month; %d needed, %d now", p.PerMonth, need, cur.Num)
	}
	return p
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}
