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
	// History is the measure as of each month of the year up to AsOf.
	History []Point `json:"history"`
	// Closed is true when the year is evaluated as of its December: the value is final.
	Closed bool `json:"closed"`
	// FirstMet is the first as-of month of the year at which the target held; nil if never.
	FirstMet   *time.Time `json:"first_met"`
	Projection Projection `json:"projection"`
	// Area and AreaZh name the target for the region it was restricted to, e.g.
	// "社区达标率 · 目标 ≥50% (T2009-outer)"; for the city (or a region equal to the
	// target's scope) they are the target's own names.
	Area   string `json:"area"`
	AreaZh string `json:"area_zh"`
}

// Projection extrapolates the recent monthly pace of the measure's numerator.
type Projection struct {
	// PerMonth is the fitted change of the numerator per month (least squares).
	PerMonth float64 `json:"per_month"`
	// Months is how many as-of months the fit used.
	Months int `json:"months"`
	// Status is met, missed (closed year), on_track or off_track (open year).
	Status string `json:"status"`
	// Reached is the month the target was first met (met), or the month the recent pace
	// reaches it when that is no later than the deadline (on_track); nil otherwise: a
	// pace too slow, flat or falling, or too few months, never gives a far-future date.
	Reached *time.Time `json:"reached"`
	// BeforeDeadline reports whether Reached is no later than December of the target year.
	BeforeDeadline bool `json:"before_deadline"`
	// NeededPerMonth is, for an open year not yet met, how many more communities (or
	// streets) must meet per month from now to December for the target to hold.
	NeededPerMonth float64 `json:"needed_per_month"`
	Note           string  `json:"note"`
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
// year up to the as-of month, oldest first; the last point is the current one). A year
// evaluated as of its December is closed: it has a final value, met or missed, and no
// projection. A met target records the month it was first met.
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
	r.Closed = !cur.Month.Before(time.Date(t.Year, time.December, 1, 0, 0, 0, 0, time.UTC))
	for _, p := range history {
		if AtLeast(p.Num, p.Den, t.Percent, true) {
			m := p.Month
			r.FirstMet = &m
			break
		}
	}
	r.Projection = Project(t, history, window)
	return r
}

// Projection statuses.
const (
	StatusMet      = "met"       // the target holds (Reached: the month it was first met)
	StatusMissed   = "missed"    // the year is closed and the target does not hold
	StatusOnTrack  = "on_track"  // open year: the recent pace reaches it by December (Reached)
	StatusOffTrack = "off_track" // open year: the recent pace does not (NeededPerMonth says what would)
)

// Project fits a line to the last window points' numerators and returns the month the
// numerator would reach the target's share of the current denominator, when that is no
// later than the deadline (December of the target's year). A pace that does not get there
// in time gives no month (never a far-future date) but the pace needed per month.
func Project(t Target, history []Point, window int) Projection {
	var p Projection
	deadline := time.Date(t.Year, time.December, 1, 0, 0, 0, 0, time.UTC)
	cur := history[len(history)-1]
	need := Needed(cur.Den, t.Percent)
	if cur.Num >= need {
		p.Status, p.Note = StatusMet, "reached"
		for _, q := range history {
			if q.Num >= Needed(q.Den, t.Percent) {
				m := q.Month
				p.Reached = &m
				break
			}
		}
		p.BeforeDeadline = !p.Reached.After(deadline)
		return p
	}
	if !cur.Month.Before(deadline) {
		p.Status, p.Note = StatusMissed, fmt.Sprintf("missed: %d needed, %d at the year's end", need, cur.Num)
		return p
	}
	left := monthsBetween(cur.Month, deadline)
	p.NeededPerMonth = math.Round(float64(need-cur.Num)/float64(left)*10) / 10
	p.Status = StatusOffTrack
	pts := history
	if len(pts) > window {
		pts = pts[len(pts)-window:]
	}
	p.Months = len(pts)
	if len(pts) < 2 {
		p.Note = fmt.Sprintf("too few months for a pace; %.1f more per month needed", p.NeededPerMonth)
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
	if p.PerMonth <= 0 {
		p.Note = fmt.Sprintf("no progress at the recent pace; %.1f more per month needed", p.NeededPerMonth)
		return p
	}
	months := int(math.Ceil(float64(need-cur.Num)/p.PerMonth - 1e-9))
	if months < 1 {
		months = 1
	}
	if m := cur.Month.AddDate(0, months, 0); !m.After(deadline) {
		p.Reached, p.BeforeDeadline, p.Status = &m, true, StatusOnTrack
		p.Note = fmt.Sprintf("%.1f more per month; %d needed, %d now", p.PerMonth, need, cur.Num)
		return p
	}
	p.Note = fmt.Sprintf("%.1f more per month, %.1f needed to reach %d by %s", p.PerMonth, p.NeededPerMonth, need, deadline.Format("2006-01"))
	return p
}

// monthsBetween counts the months from a to b (b after a).
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}
