package synth

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkingAgeOnTheMonthsLastDay(t *testing.T) {
	cases := []struct {
		birth string
		male  bool
		month int
		want  bool
	}{
		{"1991-01-31", true, 0, true},   // 16 on 2007-01-31
		{"1991-02-01", true, 0, false},  // 16 only the next day
		{"1991-02-01", true, 1, true},   // 16 by 2007-02-28
		{"1952-01-31", false, 0, false}, // a woman turns 55 on the last day
		{"1952-02-01", false, 0, true},
		{"1952-02-01", false, 1, false},
		{"1947-03-31", true, 1, true}, // a man is 59 on 2007-02-28
		{"1947-03-31", true, 2, false},
		{"1992-02-29", false, 13, true}, // 16 on 2008-02-29
		{"1992-02-29", false, 12, false},
	}
	for _, c := range cases {
		got := workingMask(day(c.birth), c.male)&(1<<c.month) != 0
		if got != c.want {
			t.Errorf("born %s male=%v, month %d: working age %v, want %v", c.birth, c.male, c.month, got, c.want)
		}
	}
}

// person builds a resident of working age throughout with one status every month.
func person(h int32, s Status) Person {
	p := Person{Birth: day("1970-06-15"), Male: true, Household: h, Able: true, Willing: true}
	p.working = workingMask(p.Birth, p.Male)
	for m := range p.Status {
		p.Status[m] = s
	}
	return p
}

func TestMeasureHouseholdsAndMatching(t *testing.T) {
	a, b := person(0, Employed), person(0, Employed)
	for m := 3; m <= 4; m++ { // both out of work in April and May 2007
		a.Status[m], b.Status[m] = Unemployed, Unemployed
	}
	c := person(1, Unemployed) // matched: unemployed in the ledger, contributing
	for m := range c.Contrib {
		c.Contrib[m] = true
	}
	retiree := Person{Birth: day("1940-01-01"), Male: true, Household: 2}
	retiree.working = workingMask(retiree.Birth, true)
	for m := range retiree.Status {
		retiree.Status[m] = Employed // not of working age: does not count
	}
	d := person(2, Unemployed)
	d.Willing = false // in the labour force, not in the target group
	f := Measure([]Person{a, b, c, retiree, d}, 3, 0)
	if f[0].LabourForce != 4 || f[0].Target != 3 || f[0].Employed != 3 || f[0].Matched != 1 {
		t.Errorf("January: %+v", f[0])
	}
	if f[0].Formed != 1 || f[0].Zero != 1 { // household 2 is zero from its first month
		t.Errorf("January zero households: %+v", f[0])
	}
	if f[3].Zero != 2 || f[3].Formed != 1 || f[4].Formed != 0 || f[5].Eliminated != 1 || f[5].Zero != 1 {
		t.Errorf("April–June: %+v %+v %+v", f[3], f[4], f[5])
	}
	if f[3].Employed != 1 || f[3].Target != 3 {
		t.Errorf("April rate: %+v", f[3])
	}
}

func TestCommunityStandardItems(t *testing.T) {
	ok := func() *[Months]MonthFigures {
		var f [Months]MonthFigures
		for m := range f {
			f[m] = MonthFigures{Target: 25, Employed: 25}
		}
		return &f
	}
	cases := []struct {
		name string
		edit func(f *[Months]MonthFigures)
		spot bool
		from int
		want Item
	}{
		{"all well", func(*[Months]MonthFigures) {}, false, 2007, ItemNone},
		{"96 % exactly", func(f *[Months]MonthFigures) { f[23].Employed = 24 }, false, 2007, ItemNone},
		{"92 %", func(f *[Months]MonthFigures) { f[23].Employed = 23 }, false, 2007, ItemRate},
		{"empty target group", func(f *[Months]MonthFigures) { f[23] = MonthFigures{} }, false, 2007, ItemNone},
		{"zero household open in February only", func(f *[Months]MonthFigures) { f[13].Zero = 1 }, false, 2007, ItemNone},
		{"zero household open at the end of March", func(f *[Months]MonthFigures) { f[14].Zero = 1 }, false, 2007, ItemZero},
		{"failed spot check", func(*[Months]MonthFigures) {}, true, 2007, ItemSpot},
		{"assessed from next year", func(*[Months]MonthFigures) {}, false, 2009, ItemNotAssessed},
	}
	for _, c := range cases {
		f := ok()
		c.edit(f)
		if got := CommunityResult(f, 2008, c.from, c.spot); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	f := ok()
	f[17].Zero = 1 // open at the end of June 2008
	if got := CommunityAsOf(f, 2008, 4, 2007, false); got != ItemNone {
		t.Errorf("as of May, June's quarter end is not reached yet: %s", got)
	}
	if got := CommunityAsOf(f, 2008, 5, 2007, false); got != ItemZero {
		t.Errorf("as of June: %s", got)
	}
}

func TestProblemsFlagFiguresOffThePublishedOnes(t *testing.T) {
	res := generateDemo(t)
	if p := res.Figures.Problems(); len(p) != 0 {
		t.Fatalf("demo has problems: %v", p)
	}
	bad := *res.Figures
	bad.Years[1].Meeting = 480 // 5 % below 505
	bad.Targets = append([]Target(nil), bad.Targets...)
	for i := range bad.Targets {
		if bad.Targets[i].ID == "T2009-old" {
			bad.Targets[i].Met = true
		}
	}
	if p := bad.Problems(); len(p) < 2 {
		t.Errorf("problems not flagged: %v", p)
	}
}
