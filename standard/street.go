package standard

import (
	"sort"
	"strings"
	"time"
)

// EvaluateStreet applies the street standard of SPEC §4 for year as of asOf. members are
// the street's communities (assessed or not) and results their community results.
func EvaluateStreet(cfg Config, year int, asOf time.Time, st Street, members []CommunityInput, results []CommunityResult) StreetResult {
	return evaluateStreet(true, cfg, year, asOf, st, members, results)
}

// QuickStreet is EvaluateStreet without the reasons, for histories.
func QuickStreet(cfg Config, year int, asOf time.Time, st Street, members []CommunityInput, results []CommunityResult) StreetResult {
	return evaluateStreet(false, cfg, year, asOf, st, members, results)
}

func evaluateStreet(x explain, cfg Config, year int, asOf time.Time, st Street, members []CommunityInput, results []CommunityResult) StreetResult {
	asOf = AsOf(year, asOf)
	r := StreetResult{Street: st, Year: year, AsOf: asOf}
	var assessed []CommunityInput
	for _, m := range members {
		if m.Assessed(year) {
			assessed = append(assessed, m)
		}
	}
	for _, cr := range results {
		if cr.Assessed {
			r.Communities++
			if cr.Met {
				r.CommunitiesMet++
			}
		}
	}
	if len(assessed) == 0 {
		return r
	}
	r.Assessed = true
	c := cfg.Street
	r.Items = append(r.Items, sumRate(x, "employment_rate", "street employment rate", "街道就业率", asOf, assessed,
		func(m *Month) (uint64, uint64) { return m.TargetGroup, m.Employed }, c.EmploymentRate, true))
	if c.QuarterEndClearing {
		r.Items = append(r.Items, zeroItem(x, year, asOf, assessed))
	}
	r.Items = append(r.Items, sumRate(x, "rural_labour_rate", "rural-labour employment rate", "农村劳动力就业率", asOf, assessed,
		func(m *Month) (uint64, uint64) { return m.RuralTarget, m.RuralEmployed }, c.RuralLabourRate, false))
	r.Items = append(r.Items, sumRate(x, "graduate_rate", "graduate employment rate", "高校毕业生就业率", asOf, assessed,
		func(m *Month) (uint64, uint64) { return m.GraduateTarget, m.GraduateEmployed }, c.GraduateRate, false))
	r.Items = append(r.Items, meetingItem(x, r.CommunitiesMet, r.Communities, c.CommunitiesMeeting))
	r.Items = append(r.Items, scoreItem(x, year, st.Score, c.MinScore))
	r.Met = len(Failed(r.Items)) == 0
	return r
}

// sumRate sums a rate over the assessed communities at the as-of month. With missingFails a
// community missing its ledger fails the item (item 1); otherwise the rate is over the
// communities that have one, and the missing ones are named.
func sumRate(x explain, id, name, nameZH string, month time.Time, ins []CommunityInput, parts func(*Month) (den, num uint64), threshold float64, missingFails bool) Item {
	it := Item{ID: id, Name: name, NameZH: nameZH, Threshold: threshold}
	var missing []string
	for _, in := range ins {
		m := in.Months[month]
		if m == nil {
			missing = append(missing, in.Code)
			continue
		}
		d, n := parts(m)
		it.Den += d
		it.Num += n
	}
	it = judgeRate(x, it, month)
	if len(missing) > 0 && missingFails {
		it.Held = false
	}
	if len(missing) > 0 && x {
		sort.Strings(missing)
		list := joinCapped(missing, ", ")
		it.Reason = x.f("%s ledger missing for %s; %s", monthStr(month), list, it.Reason)
		it.ReasonZH = x.f("%s台帐缺失：%s；%s", monthStr(month), strings.ReplaceAll(list, ", ", "、"), it.ReasonZH)
	}
	return it
}

// meetingItem is street item 5: the share of assessed communities meeting the standard.
func meetingItem(x explain, met, of int, threshold float64) Item {
	it := Item{ID: "communities_meeting", Name: "communities meeting the standard", NameZH: "达标社区比例",
		Num: uint64(met), Den: uint64(of), Threshold: threshold}
	it.Value = Percent(it.Num, it.Den, 100)
	it.Held = AtLeast(it.Num, it.Den, threshold, true)
	if !x {
		return it
	}
	op := "≥"
	if !it.Held {
		op = "<"
	}
	it.Reason = x.f("%d of %d communities meet = %s %s %s", met, of, pct(it.Value), op, pct(threshold))
	it.ReasonZH = x.f("达标社区 %d/%d = %s %s %s", met, of, pct(it.Value), op, pct(threshold))
	return it
}

// scoreItem is street item 6: the basic-work score; no score fails.
func scoreItem(x explain, year int, score *float64, min float64) Item {
	it := Item{ID: "score", Name: "basic-work score", NameZH: "基础工作得分", Threshold: min}
	if score == nil {
		if !x {
			return it
		}
		it.Reason = x.f("no %d score", year)
		it.ReasonZH = x.f("无%d年基础工作得分", year)
		return it
	}
	it.Value = *score
	// Scores carry at most a few decimals; compare in hundredths to stay exact.
	it.Held = roundHundredths(*score) >= roundHundredths(min)
	if !x {
		return it
	}
	op := "≥"
	if !it.Held {
		op = "<"
	}
	it.Reason = x.f("score %g %s %g", *score, op, min)
	it.ReasonZH = x.f("得分 %g %s %g", *score, op, min)
	return it
}

func roundHundredths(v float64) int64 {
	if v < 0 {
		return int64(v*100 - 0.5)
	}
	return int64(v*100 + 0.5)
}
