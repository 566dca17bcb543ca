package synth

import (
	"time"

	"fullemp/idcard"
)

// The period of the demo city: 48 months from January 2007.
const (
	FirstYear = 2007
	Years     = 4
	Months    = 12 * Years
)

// Status is a ledger status (SPEC §2).
type Status uint8

// The ledger statuses.
const (
	OutOfLabour Status = iota
	Employed
	Flexible
	Unemployed
)

// Person is one resident as the ledger and the insurance records describe them, month by
// month. Flags are the same every month.
type Person struct {
	ID      string // 18 characters
	Written string // as written in the ledger: ID, or its 15-digit form on an old card
	Name    string
	Birth   time.Time
	Male    bool
	// Household indexes the community's households.
	Household                                                                  int32
	Able, Willing, HardToEmploy, AssistanceCard, Graduate, Rural, TrainingWish bool

	Status  [Months]Status
	Contrib [Months]bool
	// working has bit m set when the person is of working age on the last day of month m.
	working uint64
}

// monthEnd returns the last day of month index m (0 = 2007-01).
func monthEnd(m int) time.Time {
	return time.Date(FirstYear, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC)
}

// workingMask computes SPEC §3's working age for every month: on the month's last day,
// aged ≥ 16 and < 60 (men) or < 55 (women).
func workingMask(birth time.Time, male bool) uint64 {
	limit := 55
	if male {
		limit = 60
	}
	var mask uint64
	for m := 0; m < Months; m++ {
		age := idcard.AgeOn(birth, monthEnd(m))
		if age >= 16 && age < limit {
			mask |= 1 << m
		}
	}
	return mask
}

// WorkingAge reports whether the person is of working age in month m.
func (p *Person) WorkingAge(m int) bool { return p.working&(1<<m) != 0 }

// LabourForce reports SPEC §3's labour force: working age and not out of the labour force.
func (p *Person) LabourForce(m int) bool { return p.WorkingAge(m) && p.Status[m] != OutOfLabour }

// Target reports membership of the target group: labour force, able and willing.
func (p *Person) Target(m int) bool { return p.LabourForce(m) && p.Able && p.Willing }

// Effective reports effective employment: employed or flexible, or unemployed in the ledger
// with a contribution that month (matched, 比中).
func (p *Person) Effective(m int) bool {
	switch p.Status[m] {
	case Employed, Flexible:
		return true
	case Unemployed:
		return p.Contrib[m]
	}
	return false
}

// MonthFigures are one community's figures for one month (SPEC §3).
type MonthFigures struct {
	// Missing is set when the community has no ledger for the month: it has no figures
	// then (every count is zero), and the standards read a missing ledger as failed.
	Missing                       bool
	LabourForce, Target, Employed int
	Matched                       int // target-group members employed only through insurance
	RuralTarget, RuralEmployed    int
	GradTarget, GradEmployed      int
	Zero, Formed, Eliminated      int // zero-employment households: outstanding, formed, eliminated
}

// RateOK compares the employment rate with a threshold exactly: employed × 100 ≥ pct × target
// (an empty target group counts as 100 %).
func RateOK(employed, target, pct int) bool { return employed*100 >= pct*target }

// Measure computes the community's figures for every month from its residents. missing
// has bit m set when the community sent no ledger for month m: that month's figures are
// empty with Missing set, and a zero-employment household is formed or eliminated by
// comparison with its previous ledger month, the gap skipped (SPEC §3, as the warehouse's
// ZeroEvents does).
func Measure(people []Person, households int, missing uint64) [Months]MonthFigures {
	var f [Months]MonthFigures
	lf := make([]int32, households)
	eff := make([]int32, households)
	prevZero := make([]bool, households) // in the household's previous ledger month; false before the first
	for m := 0; m < Months; m++ {
		fm := &f[m]
		if missing&(1<<m) != 0 {
			fm.Missing = true
			continue
		}
		clear(lf)
		clear(eff)
		for i := range people {
			p := &people[i]
			if !p.LabourForce(m) {
				continue
			}
			e := p.Effective(m)
			fm.LabourForce++
			lf[p.Household]++
			if e {
				eff[p.Household]++
			}
			if !p.Able || !p.Willing {
				continue
			}
			fm.Target++
			if p.Rural {
				fm.RuralTarget++
			}
			if p.Graduate {
				fm.GradTarget++
			}
			if e {
				fm.Employed++
				if p.Status[m] == Unemployed {
					fm.Matched++
				}
				if p.Rural {
					fm.RuralEmployed++
				}
				if p.Graduate {
					fm.GradEmployed++
				}
			}
		}
		for h := range lf {
			zero := lf[h] > 0 && eff[h] == 0
			switch {
			case zero && !prevZero[h]:
				fm.Formed++
			case !zero && prevZero[h]:
				fm.Eliminated++
			}
			if zero {
				fm.Zero++
			}
			prevZero[h] = zero
		}
	}
	return f
}

// Item names the item of the community standard that fails (SPEC §4), or ItemNone.
type Item uint8

// The items of the community standard.
const (
	ItemNone Item = iota
	ItemRate      // December employment rate below 96 %
	ItemZero      // a zero-employment household outstanding at a quarter end
	ItemSpot      // failed by the city's spot check
	ItemNotAssessed
	// ItemMissing: a ledger the standard reads is missing — the as-of (December) month's,
	// which fails item 1, or a quarter end's, which fails item 2 (SPEC §4).
	ItemMissing
)

// String names the item as the self-check prints it.
func (it Item) String() string {
	return [...]string{"meets", "rate", "zero", "spot", "not assessed", "ledger missing"}[it]
}

// CommunityResult says whether a community meets the standard in year y and, if not, the
// first item that fails.
func CommunityResult(f *[Months]MonthFigures, y int, assessedFrom int, spotFail bool) Item {
	return CommunityAsOf(f, y, 11, assessedFrom, spotFail)
}

// CommunityAsOf is the standard "as of" month mo (0–11) of year y: the year evaluated as if
// it ended that month, with the quarter ends reached so far (SPEC §5).
func CommunityAsOf(f *[Months]MonthFigures, y, mo int, assessedFrom int, spotFail bool) Item {
	if y < assessedFrom {
		return ItemNotAssessed
	}
	base := (y - FirstYear) * 12
	switch {
	case f[base+mo].Missing:
		return ItemMissing
	case !RateOK(f[base+mo].Employed, f[base+mo].Target, 96):
		return ItemRate
	}
	for q := 2; q <= mo; q += 3 {
		switch {
		case f[base+q].Missing:
			return ItemMissing
		case f[base+q].Zero > 0:
			return ItemZero
		}
	}
	if spotFail {
		return ItemSpot
	}
	return ItemNone
}
