package standard

import (
	"fmt"
	"strings"
	"time"
)

// EvaluateCommunity applies the community standard of SPEC §4 for year as of asOf (the
// December items are evaluated at the as-of month; the quarter ends reached so far count).
func EvaluateCommunity(cfg Config, year int, asOf time.Time, in CommunityInput) CommunityResult {
	return evaluateCommunity(true, cfg, year, asOf, in)
}

// QuickCommunity is EvaluateCommunity without the reasons (empty Reason fields): the same
// verdicts, cheaply, for histories that evaluate every month.
func QuickCommunity(cfg Config, year int, asOf time.Time, in CommunityInput) CommunityResult {
	return evaluateCommunity(false, cfg, year, asOf, in)
}

func evaluateCommunity(x explain, cfg Config, year int, asOf time.Time, in CommunityInput) CommunityResult {
	asOf = AsOf(year, asOf)
	r := CommunityResult{Community: in.Community, Year: year, AsOf: asOf, Assessed: in.Assessed(year)}
	if !r.Assessed {
		return r
	}
	c := cfg.Community
	r.Items = append(r.Items, rateItem(x, "employment_rate", "employment rate", "就业率", asOf, in.Months[asOf],
		func(m *Month) (uint64, uint64) { return m.TargetGroup, m.Employed }, c.EmploymentRate))
	if c.QuarterEndClearing {
		r.Items = append(r.Items, zeroItem(x, year, asOf, []CommunityInput{in}))
	}
	if c.SpotCheck {
		r.Items = append(r.Items, spotItem(x, year, in.SpotCheck))
	}
	r.Met = len(Failed(r.Items)) == 0
	return r
}

// rateItem judges a rate at the as-of month; a missing ledger fails it.
func rateItem(x explain, id, name, nameZH string, month time.Time, m *Month, parts func(*Month) (den, num uint64), threshold float64) Item {
	it := Item{ID: id, Name: name, NameZH: nameZH, Threshold: threshold}
	if m == nil {
		if !x {
			return it
		}
		it.Reason = x.f("%s ledger missing", monthStr(month))
		it.ReasonZH = x.f("%s台帐缺失", monthStr(month))
		return it
	}
	it.Den, it.Num = parts(m)
	return judgeRate(x, it, month)
}

// judgeRate fills Value, Held and the reasons of a rate item whose Num and Den are set.
func judgeRate(x explain, it Item, month time.Time) Item {
	it.Value = Percent(it.Num, it.Den, 100)
	it.Held = AtLeast(it.Num, it.Den, it.Threshold, true)
	if !x {
		return it
	}
	op := "≥"
	if !it.Held {
		op = "<"
	}
	when := monthStr(month)
	if it.Den == 0 {
		it.Reason = x.f("%s %s: group empty, counts as 100%%", name(it), when)
		it.ReasonZH = x.f("%s %s：无对象，按100%%计", it.NameZH, when)
		return it
	}
	it.Reason = x.f("%s %s %d/%d = %s %s %s", name(it), when, it.Num, it.Den, pct(it.Value), op, pct(it.Threshold))
	it.ReasonZH = x.f("%s %s %d/%d = %s %s %s", it.NameZH, when, it.Num, it.Den, pct(it.Value), op, pct(it.Threshold))
	return it
}

func name(it Item) string { return it.Name }

// explain says whether items get their reasons in words.
type explain bool

// f formats a reason, or returns "" when reasons are not wanted.
func (x explain) f(format string, args ...any) string {
	if !x {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// zeroItem is item 2 ("基数归零、动态归零"): no outstanding zero-employment household at any
// quarter end reached, in any of the communities; a missing quarter-end ledger fails it.
func zeroItem(x explain, year int, asOf time.Time, ins []CommunityInput) Item {
	it := Item{ID: "zero_households", Name: "zero-employment households cleared at quarter ends",
		NameZH: "零就业家庭季末归零", Held: true}
	var why, whyZH []string
	quarters := QuarterEnds(year, asOf)
	for _, q := range quarters {
		qn := int(q.Month()) / 3
		for _, in := range ins {
			m := in.Months[q]
			if m == nil {
				it.Held = false
				if !x {
					continue
				}
				why = append(why, x.f("%s ledger missing at end of Q%d (%s)", in.Code, qn, monthStr(q)))
				whyZH = append(whyZH, x.f("%s 第%d季度末(%s)台帐缺失", in.Code, qn, monthStr(q)))
				continue
			}
			for _, h := range m.Open {
				it.Held = false
				it.Num++
				if !x {
					continue
				}
				why = append(why, x.f("household %s-%s open at end of Q%d", in.Code, h, qn))
				whyZH = append(whyZH, x.f("零就业家庭 %s-%s 第%d季度末未消除", in.Code, h, qn))
			}
		}
	}
	it.Value = float64(it.Num)
	if !x {
		return it
	}
	if it.Held {
		it.Reason = x.f("no zero-employment household open at %d quarter end(s)", len(quarters))
		it.ReasonZH = x.f("%d个季度末均无未消除的零就业家庭", len(quarters))
		return it
	}
	it.Reason = joinCapped(why, "; ")
	it.ReasonZH = joinCapped(whyZH, "；")
	return it
}

// joinCapped joins at most 10 reasons and says how many more there were.
func joinCapped(list []string, sep string) string {
	const max = 10
	if len(list) <= max {
		return strings.Join(list, sep)
	}
	return strings.Join(list[:max], sep) + fmt.Sprintf("%s… (+%d)", sep, len(list)-max)
}

// spotItem is item 3: not failed by the city's spot check for the year.
func spotItem(x explain, year int, result string) Item {
	it := Item{ID: "spot_check", Name: "city spot check", NameZH: "市抽查", Held: result != "fail"}
	if result == "pass" {
		it.Value = 1
	}
	if !x {
		return it
	}
	switch result {
	case "fail":
		it.Reason = x.f("failed the city's %d spot check", year)
		it.ReasonZH = x.f("%d年市抽查不通过", year)
	case "pass":
		it.Reason = x.f("passed the city's %d spot check", year)
		it.ReasonZH = x.f("%d年市抽查通过", year)
	default:
		it.Reason = x.f("not spot-checked in %d", year)
		it.ReasonZH = x.f("%d年未被抽查", year)
	}
	return it
}
