package warehouse

import (
	"sort"
	"strings"
)

// levelOrder ranks the levels a search finds: districts before streets before communities.
var levelOrder = map[Level]int{LevelDistrict: 0, LevelStreet: 1, LevelCommunity: 2}

// nameSuffixes are the endings a name may be searched without (湖滨 finds 湖滨街道 first).
var nameSuffixes = []string{"社区", "街道", "镇", "乡", "区", "县", "市", "村"}

// Search finds the districts, streets and communities within area (a region code; the
// city's covers every region) that match q: each word of q is in the region's name or an
// ancestor's (上城 东坡 finds 东坡社区 of 上城区), or starts its code, and at least one is
// its own. Best first: the name or code itself (湖滨 for 湖滨街道 too), then a name
// starting with the query, then the rest; districts before streets before communities; in
// code order. At most limit regions; more says whether others matched.
func (r *Regions) Search(q, area string, limit int) (found []Region, more bool) {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 || limit <= 0 {
		return nil, false
	}
	type hit struct {
		reg  Region
		rank int
	}
	var hits []hit
	for code, reg := range r.byCode {
		if _, ok := levelOrder[reg.Level]; !ok || !strings.HasPrefix(code, area) {
			continue
		}
		name := strings.ToLower(reg.Name)
		path := r.Path(code)
		own, all := false, true
		for _, w := range words {
			switch {
			case strings.Contains(name, w) || strings.HasPrefix(code, w):
				own = true
			case !inAncestors(path, w):
				all = false
			}
		}
		if !own || !all {
			continue
		}
		hits = append(hits, hit{reg, rankOf(name, code, words[len(words)-1])})
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if levelOrder[a.reg.Level] != levelOrder[b.reg.Level] {
			return levelOrder[a.reg.Level] < levelOrder[b.reg.Level]
		}
		return a.reg.Code < b.reg.Code
	})
	if len(hits) > limit {
		hits, more = hits[:limit], true
	}
	for _, h := range hits {
		found = append(found, h.reg)
	}
	return found, more
}

// inAncestors reports whether w is in the name of one of the regions above the last of
// path (the city and the district groups included: 主城区 narrows to the main urban area).
func inAncestors(path []Region, w string) bool {
	for _, p := range path[:max(0, len(path)-1)] {
		if strings.Contains(strings.ToLower(p.Name), w) {
			return true
		}
	}
	return false
}

// rankOf ranks a match of the word w: 0 the name or code itself (or the name without its
// ending), 1 a name or code starting with w, 2 anything else.
func rankOf(name, code, w string) int {
	switch {
	case name == w || code == w:
		return 0
	case strings.HasPrefix(name, w):
		for _, s := range nameSuffixes {
			if name == w+s {
				return 0
			}
		}
		return 1
	case strings.HasPrefix(code, w):
		return 1
	}
	return 2
}
