package warehouse

import (
	"strings"
	"testing"

	"fullemp/standard"
)

// TestRegionsSearch: names (a part, the whole, without 街道/社区, several words across the
// hierarchy) and codes find regions of the area only, the best match first.
func TestRegionsSearch(t *testing.T) {
	regs := NewRegions([]standard.Community{
		{District: "330102", DistrictName: "上城区", Group: "main_urban", Street: "330102001", StreetName: "湖滨街道", Code: "330102001001", Name: "东坡社区"},
		{District: "330102", DistrictName: "上城区", Group: "main_urban", Street: "330102001", StreetName: "湖滨街道", Code: "330102001002", Name: "湖滨花园社区"},
		{District: "330102", DistrictName: "上城区", Group: "main_urban", Street: "330102002", StreetName: "清波街道", Code: "330102002001", Name: "东坡路社区"},
		{District: "330106", DistrictName: "西湖区", Group: "main_urban", Street: "330106001", StreetName: "北山街道", Code: "330106001001", Name: "东坡社区二"},
		{District: "330127", DistrictName: "淳安县", Group: "county", Street: "330127101", StreetName: "千岛湖镇", Code: "330127101001", Name: "Xin'an"},
	})
	codes := func(rs []Region) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Code)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		q, area, want string
		limit         int
		more          bool
	}{
		{q: "湖滨", area: "3301", want: "330102001 330102001002"}, // 湖滨街道 first: its name without 街道
		{q: "东坡", area: "3301", want: "330102001001 330102002001 330106001001"},
		{q: "东坡社区", area: "3301", want: "330102001001 330106001001"},
		{q: "上城 东坡", area: "3301", want: "330102001001 330102002001"}, // 东坡 within 上城区
		{q: "清波 东坡", area: "3301", want: "330102002001"},
		{q: "330102001001", area: "3301", want: "330102001001"},
		{q: "330102001", area: "3301", want: "330102001 330102001001 330102001002"},
		{q: "3301020", area: "3301", want: "330102001 330102002 330102001001 330102001002 330102002001"},
		{q: "东坡", area: "330102001", want: "330102001001"}, // a street user: its own communities only
		{q: "北山", area: "330102", want: ""},
		{q: "330106001001", area: "330102", want: ""},
		{q: "xin'AN", area: "3301", want: "330127101001"},
		{q: "上城", area: "3301", want: "330102"}, // not every region below it
		{q: "东坡", area: "3301", want: "330102001001 330102002001", limit: 2, more: true},
		{q: "  ", area: "3301", want: ""},
		{q: "杭州", area: "3301", want: ""}, // the city and the district groups are not found
		{q: "主城区", area: "3301", want: ""},
	} {
		limit := tc.limit
		if limit == 0 {
			limit = 20
		}
		got, more := regs.Search(tc.q, tc.area, limit)
		if codes(got) != tc.want || more != tc.more {
			t.Errorf("Search(%q, %s, %d) = %q more %v, want %q more %v", tc.q, tc.area, limit, codes(got), more, tc.want, tc.more)
		}
	}
}
