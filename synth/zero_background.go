package synth

import (
	"math"
	"math/rand/v2"
	"sort"
)

// The campaign's zero-employment households beyond those the standards are planned on
// (addEvents and assignFailures): the base the campaign started from, households formed
// in January, and households still open at a year's end. None of them changes any planned
// outcome or published figure, so each goes only where SPEC §4 lets it:
//
//   - a community meeting the standard (or planned to fail only the spot check, which
//     needs items 1 and 2 to hold) has none open at a quarter end, and every one it forms
//     in a year counts in that year's figures (verify checks them against the plan);
//   - a household open in December is eliminated in the next January: that elimination
//     belongs to the next year, so the community must not meet the standard then (2008's
//     162 eliminated are published);
//   - a community planned to fail on a zero-employment household (item 2) must still
//     reach 96 % in December (item 1 is judged first): nothing open there in December;
//   - a community failing on the December rate may keep households open at quarter ends
//     only in a street that fails the street standard anyway (fewer than 80 % of its
//     assessed communities meet it, SPEC §4 street item 5), so that no street count moves;
//   - a community not yet in the assessment base (converted ones before assessed_from) is
//     judged on nothing.
//
// Background events are drawn from their own stream after the rest of the plan, and
// applied if the community has a household for them (applyEvents skips one it cannot
// place); the plan's other events are as they were.

// baseShare is the chance that a community had a zero-employment household when the
// campaign began in January 2007 (old main-urban, outer, converted); a quarter of those
// had two.
var baseShare = [3]float64{0.12, 0.22, 0.32}

// decemberOpen is how many households, each year, are still zero-employment in
// December, in communities failing that year (a few fewer each year of the campaign).
var decemberOpen = [Years]int{22, 17, 13, 10}

// januaryShare is the share of the planned households formed in February that form in
// January instead (the plan's within-quarter events never started in January).
const januaryShare = 0.5

// addBackground adds the base of January 2007, moves some February formations to
// January and adds the households open in December, from a stream of its own.
func (p *Plan) addBackground(city *City, seed uint64) {
	r := newRand(seed, "zero-background")
	weak := p.weakStreets(city)
	for i, c := range city.Communities {
		// The base: eliminated by February where the first quarter end must be clear,
		// over the year (by November) where it need not.
		k := 0
		switch {
		case c.Converted:
			k = 2
		case c.Outer():
			k = 1
		}
		n := 0
		if chance(r, baseShare[k]) {
			n = 1
			if chance(r, 0.25) {
				n = 2
			}
		}
		for range n {
			end := r.IntN(2)
			if p.mayHoldOpen(i, 0, weak[c.Street.Index], false) {
				end = min(10, int(math.Round(r.ExpFloat64()*3)))
			}
			p.Events[i] = append(p.Events[i], ZeroEvent{Start: 0, End: end, Background: true})
		}
		// January: half the households planned to form in February form a month earlier.
		for j, e := range p.Events[i] {
			if e.Background || e.Start%12 != 1 || !chance(r, januaryShare) {
				continue
			}
			e.Start--
			if e.End == e.Start+1 && r.IntN(2) == 0 {
				e.End = e.Start // January only
			}
			p.Events[i][j] = e
		}
	}
	// December: households open at the year's end, formed in October to December, some
	// eliminated only in the next January or February.
	for y := 0; y < Years; y++ {
		var cands []int
		for i, c := range city.Communities {
			next := y+1 < Years && p.Outcome[i][y+1] == ItemNone
			if p.Outcome[i][y] != ItemMissing && p.mayHoldOpen(i, y, weak[c.Street.Index], true) && !next {
				cands = append(cands, i)
			}
		}
		for _, i := range pickSome(r, cands, decemberOpen[y]) {
			e := ZeroEvent{Start: 12*y + 9 + r.IntN(3), End: 12*y + 11, Background: true}
			if y+1 < Years && r.IntN(2) == 0 {
				e.End = 12*(y+1) + r.IntN(2)
			}
			p.Events[i] = append(p.Events[i], e)
		}
	}
	for i := range p.Events {
		// Applied year by year (see applyEvents); within a year as planned.
		sort.SliceStable(p.Events[i], func(a, b int) bool { return p.Events[i][a].Start/12 < p.Events[i][b].Start/12 })
	}
}

// mayHoldOpen reports whether community i may have a zero-employment household open at a
// quarter end of year index y, December included when december is set, without any
// planned outcome changing (see the rules above). weak says whether its street fails the
// year's street standard anyway.
func (p *Plan) mayHoldOpen(i, y int, weak [Years]bool, december bool) bool {
	switch p.Outcome[i][y] {
	case ItemNotAssessed:
		return true
	case ItemRate, ItemMissing:
		return weak[y]
	case ItemZero:
		return !december
	}
	return false
}

// weakStreets says, per street and year, whether fewer than 80 % of the street's assessed
// communities are planned to meet the standard (street item 5 fails, whatever else).
func (p *Plan) weakStreets(city *City) [][Years]bool {
	out := make([][Years]bool, len(city.Streets))
	for _, s := range city.Streets {
		for y := 0; y < Years; y++ {
			meet, assessed := 0, 0
			for _, c := range s.Communities {
				switch p.Outcome[c.Index][y] {
				case ItemNotAssessed:
					continue
				case ItemNone:
					meet++
				}
				assessed++
			}
			out[s.Index][y] = assessed > 0 && meet*100 < 80*assessed
		}
	}
	return out
}

// backgroundRand is the community's own stream for placing background events, so that the
// planned events are placed in the same households with or without them.
func backgroundRand(seed uint64, c *Community) *rand.Rand {
	return newRand(seed, "zero-households/"+c.Code)
}
