package synth

import (
	"math/rand/v2"
	"sort"
)

// ZeroEvent is a planned zero-employment household: zero from month Start to End
// (indices, inclusive), employed again the month after. A Background one (see
// addBackground) is placed only if the community has a household for it.
type ZeroEvent struct {
	Start, End int
	Background bool
}

// SpotCheck is one December spot check of the city.
type SpotCheck struct {
	Year      int
	Community *Community
	Fail      bool
	Note      string
}

// Plan is what the demo city must show, decided before any resident is drawn.
type Plan struct {
	// Outcome is, per community index and year, ItemNone when it meets the standard, or
	// the item that fails it, or ItemNotAssessed.
	Outcome [][Years]Item
	// Events lists each community's planned zero-employment households.
	Events     [][]ZeroEvent
	SpotChecks []SpotCheck
	// Missing has, per community index, bit m set when the community sends no ledger for
	// month m (see chooseLateLedgers).
	Missing []uint64
	// readiness ranks the streets for the scores: the weakest fail the score first.
	streetReadiness []float64
}

// category splits the assessment base the way the targets look at it.
func category(c *Community) int {
	k := 0
	if c.Outer() {
		k = 2
	}
	if c.Converted {
		k++
	}
	return k
}

// meetCounts is how many communities of each category (main old, main converted, outer
// old, outer converted) meet the standard each year. 2007: 283; 2008: 505 of 754 (67 %),
// 68 converted; 2009: 636 of 816 with main-urban old at 354 of 356 (T2009-old narrowly
// missed), converted 112 of 166, outer 210 of 360; 2010: 770 of 866.
var meetCounts = [Years][4]int{
	{200, 0, 83, 0},
	{290, 44, 147, 24},
	{354, 72, 170, 40},
	{356, 112, 240, 62},
}

// formedInMeeting is how many zero-employment households form (and are eliminated within
// their quarter) in the communities meeting the standard each year; 2008's is published.
var formedInMeeting = [Years]int{118, 162, 131, 97}

// spotFails is how many communities the city's spot check fails each year.
var spotFails = [Years]int{3, 4, 3, 2}

// districtEffect moves a district's communities up or down the ranking: Chun'an (淳安)
// lags behind, the old city centre leads.
var districtEffect = map[string]float64{
	"330102": 0.6, "330103": 0.5, "330104": 0.2, "330105": 0.4, "330106": 0.4, "330108": 0.3,
	"330109": 0.3, "330110": 0.2, "330122": 0.1, "330127": -1.4, "330182": -0.1, "330183": 0.2, "330185": 0.0,
}

// NewPlan decides every community's outcome per year, the zero-employment events and the
// spot checks. The counts are fixed; which community gets which depends on the seed.
func NewPlan(city *City, seed uint64) *Plan {
	r := newRand(seed, "plan")
	n := len(city.Communities)
	p := &Plan{Outcome: make([][Years]Item, n), Events: make([][]ZeroEvent, n)}
	p.streetReadiness = make([]float64, len(city.Streets))
	for i := range p.streetReadiness {
		p.streetReadiness[i] = r.NormFloat64()
	}
	ready := make([]float64, n)
	for i, c := range city.Communities {
		ready[i] = p.streetReadiness[c.Street.Index] + districtEffect[c.Street.District.Code] + normal(r, 0, 0.35)
	}
	for y := 0; y < Years; y++ {
		year := FirstYear + y
		score := make([]float64, n)
		for i := range score {
			score[i] = ready[i] + normal(r, 0, 0.2)
		}
		var cats [4][]int
		for i, c := range city.Communities {
			if !c.Assessed(year) {
				p.Outcome[i][y] = ItemNotAssessed
				continue
			}
			cats[category(c)] = append(cats[category(c)], i)
		}
		var failing []int
		for k, idx := range cats {
			sort.SliceStable(idx, func(a, b int) bool { return score[idx[a]] > score[idx[b]] })
			for j, i := range idx {
				if j >= meetCounts[y][k] {
					failing = append(failing, i)
				}
			}
		}
		p.assignFailures(r, city, y, failing)
		p.addEvents(r, city, y)
		p.addSpotChecks(r, city, y)
	}
	p.chooseLateLedgers(city, seed)
	p.addBackground(city, seed)
	return p
}

