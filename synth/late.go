package synth

import (
	"math/rand/v2"
	"sort"
)

// The months some ledgers are missing from (SPEC §3: a community without ledger rows for a
// month has no figures for it). LastMonth is 2010-12, the month the dashboards open on;
// GapMonth is 2009-05, a month within a quarter.
const (
	LastMonth = Months - 1
	GapMonth  = 12*(2009-FirstYear) + 4
)

// lateDecember is how many communities of each district have not sent their 2010-12
// ledger yet when the demo's data end: Chun'an (淳安) and Tonglu (桐庐), which trail the
// other counties, most; Lin'an (临安) and Yuhang (余杭) a couple each.
var lateDecember = []struct {
	district string
	n        int
}{{"330127", 4}, {"330122", 3}, {"330185", 2}, {"330110", 2}}

// gapCommunities is how many communities skip GapMonth's ledger and send the next ones.
const gapCommunities = 2

// chooseLateLedgers decides which ledgers are missing, from a stream of its own so that the
// rest of the plan is the same as without it.
//
// The 2010-12 ledger is missing only from communities the plan has failing 2010 on the
// December rate anyway, in streets where fewer than 80 % of the assessed communities meet
// the standard (so the street fails SPEC §4's street item 5 anyway): their outcome becomes
// ItemMissing ("December ledger missing"), and no count of communities or streets meeting
// the standard changes. A missing December fails the street's item 1 as well, but the
// street was failing already.
//
// GapMonth's ledger is missing from communities meeting the 2009 standard (a month within
// a quarter is no item of it): one with a zero-employment household planned for April and
// May, whose elimination then shows in June (SPEC §3: events compare with the household's
// previous ledger month), and one in another district. None has a household planned
// zero-employment in May alone, which the gap would hide.
func (p *Plan) chooseLateLedgers(city *City, seed uint64) {
	r := newRand(seed, "late-ledgers")
	p.Missing = make([]uint64, len(city.Communities))
	y := Years - 1
	meeting := map[*Street][2]int{} // planned meeting, assessed
	for i, c := range city.Communities {
		if out := p.Outcome[i][y]; out != ItemNotAssessed {
			n := meeting[c.Street]
			if out == ItemNone {
				n[0]++
			}
			n[1]++
			meeting[c.Street] = n
		}
	}
	for _, d := range lateDecember {
		var cands []int
		for i, c := range city.Communities {
			n := meeting[c.Street]
			if c.Street.District.Code == d.district && p.Outcome[i][y] == ItemRate && n[0]*100 < 80*n[1] {
				cands = append(cands, i)
			}
		}
		for _, i := range pickSome(r, cands, d.n) {
			p.Outcome[i][y] = ItemMissing
			p.Missing[i] |= 1 << LastMonth
		}
	}

	gy := GapMonth / 12
	var spanning, others []int
	for i, c := range city.Communities {
		if p.Outcome[i][gy] != ItemNone || !c.Assessed(FirstYear+gy) {
			continue
		}
		hidden, span := false, false
		for _, e := range p.Events[i] {
			hidden = hidden || (e.Start == GapMonth && e.End == GapMonth)
			span = span || (e.Start < GapMonth && e.End >= GapMonth)
		}
		switch {
		case hidden:
		case span:
			spanning = append(spanning, i)
		default:
			others = append(others, i)
		}
	}
	chosen := pickSome(r, spanning, 1)
	r.Shuffle(len(others), func(a, b int) { others[a], others[b] = others[b], others[a] })
	for _, i := range others {
		if len(chosen) >= gapCommunities {
			break
		}
		if len(chosen) == 0 || city.Communities[i].Street.District.Code != city.Communities[chosen[0]].Street.District.Code {
			chosen = append(chosen, i)
		}
	}
	for _, i := range chosen {
		p.Missing[i] |= 1 << GapMonth
	}
}

// pickSome returns up to n of list, drawn at random, in increasing order.
func pickSome(r *rand.Rand, list []int, n int) []int {
	list = append([]int(nil), list...)
	r.Shuffle(len(list), func(a, b int) { list[a], list[b] = list[b], list[a] })
	if len(list) > n {
		list = list[:n]
	}
	sort.Ints(list)
	return list
}

// HasLedger reports whether the community of index i sends a ledger for month m.
func (p *Plan) HasLedger(i, m int) bool { return p.Missing[i]&(1<<m) == 0 }
