package synth

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fullemp/idcard"
)

// Characters that, in a given name, mark a man or a woman; a list of the test's own,
// not the generator's.
const (
	femaleMarks = "芳娜丽娟婷秀霞燕萍梅兰琴娥凤莉蓉菊莲倩妹娣薇瑶妍艳"
	maleMarks   = "伟强磊军勇刚斌鹏峰豪彪虎兵浩杰根龙"
)

// ledgerPeople reads the demo's ledger files: each person once, with name, sex (from the
// ID number, as the warehouse reads it) and household (community and household ID).
func ledgerPeople(t *testing.T) (names map[string]string, male map[string]bool, households map[string][]string) {
	t.Helper()
	generateDemo(t)
	names, male, households = map[string]string{}, map[string]bool{}, map[string][]string{}
	for y := FirstYear; y < FirstYear+Years; y++ {
		_, rows := readCSV(t, filepath.Join(demoDir, fmt.Sprintf("ledger-%d.csv", y)), false)
		for _, r := range rows {
			id, err := idcard.Normalize(r[1])
			if err != nil {
				t.Fatalf("%s: %v", r[1], err)
			}
			if _, ok := names[id]; ok {
				continue
			}
			names[id], male[id] = r[2], idcard.Male(id)
			hh := r[3] + "/" + r[4]
			households[hh] = append(households[hh], id)
		}
	}
	return names, male, households
}

// TestNamesFitTheSex: no man's given name has a character that marks a woman's, no
// woman's one of a man's, and many of each carry a mark of their own sex.
func TestNamesFitTheSex(t *testing.T) {
	names, male, _ := ledgerPeople(t)
	var people, marked [2]int // women, men
	var wrong []string
	for id, name := range names {
		given := string([]rune(name)[1:])
		sex, own, other := 0, femaleMarks, maleMarks
		if male[id] {
			sex, own, other = 1, maleMarks, femaleMarks
		}
		people[sex]++
		if strings.ContainsAny(given, own) {
			marked[sex]++
		}
		if strings.ContainsAny(given, other) && len(wrong) < 10 {
			wrong = append(wrong, fmt.Sprintf("%s (%s, male %v)", name, id, male[id]))
		}
	}
	if len(wrong) > 0 {
		t.Errorf("given names of the other sex: %v", wrong)
	}
	t.Logf("women %d (%d with a woman's mark), men %d (%d with a man's)", people[0], marked[0], people[1], marked[1])
	for sex, label := range []string{"women", "men"} {
		if share := float64(marked[sex]) / float64(people[sex]); people[sex] < 1000 || share < 0.3 {
			t.Errorf("%d %s, %.0f%% with a name marking their sex", people[sex], label, 100*share)
		}
	}
	// The generator's own lists never give one character to both sexes.
	for _, m := range [][]rune{maleOlder, maleYounger} {
		for _, f := range [][]rune{femaleOlder, femaleYoung} {
			if strings.ContainsAny(string(m), string(f)) {
				t.Errorf("a character in both a man's and a woman's list: %s / %s", string(m), string(f))
			}
		}
	}
}

// TestHouseholdsShareASurname: in most households every member carries one surname but for
// a woman who married in (a wife in China keeps her own surname); and wives keep theirs,
// so many households of two or more hold a second surname.
func TestHouseholdsShareASurname(t *testing.T) {
	names, male, households := ledgerPeople(t)
	shared, several, two := 0, 0, 0
	for _, ids := range households {
		count := map[rune]int{}
		for _, id := range ids {
			count[[]rune(names[id])[0]]++
		}
		if len(ids) > 1 {
			several++
			if len(count) > 1 {
				two++
			}
		}
		for s := range count {
			others, women := 0, 0
			for _, id := range ids {
				if []rune(names[id])[0] != s {
					others++
					if !male[id] {
						women++
					}
				}
			}
			if others == 0 || (others == 1 && women == 1) {
				shared++
				break
			}
		}
	}
	t.Logf("%d households: %.1f%% share one surname (a married-in woman apart); %.1f%% of those of two or more hold two surnames",
		len(households), 100*float64(shared)/float64(len(households)), 100*float64(two)/float64(several))
	if share := float64(shared) / float64(len(households)); len(households) < 1000 || share <= 0.8 {
		t.Errorf("%d households, %.1f%% sharing one surname (a married-in woman apart), want > 80%%", len(households), 100*share)
	}
	if share := float64(two) / float64(several); share < 0.3 || share > 0.9 {
		t.Errorf("%d households of two or more, %.1f%% with a second surname: wives keep their own", several, 100*share)
	}
}

// TestZeroEmploymentSeries: the city's outstanding zero-employment households by month
// start from a base in January 2007 that the campaign brings down ("基数归零"), and no
// January or December falls to nothing: a household may form in January, and communities
// failing the year may still have one open in December (SPEC §4 clears them only where a
// community is to meet the standard). TestSelfCheckFromFiles proves these figures are the
// files' own.
func TestZeroEmploymentSeries(t *testing.T) {
	res := generateDemo(t)
	var out [Months]int
	for i := range res.figs {
		for m := range out {
			out[m] += res.figs[i][m].Zero
		}
	}
	t.Logf("outstanding by month: %v", out)
	for m := 1; m < Months; m++ {
		if out[m] >= out[0] {
			t.Errorf("%s: %d outstanding, not below the base of 2007-01 (%d)", monthNames[m], out[m], out[0])
		}
	}
	if out[0] == 0 || 2*out[11] >= out[0] {
		t.Errorf("base %d in 2007-01, %d in 2007-12: want a base the year brings down", out[0], out[11])
	}
	for y := 0; y < Years; y++ {
		year := append([]int(nil), out[12*y:12*y+12]...)
		sort.Ints(year)
		median := float64(year[5]+year[6]) / 2
		for _, m := range []int{12 * y, 12*y + 11} {
			if float64(out[m]) < median/4 {
				t.Errorf("%s: %d outstanding against a median of %.1f that year: a forced drop", monthNames[m], out[m], median)
			}
		}
	}
}
