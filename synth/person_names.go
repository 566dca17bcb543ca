package synth

import (
	"math/rand/v2"
	"strings"
)

// Surnames roughly in the order of their frequency in Zhejiang (王, 陈, 张 and 李 lead;
// 俞, 应 and 楼 are commoner here than elsewhere); surnameWeights falls with the rank.
var (
	surnames       = []rune("王陈张李吴徐刘周杨黄朱胡沈金何郑孙林方俞马蒋钱叶潘许邵汪应楼高赵章蔡傅袁施姚董韩唐冯程丁宋谢范陆余曹孔戴罗顾孟洪童江夏毛盛骆严邱尹")
	surnameWeights = func() []float64 {
		w := make([]float64, len(surnames))
		for i := range w {
			w[i] = 1 / float64(i+4)
		}
		return w
	}()
)

// Characters of given names, by sex and by generation: people born before 1965 were
// often named for the times or for luck (建国, 国庆, 金根; 秀英, 桂兰, 凤娣), those born
// later more for character or beauty (浩, 杰, 宇; 婷, 颖, 佳). No character is in both
// sexes' lists.
var (
	maleOlder   = []rune("建国庆德福根金荣忠志祥宝发富兴贵伟军勇刚强卫东兵龙虎彪武水生才")
	maleYounger = []rune("伟强磊军勇杰涛超刚鹏辉峰亮斌波俊浩宇凯健豪博鑫昊毅轩睿哲阳东")
	femaleOlder = []rune("秀英桂兰凤珍娣梅芳霞琴玉萍红娥翠菊莲花妹素彩月仙")
	femaleYoung = []rune("婷丽静敏艳娟燕雪颖丹蕾慧莉琳倩蓉洁晶怡欣佳妍璐瑶娜薇")
)

// givenName draws a given name for a man or a woman born in the year: one character or,
// more often, two; now and then a woman's is one character doubled (婷婷).
func givenName(r *rand.Rand, male bool, born int) string {
	older := born < 1965
	if born >= 1958 && born < 1972 && r.IntN(3) == 0 { // the generations overlap
		older = !older
	}
	pool := maleYounger
	switch {
	case male && older:
		pool = maleOlder
	case !male && older:
		pool = femaleOlder
	case !male:
		pool = femaleYoung
	}
	first := pool[r.IntN(len(pool))]
	switch n := r.IntN(100); {
	case n < 30:
		return string(first)
	case !male && n < 36:
		return string([]rune{first, first})
	}
	second := pool[r.IntN(len(pool))]
	for second == first {
		second = pool[r.IntN(len(pool))]
	}
	return string([]rune{first, second})
}

func drawSurname(r *rand.Rand) rune { return surnames[pick(r, surnameWeights)] }

// householdNames names the members of a household of the kind drawHousehold drew, as
// families in China are named: a child takes the father's surname (now and then the
// mother's), and a wife keeps her own. The household's line is its men's surname; the
// women who married into it, and the parents of a wife living with the couple, carry
// theirs. births are the members' birth years.
func householdNames(r *rand.Rand, kind int, members []member, births []int) []string {
	family := drawSurname(r)
	surname := make([]rune, len(members))
	// wife is the surname of the woman who married in (a couple's woman, or a mother
	// living alone with her child).
	var wife rune
	own := func() rune { return drawSurname(r) }
	couple := func(a, b int) {
		for _, i := range []int{a, b} {
			if members[i].male {
				surname[i] = family
			} else {
				wife = own()
				surname[i] = wife
			}
		}
	}
	child := func(i int) {
		surname[i] = family
		if wife != 0 && r.IntN(100) < 8 {
			surname[i] = wife
		}
	}
	switch kind {
	case hhSingle:
		surname[0] = family
	case hhCouple:
		couple(0, 1)
	case hhAdultChild, hhTeen:
		couple(0, 1)
		child(2)
	case hhParentChild:
		surname[0] = family
		if !members[0].male { // a mother whose husband is no longer of working age
			wife = own()
			surname[0] = wife
		}
		child(1)
	case hhThreeGen:
		couple(0, 1)
		switch {
		case r.IntN(5) > 0 && members[2].male: // the husband's father
			surname[2] = family
		case members[2].male: // the wife's father
			surname[2] = wife
		default: // a mother, married in herself
			surname[2] = own()
		}
	}
	out := make([]string, len(members))
	for i, m := range members {
		var b strings.Builder
		b.WriteRune(surname[i])
		b.WriteString(givenName(r, m.male, births[i]))
		out[i] = b.String()
	}
	return out
}
