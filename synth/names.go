package synth

import (
	"math/rand/v2"
)

var (
	communityFirst  = []rune("东西南北新和平安康福春秋兴华明文德宝金银青翠云湖江河山林梅桂荷兰竹松柳杨景星月光长永万盛嘉瑞祥丰富裕庆阳朝晖锦绣清潮望紫运德仁义")
	communitySecond = []rune("苑园坊里桥塘港湾府庭城街巷浦溪亭墅弄门堤坝湖荡山岭")
	villageSecond   = []rune("家桥埠塘浜湾庄村墩坞堰")
	firmWords       = []string{"华东", "钱塘", "西子", "之江", "天堂", "富春", "运河", "湖畔", "新安", "东方", "恒达", "鼎盛", "万向", "顺丰", "联华", "永兴", "宏图", "金马", "银河", "中天", "远大", "信达", "宝丰", "天成"}
	firmTrades      = []string{"纺织", "机械", "电子", "建设", "物业", "商贸", "食品", "印染", "服饰", "物流", "餐饮", "科技", "化工", "家具", "汽车配件", "旅游", "超市", "医药"}
	firmForms       = []string{"有限公司", "股份有限公司", "有限责任公司", "厂", "集团有限公司"}
)

// namer hands out unique community names.
type namer struct {
	r    *rand.Rand
	used map[string]bool
}

func newNamer(r *rand.Rand) *namer { return &namer{r: r, used: map[string]bool{}} }

func (n *namer) community(converted bool) string {
	second := communitySecond
	if converted {
		second = villageSecond
	}
	for i := 0; ; i++ {
		name := string(communityFirst[n.r.IntN(len(communityFirst))]) + string(second[n.r.IntN(len(second))])
		if i > 50 {
			name += string(communityFirst[n.r.IntN(len(communityFirst))])
		}
		if !n.used[name] {
			n.used[name] = true
			return name + "社区"
		}
	}
}

// firmName draws a company name with the city or district in front.
func firmName(r *rand.Rand, place string) string {
	return place + firmWords[r.IntN(len(firmWords))] + firmTrades[r.IntN(len(firmTrades))] + firmForms[r.IntN(len(firmForms))]
}
