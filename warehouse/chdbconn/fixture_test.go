package chdbconn_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fullemp/idcard"
)

// The crafted city of the two-engine test: two districts in different target groups, three
// streets, five communities (one converted, one assessed from 2009, one without its
// December ledger), and people chosen for the edges SPEC §3 draws.
const (
	dist1 = "330102" // main_urban
	dist2 = "330109" // xiaoshan
	st1   = "330102001"
	st2   = "330102002"
	st3   = "330109001"
	c1    = "330102001001" // old, 2007
	c2    = "330102001002" // converted, 2008
	c3    = "330102002001" // old, 2009 (not assessed in 2008)
	c4    = "330109001001" // old, 2008: no December ledger
	c5    = "330109001002" // converted, 2008
)

func pid(area string, birth string, male bool, n int) string {
	b, err := time.Parse("2006-01-02", birth)
	if err != nil {
		panic(err)
	}
	seq := 2 * n
	if male {
		seq++
	}
	return idcard.Make(area, b, seq)
}

var (
	pEmployed   = pid("330102", "1958-03-12", true, 1)   // 50 in 2008: 4050, employed; moves in the correction
	pMatched    = pid("330102", "1990-06-30", false, 2)  // unemployed in the ledger, insured from 2008-05: 比中
	pZero1      = pid("330104", "1968-01-20", false, 3)  // 40 in 2008, unemployed Feb–Mar: a household formed and eliminated
	pZero2      = pid("330104", "1970-09-09", true, 4)   // her husband, out of the labour force
	pLong       = pid("330105", "1975-05-05", true, 5)   // long-term unemployed (since 2007-01)
	pSixteen    = pid("330106", "1992-07-15", false, 6)  // turns 16 in 2008-07
	pSixty      = pid("330106", "1948-08-01", true, 7)   // turns 60 in 2008-08
	pGraduate   = pid("330108", "1986-04-04", false, 8)  // graduate, flexible
	pRural      = pid("330109", "1980-02-29", true, 9)   // rural labour, employed
	pHard       = pid("330109", "1962-11-30", false, 10) // hard to employ, unemployed since 2008-10: zero household open at Dec
	pOld15      = "330102580101001"                      // a 15-digit number (born 1958-01-01)
	pNotAble    = pid("330110", "1979-12-12", true, 12)  // unemployed, not able: outside the target group
	pConverted  = pid("330182", "1983-03-03", false, 13) // converted community, employed
	pConverted2 = pid("330182", "1984-04-04", true, 14)  // converted community, unemployed all year: fails the quarter item
)

// person is one resident's ledger line, the same every month unless a month overrides it.
type person struct {
	id, name, community, household, status string
	able, willing, hard, card, grad, rural string
	since                                  string
}

// ledgerMonth writes the month's ledger rows for the people.
func ledgerMonth(month string, ps []person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, strings.Join([]string{month, p.id, p.name, p.community, p.household, p.status,
			p.able, p.willing, p.hard, p.card, p.grad, p.rural, p.since, "N"}, ","))
	}
	return out
}

func base(id, name, community, household, status string) person {
	return person{id: id, name: name, community: community, household: household, status: status,
		able: "Y", willing: "Y", hard: "N", card: "N", grad: "N", rural: "N"}
}

