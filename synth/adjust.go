package synth

import (
	"fmt"
	"math"
)

// zeroAt reports whether household h is a zero-employment household in month m.
func (g *community) zeroAt(h, m int) bool {
	lf := false
	for _, i := range g.members[h] {
		p := &g.people[i]
		if p.LabourForce(m) {
			if p.Effective(m) {
				return false
			}
			lf = true
		}
	}
	return lf
}

// work puts person i to work in month m in their usual kind of job.
func (g *community) work(i int32, m int) {
	p, t := &g.people[i], &g.traits[i]
	p.Status[m] = t.workType
	p.Contrib[m] = g.contribFor(t, t.workType)
}

// unemploy makes person i unemployed, with no contribution, in month m.
func (g *community) unemploy(i int32, m int) {
	p := &g.people[i]
	p.Status[m] = Unemployed
	p.Contrib[m] = false
}

// clearZero removes every zero-employment household the random walk made: only planned
// ones may exist. A target-group member goes back to work (the same one as last month when
// possible); a household with no such member has its members who are unable or unwilling
// counted out of the labour force instead.
func (g *community) clearZero() {
	for h := range g.members {
		last := int32(-1)
		for m := 0; m < Months; m++ {
			if !g.zeroAt(h, m) {
				continue
			}
			choice := int32(-1)
			for _, i := range g.members[h] {
				if g.people[i].Target(m) && (choice < 0 || i == last) {
					choice = i
				}
			}
			if choice >= 0 {
				g.work(choice, m)
				last = choice
				continue
			}
			for _, i := range g.members[h] {
				if g.people[i].LabourForce(m) {
					g.people[i].Status[m] = OutOfLabour
					g.people[i].Contrib[m] = false
				}
			}
		}
	}
}

// adjustRates shapes each assessed year's monthly employment rates to the plan, so that
// progress during the year (SPEC §5: the measure as if the year ended that month) rises
// like a campaign. A community meeting the standard in a year (or failing only on another
// item) "gets there" in some month — January when it met the year before, later otherwise —
// and from then on keeps its target group's unemployment under a cap of its own, December
// included. Before that month, and all year for a community planned to fail on the rate,
// enough of its people are out of work to keep it below 96 %: the same people month after
// month, and only people whose household keeps an earner (in a failing December, anyone).
// Graduates and rural labour are spared the layoffs and helped first, so that the streets'
// rates for them stay high.
func (g *community) adjustRates() {
	metBefore := false
	for y := 0; y < Years; y++ {
		out := g.plan.Outcome[g.c.Index][y]
		if out == ItemNotAssessed {
			continue
		}
		reach := 12 // the month (0–11) the community reaches 96 % for good; 12: never
		switch {
		case out == ItemRate, out == ItemMissing: // a community late with its December ledger is behind anyway
		case metBefore && g.r.IntN(100) < 85:
			reach = 0
		case metBefore:
			reach = 1 + g.r.IntN(5)
		case y == 0: // the campaign starts in 2007
			reach = 1 + g.r.IntN(11)
		default:
			reach = 2 + g.r.IntN(10)
		}
		share := uniform(g.r, 0.01, 0.035)
		laidOff := map[int32]bool{}
		for mo := 0; mo < 12; mo++ {
			m := 12*y + mo
			if mo >= reach {
				g.capIdle(m, share)
			} else {
				laidOff = g.raiseIdle(m, laidOff, mo == 11)
			}
		}
		metBefore = out != ItemRate && out != ItemMissing
	}
}

// targetSplit lists month m's target group: effectively employed and not.
func (g *community) targetSplit(m int) (busy, idle []int32, maxIdle int) {
	for i := range g.people {
		p := &g.people[i]
		if !p.Target(m) {
			continue
		}
		if p.Effective(m) {
			busy = append(busy, int32(i))
		} else {
			idle = append(idle, int32(i))
		}
	}
	target := len(busy) + len(idle)
	for maxIdle+1 <= target && RateOK(target-maxIdle-1, target, 96) {
		maxIdle++
	}
	return busy, idle, maxIdle
}

// capIdle puts people back to work until month m's target-group unemployment is at most
// share of it, and in any case under the 4 % that 96 % allows.
func (g *community) capIdle(m int, share float64) {
	busy, idle, maxIdle := g.targetSplit(m)
	limit := int(math.Floor(float64(len(busy)+len(idle)) * share))
	if limit > maxIdle {
		limit = maxIdle
	}
	g.sortFlagged(idle, true)
	for len(idle) > limit {
		g.work(idle[0], m)
		idle = idle[1:]
	}
}

