package ingest

import (
	"context"
	"strings"
	"time"

	"fullemp/campaign"
)

// regionRows buffers regions rows: one community each, its code nested in its street's,
// the street's in its district's.
type regionRows struct {
	meta
	districtCode, districtName, group, streetCode, streetName []string
	communityCode, communityName, ctype                       []string
	assessed                                                  []uint16
}

var regionNames = []string{"district_code", "district_name", "district_group", "street_code",
	"street_name", "community_code", "community_name", "community_type", "assessed_from"}

func (t *regionRows) add(r *row, p *problems) {
	c := r.cells
	dc, sc, cc := c[0], c[3], c[5]
	// A child's prefix is checked against a parent that is itself well formed, so one
	// broken code is reported once.
	code := func(col, v string, n int, parent, parentCol string) bool {
		switch {
		case v == "":
			p.add(col, v, "required", "必填")
		case !digits(v, n):
			p.add(col, v, "must be "+itoa(n)+" digits", "应为"+itoa(n)+"位数字")
		case parent != "" && !strings.HasPrefix(v, parent):
			p.add(col, v, "must start with "+parentCol+" "+parent, "应以上级代码 "+parent+" 开头")
		default:
			return true
		}
		return false
	}
	parent := func(ok bool, v string) string {
		if ok {
			return v
		}
		return ""
	}
	dOK := code("district_code", dc, 6, "", "")
	required(p, "district_name", c[1])
	group := checkEnum(p, "district_group", c[2], campaign.DistrictGroups)
	sOK := code("street_code", sc, 9, parent(dOK, dc), "district_code") && dOK
	required(p, "street_name", c[4])
	code("community_code", cc, 12, parent(sOK, sc), "street_code")
	required(p, "community_name", c[6])
	ctype := checkEnum(p, "community_type", c[7], campaign.CommunityTypes)
	year := checkYear(p, "assessed_from", c[8])
	if !p.none() {
		return
	}
	t.districtCode = append(t.districtCode, dc)
	t.districtName = append(t.districtName, c[1])
	t.group = append(t.group, group)
	t.streetCode = append(t.streetCode, sc)
	t.streetName = append(t.streetName, c[4])
	t.communityCode = append(t.communityCode, cc)
	t.communityName = append(t.communityName, c[6])
	t.ctype = append(t.ctype, ctype)
	t.assessed = append(t.assessed, year)
	t.addMeta(r)
}

func (t *regionRows) insert(ctx context.Context, ins *inserter) error {
	err := t.send(ctx, ins, "regions", regionNames, t.districtCode, t.districtName, t.group,
		t.streetCode, t.streetName, t.communityCode, t.communityName, t.ctype, t.assessed)
	t.districtCode, t.districtName, t.group, t.streetCode = t.districtCode[:0], t.districtName[:0], t.group[:0], t.streetCode[:0]
	t.streetName, t.communityCode, t.communityName = t.streetName[:0], t.communityCode[:0], t.communityName[:0]
	t.ctype, t.assessed = t.ctype[:0], t.assessed[:0]
	t.resetMeta()
	return err
}

func (t *regionRows) touched(map[time.Time]bool) {}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
