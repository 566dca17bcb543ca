package synth

import (
	"math/rand/v2"
	"strings"
)

var (
	communityFirst  = []rune("东西南北新和平安康福春秋兴华明文德宝金银青翠云湖江河山林梅桂荷兰竹松柳杨景星月光长永万盛嘉瑞祥丰富裕庆阳朝晖锦绣清潮望紫运德仁义")
	communitySecond = []rune("苑园坊里桥塘港湾府庭城街巷浦溪亭墅弄门堤坝湖荡山岭")
	villageSecond   = []rune("家桥埠塘浜湾庄村墩坞堰")
	surnames        = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹")
	givenChars      = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志军海燕雪琴云飞鹏辉晓峰亮斌波宁婷凯健俊浩宇欣怡佳颖丹蕾晨阳")
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

// personName draws a plausible Chinese name.
func personName(r *rand.Rand) string {
	var b strings.Builder
	b.WriteRune(surnames[r.IntN(len(surnames))])
	b.WriteRune(givenChars[r.IntN(len(givenChars))])
	if r.IntN(10) < 7 {
		b.WriteRune(givenChars[r.IntN(len(givenChars))])
	}
	return b.String()
}

// firmName draws a company name with the city or district in front.
func firmName(r *rand.Rand, place string) string {
	return place + firmWords[r.IntN(len(firmWords))] + firmTrades[r.IntN(len(firmTrades))] + firmForms[r.IntN(len(firmForms))]
}
