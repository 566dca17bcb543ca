package synth

import (
	"math"
	"math/rand/v2"
	"time"

	"fullemp/idcard"
)

// TotalPeople is how many residents appear in the ledger at scale 1.0: everyone of working
// age at some month of 2007–2010, about 100 million ledger rows over 48 months.
const TotalPeople = 2_080_000

// minPeople keeps the smallest communities large enough to show every outcome.
const minPeople = 12

// traits are what the generator keeps about a resident besides the ledger's columns.
type traits struct {
	workType    Status // Employed or Flexible when working
	informal    bool   // employed without contributions (the verification list finds them)
	flexContrib bool   // a flexible worker who pays contributions
	homemaker   bool
	schoolEnd   int // first month index in the labour market (students before it)
	retireeWork bool
	eu, ue      float64 // monthly chances of losing and finding a job
}

// migrantAddresses are birth-place codes of residents born outside Hangzhou.
var migrantAddresses = []string{"330381", "330681", "331081", "340104", "360102", "410102", "420102", "430102", "510104", "522401", "362321", "340823"}

// idAllocator hands out identity numbers no other community can hand out: each community
// owns a range of the 3-digit sequence for its district's address code and for one
// migrant address code.
type idAllocator struct {
	local, migrant        string
	localBase, localSlots int
	migrantBase, migSlots int
	used                  map[idKey]int
}

type idKey struct {
	migrant bool
	day     int32
	male    bool
}

func newIDAllocator(city *City, c *Community) *idAllocator {
	d := c.Street.District.Code
	q := 500 / city.DistrictSize[d]
	return &idAllocator{
		local: d, localBase: c.DistrictIndex * q, localSlots: q,
		migrant: migrantAddresses[c.Index%len(migrantAddresses)], migrantBase: (c.Index / len(migrantAddresses)) * 6, migSlots: 6,
		used: map[idKey]int{},
	}
}

var epoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// make returns a unique number for the birth date and sex, moving the birth date a day on
// when the community's slots for that day are taken; it returns the date used.
func (a *idAllocator) make(birth time.Time, male, migrant bool) (string, time.Time) {
	for {
		k := idKey{migrant, int32(birth.Sub(epoch).Hours() / 24), male}
		n := a.used[k]
		slots, base, addr := a.localSlots, a.localBase, a.local
		if migrant {
			slots, base, addr = a.migSlots, a.migrantBase, a.migrant
		}
		if n < slots {
			a.used[k] = n + 1
			seq := 2 * (base + n)
			if male {
				seq++
			}
			return idcard.Make(addr, birth, seq), birth
		}
		birth = birth.AddDate(0, 0, 1)
	}
}

var ref = time.Date(FirstYear, 1, 1, 0, 0, 0, 0, time.UTC)

// birthAt returns a birth date for someone aged age (fractional years) on 2007-01-01.
func birthAt(age float64) time.Time {
	return ref.AddDate(0, 0, -int(age*365.25))
}

func uniform(r *rand.Rand, a, b float64) float64 { return a + (b-a)*r.Float64() }

// The kinds of household, with householdWeights: single, couple, couple with adult child,
// couple with a teenager who comes of working age, an older parent (who ages out) with an
// adult child, three generations. Members are listed couple first, then child or parent.
const (
	hhSingle = iota
	hhCouple
	hhAdultChild
	hhTeen
	hhParentChild
	hhThreeGen
)

var householdWeights = []float64{16, 30, 22, 12, 12, 8}

type member struct {
	age  float64
	male bool
}

// drawHousehold draws a household's kind and its members' ages on 2007-01-01 and sexes.
func drawHousehold(r *rand.Rand) (int, []member) {
	couple := func(lo, hi float64) []member {
		a := uniform(r, lo, hi)
		m := r.IntN(2) == 0
		return []member{{a, m}, {a + normal(r, 0, 2), !m}}
	}
	switch kind := pick(r, householdWeights); kind {
	case hhSingle:
		return kind, []member{{uniform(r, 18, 58), r.IntN(2) == 0}}
	case hhCouple:
		return kind, couple(24, 56)
	case hhAdultChild:
		return kind, append(couple(44, 56), member{uniform(r, 17, 28), r.IntN(2) == 0})
	case hhTeen:
		return kind, append(couple(36, 48), member{uniform(r, 12, 15.95), r.IntN(2) == 0})
	case hhParentChild:
		return kind, []member{{uniform(r, 50, 62), r.IntN(2) == 0}, {uniform(r, 22, 36), r.IntN(2) == 0}}
	default:
		return hhThreeGen, append(couple(28, 42), member{uniform(r, 50, 60), r.IntN(2) == 0})
	}
}

// community is one community being generated.
type community struct {
	c       *Community
	plan    *Plan
	r       *rand.Rand
	br      *rand.Rand // places the background zero-employment households (backgroundRand)
	seed    uint64
	people  []Person
	traits  []traits
	members [][]int32 // household → people
}

