package synth

import (
	"fmt"
	"strings"

	"fullemp/campaign"
)

// Community is one community of the demo city with the codes of its street and district.
type Community struct {
	Code         string
	Name         string
	Converted    bool // 撤村建居
	AssessedFrom int
	Street       *Street
	// Index is the community's position in City.Communities (code order).
	Index int
	// DistrictIndex is its position among its district's communities (code order).
	DistrictIndex int
	// Weight sets its share of the residents.
	Weight float64
}

// Street is a street (街道) or town (镇) with its communities.
type Street struct {
	Code        string
	Name        string
	District    campaign.District
	Communities []*Community
	Index       int
}

// City is the demo city's regions: the 13 districts of 2009, their streets and communities.
type City struct {
	Streets     []*Street
	Communities []*Community
	// DistrictSize counts the communities of each district code.
	DistrictSize map[string]int
}

// MainUrban reports whether the street lies in the main urban districts (主城区).
func (s *Street) MainUrban() bool { return s.District.Group == "main_urban" }

// districtLayout is how many communities each district has: old ones (assessed from 2007)
// and converted ones entering the assessment base in 2008, 2009 and 2010.
type districtLayout struct {
	code    string
	streets []string
	old     int
	conv    [3]int
}

// layout is the demo city. Old communities: 650; converted: 104 from 2008, 62 from 2009,
// 50 from 2010; the 2008 assessment base is 754 communities.
var layout = []districtLayout{
	{"330102", strings.Fields("清波街道 湖滨街道 小营街道 南星街道 紫阳街道 望江街道"), 52, [3]int{0, 2, 0}},
	{"330103", strings.Fields("天水街道 武林街道 长庆街道 潮鸣街道 朝晖街道 文晖街道 东新街道 石桥街道"), 72, [3]int{4, 2, 2}},
	{"330104", strings.Fields("凯旋街道 采荷街道 闸弄口街道 四季青街道 笕桥镇 彭埠镇 九堡镇 丁桥镇"), 60, [3]int{20, 12, 8}},
	{"330105", strings.Fields("米市巷街道 湖墅街道 小河街道 和睦街道 拱宸桥街道 大关街道 上塘街道 祥符街道 康桥镇 半山镇"), 70, [3]int{10, 6, 4}},
	{"330106", strings.Fields("北山街道 西溪街道 灵隐街道 翠苑街道 文新街道 古荡街道 西湖街道 留下街道 转塘街道 蒋村街道 三墩镇"), 80, [3]int{16, 10, 8}},
	{"330108", strings.Fields("西兴街道 长河街道 浦沿街道"), 22, [3]int{12, 6, 4}},
	{"330109", strings.Fields("城厢街道 北干街道 蜀山街道 新塘街道 宁围镇 新街镇 衙前镇 瓜沥镇 临浦镇 义桥镇 闻堰镇 党湾镇"), 70, [3]int{14, 8, 8}},
	{"330110", strings.Fields("临平街道 东湖街道 南苑街道 星桥街道 五常街道 闲林镇 仓前镇 良渚镇 瓶窑镇 塘栖镇"), 64, [3]int{14, 8, 6}},
	{"330122", strings.Fields("桐君街道 旧县街道 城南街道 横村镇 分水镇 富春江镇"), 30, [3]int{4, 2, 2}},
	{"330127", strings.Fields("千岛湖镇 威坪镇 汾口镇 临岐镇 姜家镇"), 22, [3]int{2, 2, 2}},
	{"330182", strings.Fields("新安江街道 洋溪街道 更楼街道 梅城镇 寿昌镇 乾潭镇"), 30, [3]int{2, 2, 2}},
	{"330183", strings.Fields("富春街道 春江街道 东洲街道 鹿山街道 银湖街道 新登镇 场口镇"), 36, [3]int{4, 2, 2}},
	{"330185", strings.Fields("锦城街道 玲珑街道 锦北街道 锦南街道 於潜镇 昌化镇"), 42, [3]int{2, 0, 2}},
}

// regionsSeed fixes the regions: they are the same at every scale and every seed.
const regionsSeed = 20090101

// NewCity builds the demo city's regions. It depends on nothing: every call gives the same.
func NewCity() *City {
	r := newRand(regionsSeed, "regions")
	names := newNamer(r)
	city := &City{DistrictSize: map[string]int{}}
	for _, d := range campaign.Hangzhou {
		var dl districtLayout
		for _, l := range layout {
			if l.code == d.Code {
				dl = l
			}
		}
		var streets []*Street
		nStreet, nTown := 0, 0
		for _, name := range dl.streets {
			s := &Street{Name: name, District: d}
			if strings.HasSuffix(name, "镇") {
				nTown++
				s.Code = fmt.Sprintf("%s%03d", d.Code, 100+nTown)
			} else {
				nStreet++
				s.Code = fmt.Sprintf("%s%03d", d.Code, nStreet)
			}
			streets = append(streets, s)
		}
		// Old communities: one per street first, then by weight (streets over towns);
		// converted ones mostly in towns.
		oldW := make([]float64, len(streets))
		convW := make([]float64, len(streets))
		for i, s := range streets {
			oldW[i], convW[i] = 3, 1
			if strings.HasSuffix(s.Name, "镇") {
				oldW[i], convW[i] = 1, 3
			}
		}
		type slot struct {
			street int
			conv   bool
			from   int
		}
		var slots []slot
		for i := 0; i < dl.old; i++ {
			st := i
			if i >= len(streets) {
				st = pick(r, oldW)
			}
			slots = append(slots, slot{st, false, 2007})
		}
		for k, n := range dl.conv {
			for i := 0; i < n; i++ {
				slots = append(slots, slot{pick(r, convW), true, 2008 + k})
			}
		}
		for _, sl := range slots {
			s := streets[sl.street]
			c := &Community{Converted: sl.conv, AssessedFrom: sl.from, Street: s}
			c.Name = names.community(sl.conv)
			w := 1.0
			switch {
			case sl.conv:
				w = 0.8
			case d.Group == "main_urban":
				w = 1.2
			}
			c.Weight = w * lognormal(r, 0.25)
			s.Communities = append(s.Communities, c)
		}
		for _, s := range streets {
			nOld, nConv := 0, 0
			for _, c := range s.Communities {
				if c.Converted {
					nConv++
					c.Code = fmt.Sprintf("%s%03d", s.Code, 200+nConv)
				} else {
					nOld++
					c.Code = fmt.Sprintf("%s%03d", s.Code, nOld)
				}
			}
			sortCommunities(s.Communities)
			s.Index = len(city.Streets)
			city.Streets = append(city.Streets, s)
			for _, c := range s.Communities {
				c.Index = len(city.Communities)
				c.DistrictIndex = city.DistrictSize[d.Code]
				city.DistrictSize[d.Code]++
				city.Communities = append(city.Communities, c)
			}
		}
	}
	return city
}

func sortCommunities(cs []*Community) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Code < cs[j-1].Code; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// Assessed reports whether the community is in the assessment base in year y.
func (c *Community) Assessed(y int) bool { return c.AssessedFrom <= y }

// Group is the district group of the community (SPEC §1).
func (c *Community) Group() string { return c.Street.District.Group }

// Outer reports whether the community lies outside the main urban districts.
func (c *Community) Outer() bool { return c.Group() != "main_urban" }

// Type is "old" or "converted".
func (c *Community) Type() string {
	if c.Converted {
		return "converted"
	}
	return "old"
}