// writeFixture writes the crafted city's files: dir/base holds the year's data, dir/corr
// the corrections that come after it.
func writeFixture(t *testing.T, dir string) (baseDir, corrDir string) {
	t.Helper()
	baseDir, corrDir = filepath.Join(dir, "base"), filepath.Join(dir, "corr")
	write := func(sub, name string, header string, lines []string) {
		p := filepath.Join(sub, name)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(header+"\n"+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(baseDir, "regions.csv", "district_code,district_name,district_group,street_code,street_name,community_code,community_name,community_type,assessed_from", []string{
		dist1 + ",上城区,main_urban," + st1 + ",清波街道," + c1 + ",清波社区,old,2007",
		dist1 + ",上城区,主城区," + st1 + ",清波街道," + c2 + ",柳翠井巷社区,撤村建居,2008",
		dist1 + ",上城区,main_urban," + st2 + ",湖滨街道," + c3 + ",东坡路社区,old,2009",
		dist2 + ",萧山区,xiaoshan," + st3 + ",城厢街道," + c4 + ",城河社区,old,2008",
		dist2 + ",萧山区,萧山区," + st3 + ",城厢街道," + c5 + ",湘湖社区,converted,2008",
	})
	ledgerHeader := "month,id_number,name,community_code,household_id,status,able,willing,hard_to_employ,assistance_card,graduate,rural_labor,unemployed_since,training_wish"
	var ledger []string
	for m := 1; m <= 12; m++ {
		month := fmt.Sprintf("2008-%02d", m)
		zero1 := base(pZero1, "王芳", c1, "00007", "employed")
		if m == 2 || m == 3 {
			zero1.status, zero1.since = "unemployed", "2008-02-01"
		}
		zero2 := base(pZero2, "赵强", c1, "00007", "out_of_labor_force")
		long := base(pLong, "孙伟", c1, "00009", "unemployed")
		long.since = "2007-01-15"
		hard := base(pHard, "周敏", c4, "H010", "employed")
		hard.hard, hard.card = "Y", "Y"
		if m >= 10 {
			hard.status, hard.since = "unemployed", "2008-10-01"
		}
		grad := base(pGraduate, "吴静", c2, "H008", "flexible")
		grad.grad = "Y"
		rural := base(pRural, "郑刚", c5, "H009", "employed")
		rural.rural = "Y"
		notAble := base(pNotAble, "冯军", c2, "H012", "unemployed")
		notAble.able, notAble.since = "N", "2008-01-01"
		matched := base(pMatched, "李娜", c1, "00002", "unemployed")
		matched.since = "2008-03-01"
		conv2 := base(pConverted2, "陈亮", c5, "H014", "unemployed")
		conv2.since = "2007-12-01"
		ps := []person{
			base(pEmployed, "张伟", c1, "00001", "employed"),
			matched, zero1, zero2, long,
			base(pSixteen, "刘洋", c2, "H006", "unemployed"),
			base(pSixty, "陈明", c2, "H006", "employed"),
			grad, rural, notAble,
			base(pOld15, "黄海", c3, "H011", "employed"),
			base(pConverted, "杨丽", c5, "H013", "employed"),
			conv2,
		}
		ps[5].since = "2008-01-01"
		if m <= 11 { // c4 has no December ledger
			ps = append(ps, hard)
		}
		ledger = append(ledger, ledgerMonth(month, ps)...)
	}
	write(baseDir, "ledger-2008.csv", ledgerHeader, ledger)
	var contrib []string
	for m := 1; m <= 12; m++ {
		month := fmt.Sprintf("2008-%02d", m)
		contrib = append(contrib, month+","+pEmployed+",91330100MA27XYZ12B,杭州某某有限公司")
		if m >= 5 {
			contrib = append(contrib, month+","+pMatched+",12345678,本地单位")
			contrib = append(contrib, month+","+pMatched+",87654321,")
		}
	}
	write(baseDir, "contributions-2008.csv", "month,id_number,employer_code,employer_name", contrib)
	write(baseDir, "placements-2008.csv", "id_number,community_code,channel,requested_at,placed_at", []string{
		pZero1 + "," + c1 + ",公益性岗位安置,2008-03-30 20:00,2008-04-02 10:30:00", // across a month boundary, within 72 h
		pHard + "," + c4 + ",one_on_one,2008-06-29 09:00,2008-07-05 09:00",  // across a month boundary, past 72 h
		pGraduate + "," + c2 + ",job_fair,,2008-05-05",
	})
	write(baseDir, "street_scores-2008.csv", "year,street_code,score", []string{
		"2008," + st1 + ",95", "2008," + st3 + ",88",
	})
	write(baseDir, "spot_checks-2008.csv", "year,community_code,result,note", []string{
		"2008," + c1 + ",pass,", "2008," + c2 + ",不通过,台帐不实",
	})
	// Corrections: from 2008-06 the employed man moves to another household of another
	// community; the not-able man becomes flexible in December; a contribution is replaced.
	var corr []string
	for m := 6; m <= 12; m++ {
		month := fmt.Sprintf("2008-%02d", m)
		corr = append(corr, ledgerMonth(month, []person{base(pEmployed, "张伟", c2, "H006", "employed")})...)
	}
	na := base(pNotAble, "冯军", c2, "H012", "flexible")
	na.able = "N"
	corr = append(corr, ledgerMonth("2008-12", []person{na})...)
	write(corrDir, "ledger-2008-corrections.csv", ledgerHeader, corr)
	write(corrDir, "contributions-2008-corrections.csv", "month,id_number,employer_code,employer_name",
		[]string{"2008-12," + pMatched + ",12345678,本地单位（更名）"})
	return baseDir, corrDir
}