// assignFailures chooses the failing item of each failing community. In 2009 and 2010 the
// main urban districts fail only on the rate or the spot check, so that a street's
// one-vote veto on zero-employment households does not sink whole streets there.
func (p *Plan) assignFailures(r *rand.Rand, city *City, y int, failing []int) {
	r.Shuffle(len(failing), func(a, b int) { failing[a], failing[b] = failing[b], failing[a] })
	spots := spotFails[y]
	zeroShare := 0.3
	if y >= 2 {
		zeroShare = 0.12
	}
	for _, i := range failing {
		c := city.Communities[i]
		switch {
		case spots > 0:
			p.Outcome[i][y] = ItemSpot
			spots--
		case chance(r, zeroShare) && (y < 2 || c.Outer()):
			p.Outcome[i][y] = ItemZero
			q := 2 + 3*r.IntN(3) // Mar, Jun or Sep
			start := q - r.IntN(2)
			end := q + r.IntN(2)
			p.Events[i] = append(p.Events[i], ZeroEvent{Start: 12*y + start, End: 12*y + end})
		default:
			p.Outcome[i][y] = ItemRate
		}
	}
}

// withinQuarter draws a zero-employment spell that starts and ends inside one quarter,
// never at a quarter end (addBackground moves some of February's to January).
func withinQuarter(r *rand.Rand, y int) ZeroEvent {
	starts := []int{1, 3, 4, 6, 7, 9, 10}
	s := starts[r.IntN(len(starts))]
	e := s
	if s%3 == 0 && r.IntN(2) == 0 {
		e = s + 1
	}
	return ZeroEvent{Start: 12*y + s, End: 12*y + e}
}

// addEvents places the year's formed-and-eliminated zero-employment households: the
// published number in the communities that meet the standard, and a sprinkling elsewhere.
func (p *Plan) addEvents(r *rand.Rand, city *City, y int) {
	var meeting, other []int
	for i := range city.Communities {
		switch p.Outcome[i][y] {
		case ItemNone:
			meeting = append(meeting, i)
		default:
			other = append(other, i)
		}
	}
	perYear := func(i int) int {
		k := 0
		for _, e := range p.Events[i] {
			if e.Start/12 == y {
				k++
			}
		}
		return k
	}
	for placed := 0; placed < formedInMeeting[y]; {
		i := meeting[r.IntN(len(meeting))]
		if perYear(i) >= 2 {
			continue
		}
		p.Events[i] = append(p.Events[i], withinQuarter(r, y))
		placed++
	}
	for _, i := range other {
		if chance(r, 0.15) && perYear(i) == 0 {
			p.Events[i] = append(p.Events[i], withinQuarter(r, y))
		}
	}
}

var spotNotes = []string{"入户核实与台帐不符", "失业人员未及时登记", "零就业家庭未按期消除", "台帐资料不全"}

// addSpotChecks samples about a tenth of the communities meeting the standard (at least one
// per district) and adds the planned failures.
func (p *Plan) addSpotChecks(r *rand.Rand, city *City, y int) {
	byDistrict := map[string][]int{}
	var order []string
	for i, c := range city.Communities {
		switch p.Outcome[i][y] {
		case ItemSpot:
			p.SpotChecks = append(p.SpotChecks, SpotCheck{Year: FirstYear + y, Community: c, Fail: true, Note: spotNotes[r.IntN(len(spotNotes))]})
		case ItemNone:
			d := c.Street.District.Code
			if _, ok := byDistrict[d]; !ok {
				order = append(order, d)
			}
			byDistrict[d] = append(byDistrict[d], i)
		}
	}
	for _, d := range order {
		idx := byDistrict[d]
		k := (len(idx) + 9) / 10
		r.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for _, i := range idx[:k] {
			p.SpotChecks = append(p.SpotChecks, SpotCheck{Year: FirstYear + y, Community: city.Communities[i]})
		}
	}
	sort.SliceStable(p.SpotChecks, func(a, b int) bool {
		sa, sb := p.SpotChecks[a], p.SpotChecks[b]
		if sa.Year != sb.Year {
			return sa.Year < sb.Year
		}
		return sa.Community.Code < sb.Community.Code
	})
}

// spotFailed reports whether the community failed the spot check of year index y.
func (p *Plan) spotFailed(i, y int) bool { return p.Outcome[i][y] == ItemSpot }
