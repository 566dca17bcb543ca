package synth

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"fullemp/campaign"
	"fullemp/idcard"
)

// TestSelfCheckFromFiles reads the demo's CSV files back, rebuilds every resident from the
// ledger and contribution rows alone (birth date and sex from the ID number, as the
// warehouse does; a community without rows for a month has no ledger for it), recomputes SPEC §3's monthly figures and §4's standards with the spot
// checks and scores of the files, and expects the generator's self-check exactly.
func TestSelfCheckFromFiles(t *testing.T) {
	res := generateDemo(t)
	city := NewCity()
	index := map[string]*Community{}
	for _, c := range city.Communities {
		index[c.Code] = c
	}
	type built struct {
		people []Person
		byID   map[string]int
		hh     map[string]int32
	}
	comms := make([]built, len(city.Communities))
	for i := range comms {
		comms[i] = built{byID: map[string]int{}, hh: map[string]int32{}}
	}
	where := map[string][2]int{} // ID → community, person
	for y := 0; y < Years; y++ {
		_, rows := readCSV(t, filepath.Join(demoDir, fmt.Sprintf("ledger-%d.csv", FirstYear+y)), false)
		for _, r := range rows {
			id, _ := idcard.Normalize(r[1])
			c := index[r[3]]
			b := &comms[c.Index]
			k, ok := b.byID[id]
			if !ok {
				h, ok := b.hh[r[4]]
				if !ok {
					h = int32(len(b.hh))
					b.hh[r[4]] = h
				}
				yes := func(i int) bool { v, _ := campaign.ParseBool(r[i]); return v }
				p := Person{ID: id, Birth: idcard.BirthDate(id), Male: idcard.Male(id), Household: h,
					Able: yes(6), Willing: yes(7), Graduate: yes(10), Rural: yes(11)}
				p.working = workingMask(p.Birth, p.Male)
				k = len(b.people)
				b.people = append(b.people, p)
				b.byID[id] = k
				where[id] = [2]int{c.Index, k}
			}
			m := (mustAtoi(t, r[0][:4])-FirstYear)*12 + mustAtoi(t, r[0][5:]) - 1
			st, _ := campaign.Statuses.Parse(r[5])
			b.people[k].Status[m] = map[string]Status{"employed": Employed, "flexible": Flexible, "unemployed": Unemployed}[st]
		}
		_, rows = readCSV(t, filepath.Join(demoDir, fmt.Sprintf("contributions-%d.csv", FirstYear+y)), false)
		for _, r := range rows {
			w := where[r[1]]
			m := (mustAtoi(t, r[0][:4])-FirstYear)*12 + mustAtoi(t, r[0][5:]) - 1
			comms[w[0]].people[w[1]].Contrib[m] = true
		}
	}
	// A community without rows for a month has no ledger for it (SPEC §3).
	missing := make([]uint64, len(city.Communities))
	for i := range missing {
		missing[i] = 1<<Months - 1
	}
	for y := 0; y < Years; y++ {
		_, rows := readCSV(t, filepath.Join(demoDir, fmt.Sprintf("ledger-%d.csv", FirstYear+y)), false)
		for _, r := range rows {
			m := (mustAtoi(t, r[0][:4])-FirstYear)*12 + mustAtoi(t, r[0][5:]) - 1
			missing[index[r[3]].Index] &^= 1 << m
		}
	}
	figs := make([][Months]MonthFigures, len(city.Communities))
	for i, b := range comms {
		figs[i] = Measure(b.people, len(b.hh), missing[i])
		if figs[i] != res.figs[i] {
			t.Errorf("community %s: figures from the files differ from the generator's", city.Communities[i].Code)
		}
	}
	plan := &Plan{Outcome: make([][Years]Item, len(city.Communities))}
	_, rows := readCSV(t, filepath.Join(demoDir, "spot_checks.csv"), false)
	for _, r := range rows {
		if r[2] == "fail" {
			plan.Outcome[index[r[1]].Index][mustAtoi(t, r[0])-FirstYear] = ItemSpot
		}
	}
	streets := map[string]int{}
	for _, s := range city.Streets {
		streets[s.Code] = s.Index
	}
	scores := make([][Years]int, len(city.Streets))
	_, rows = readCSV(t, filepath.Join(demoDir, "street_scores.csv"), false)
	for _, r := range rows {
		scores[streets[r[1]]][mustAtoi(t, r[0])-FirstYear] = mustAtoi(t, r[2])
	}
	got := evaluate(city, plan, figs, scores)
	if !reflect.DeepEqual(got, res.Figures) {
		t.Errorf("self-check from the files:\n%+v\ngenerator's:\n%+v", got.Years[1], res.Figures.Years[1])
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