// drawPeople draws households until the community has its share of the residents.
func (g *community) drawPeople(city *City, scale float64, sumWeight float64) {
	r := g.r
	want := int(math.Round(scale * TotalPeople * g.c.Weight / sumWeight))
	if want < minPeople {
		want = minPeople
	}
	ids := newIDAllocator(city, g.c)
	ruralShare := 0.06
	if g.c.Converted {
		ruralShare = 0.55
	}
	// Names come from a stream of their own: the residents drawn do not depend on them.
	nr := newRand(g.seed, "names/"+g.c.Code)
	for len(g.people) < want {
		hh := int32(len(g.members))
		var list []int32
		kind, members := drawHousehold(r)
		births := make([]int, len(members))
		for k, mb := range members {
			births[k] = birthAt(mb.age).Year()
		}
		names := householdNames(nr, kind, members, births)
		for k, mb := range members {
			birth := birthAt(mb.age)
			if workingMask(birth, mb.male) == 0 {
				continue
			}
			migrant := r.IntN(4) == 0
			id, birth := ids.make(birth, mb.male, migrant)
			p := Person{ID: id, Written: id, Name: names[k], Birth: birth, Male: mb.male, Household: hh}
			p.working = workingMask(birth, mb.male)
			if birth.Year() < 1980 && !migrant && r.IntN(250) == 0 {
				p.Written = id[:6] + id[8:17] // an old 15-digit card
			}
			t := g.drawTraits(&p, mb.age, ruralShare)
			list = append(list, int32(len(g.people)))
			g.people = append(g.people, p)
			g.traits = append(g.traits, t)
		}
		if len(list) > 0 {
			g.members = append(g.members, list)
		}
	}
}

func (g *community) drawTraits(p *Person, age float64, ruralShare float64) traits {
	r := g.r
	t := traits{workType: Employed, schoolEnd: 0, eu: 0.003, ue: 0.14}
	if r.IntN(5) == 0 {
		t.workType = Flexible
	}
	t.informal = r.IntN(25) == 0
	t.flexContrib = r.IntN(20) < 9
	p.Able = r.IntN(150) != 0
	p.Willing = r.IntN(100) != 0
	p.Rural = chance(r, ruralShare)
	p.TrainingWish = r.IntN(8) == 0
	womanHome := 0.07
	if p.Male {
		womanHome = 0.02
	}
	t.homemaker = chance(r, womanHome)
	if age < 22 {
		college := r.IntN(100) < 45
		end := p.Birth.Year() + 18
		if college {
			end = p.Birth.Year() + 22
			p.Graduate = true
		}
		t.schoolEnd = (end-FirstYear)*12 + 6 // July
	} else if age < 27 && r.IntN(100) < 35 {
		p.Graduate = true
	}
	if (!p.Male && age >= 40) || (p.Male && age >= 50) {
		if r.IntN(100) < 12 {
			p.HardToEmploy = true
		}
	} else if r.IntN(50) == 0 {
		p.HardToEmploy = true
	}
	if p.HardToEmploy {
		p.AssistanceCard = r.IntN(10) < 6
		t.eu, t.ue = 2*t.eu, t.ue/2
	}
	if g.c.Converted {
		t.eu *= 1.5
	}
	t.retireeWork = r.IntN(20) == 0
	return t
}

// contribFor says whether a worker of this kind has a contribution in a month.
func (g *community) contribFor(t *traits, s Status) bool {
	switch s {
	case Employed:
		return !t.informal && g.r.IntN(100) != 0
	case Flexible:
		return t.flexContrib
	}
	return false
}

// drawTrajectories walks every resident through the 48 months: school, work, spells of
// unemployment (some matched by insurance records), retirement.
func (g *community) drawTrajectories() {
	r := g.r
	for i := range g.people {
		p, t := &g.people[i], &g.traits[i]
		state := OutOfLabour
		matched := false
		for m := 0; m < Months; m++ {
			switch {
			case !p.WorkingAge(m):
				state = OutOfLabour
				if p.Birth.Before(ref.AddDate(-30, 0, 0)) && t.retireeWork {
					p.Status[m] = Employed // a retiree back at work: not of working age, not counted
				}
				continue
			case t.homemaker || m < t.schoolEnd:
				continue
			case !p.Able || !p.Willing:
				p.Status[m] = Unemployed
				continue
			}
			switch state {
			case OutOfLabour: // entering the labour market, or already in it in January 2007
				pU := 0.025
				if m > 0 {
					pU = 0.3
				}
				state = t.workType
				if chance(r, pU) {
					state = Unemployed
					matched = r.IntN(12) == 0
				}
			case Unemployed:
				if chance(r, t.ue) {
					state = t.workType
					if r.IntN(6) == 0 {
						state = Employed + Flexible - t.workType
					}
				}
			default:
				if chance(r, t.eu) {
					state = Unemployed
					matched = r.IntN(12) == 0
				}
			}
			p.Status[m] = state
			if state == Unemployed {
				p.Contrib[m] = matched
			} else {
				p.Contrib[m] = g.contribFor(t, state)
			}
		}
	}
}