// raiseIdle makes month m's employment rate fall below 96 %, laying off first the people
// laid off the month before (prev); it returns who is out of work now. Only in a December
// that must fail may a layoff leave a household without an earner.
func (g *community) raiseIdle(m int, prev map[int32]bool, december bool) map[int32]bool {
	busy, idle, maxIdle := g.targetSplit(m)
	want := maxIdle + 1 + g.r.IntN(1+(len(busy)+len(idle))/60)
	g.sortFlagged(busy, false)
	k := 0
	for j := range busy {
		if prev[busy[j]] {
			busy[k], busy[j] = busy[j], busy[k]
			k++
		}
	}
	passes := 1
	if december {
		passes = 2
	}
	for pass := 0; pass < passes && len(idle) < want; pass++ {
		var keep []int32
		for _, i := range busy {
			if len(idle) >= want || (pass == 0 && !g.otherEarner(i, m)) {
				keep = append(keep, i)
				continue
			}
			g.unemploy(i, m)
			idle = append(idle, i)
		}
		busy = keep
	}
	now := make(map[int32]bool, len(idle))
	for _, i := range idle {
		now[i] = true
	}
	return now
}

// otherEarner reports whether someone else in person i's household is effectively employed
// and in the labour force in month m.
func (g *community) otherEarner(i int32, m int) bool {
	for _, j := range g.members[g.people[i].Household] {
		if j != i && g.people[j].LabourForce(m) && g.people[j].Effective(m) {
			return true
		}
	}
	return false
}

// sortFlagged orders people with graduates and rural labour first (flaggedFirst) or last,
// keeping the draw's order otherwise; the list is shuffled first.
func (g *community) sortFlagged(list []int32, flaggedFirst bool) {
	g.r.Shuffle(len(list), func(a, b int) { list[a], list[b] = list[b], list[a] })
	flagged := func(i int32) bool { return g.people[i].Graduate || g.people[i].Rural }
	k := 0
	for j := range list {
		if flagged(list[j]) == flaggedFirst {
			list[k], list[j] = list[j], list[k]
			k++
		}
	}
}

// applyEvents makes the planned zero-employment households: every labour-force member of a
// chosen household is unemployed, without contributions, from Start to End. A household is
// used once per year, and only one with labour-force members in every month of the event
// and earners on both sides of it. A background event the community has no household for
// is left out; applyEvents returns how many events of each year it made.
func (g *community) applyEvents() ([Years]int, error) {
	var made [Years]int
	used := map[[2]int]bool{} // household, year
	for _, e := range g.plan.Events[g.c.Index] {
		y := e.Start / 12
		var cands []int
		for h := range g.members {
			if used[[2]int{h, y}] || (e.Start > 0 && g.zeroAt(h, e.Start-1)) || (e.End+1 < Months && g.zeroAt(h, e.End+1)) {
				continue
			}
			ok := true
			for m := e.Start; m <= e.End && ok; m++ {
				ok = false
				for _, i := range g.members[h] {
					if g.people[i].LabourForce(m) {
						ok = true
					}
				}
			}
			if ok {
				cands = append(cands, h)
			}
		}
		r := g.r
		if e.Background {
			r = g.br
		}
		switch {
		case len(cands) == 0 && e.Background:
			continue
		case len(cands) == 0:
			return made, fmt.Errorf("community %s: no household for the zero-employment event of months %d–%d", g.c.Code, e.Start, e.End)
		}
		h := cands[r.IntN(len(cands))]
		used[[2]int{h, y}] = true
		for m := e.Start; m <= e.End; m++ {
			for _, i := range g.members[h] {
				if g.people[i].LabourForce(m) {
					g.unemploy(i, m)
				}
			}
		}
		made[y]++
	}
	return made, nil
}

// verify measures the community as SPEC §3–4 define and compares it with the plan; made
// is how many zero-employment events applyEvents made each year.
func (g *community) verify(f *[Months]MonthFigures, made [Years]int) error {
	for y := 0; y < Years; y++ {
		want := g.plan.Outcome[g.c.Index][y]
		got := CommunityResult(f, FirstYear+y, g.c.AssessedFrom, g.plan.spotFailed(g.c.Index, y))
		if got != want {
			return fmt.Errorf("community %s %d: planned %s, generated %s", g.c.Code, FirstYear+y, want, got)
		}
		if want != ItemNone {
			continue
		}
		formed, events := 0, made[y]
		for m := 12 * y; m < 12*y+12; m++ {
			formed += f[m].Formed
		}
		if formed != events {
			return fmt.Errorf("community %s %d: %d zero-employment households formed, planned %d", g.c.Code, FirstYear+y, formed, events)
		}
	}
	return nil
}
