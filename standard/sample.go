package standard

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Sample draws, reproducibly for a seed, at least rate of each district's communities that
// meet the standard (at least one per district that has any), for the city's spot check.
// The result is sorted by community code.
func Sample(met []CommunityResult, rate float64, seed uint64) []CommunityResult {
	byDistrict := map[string][]CommunityResult{}
	for _, c := range met {
		if c.Met {
			byDistrict[c.District] = append(byDistrict[c.District], c)
		}
	}
	districts := make([]string, 0, len(byDistrict))
	for d := range byDistrict {
		districts = append(districts, d)
	}
	sort.Strings(districts)
	var out []CommunityResult
	for _, d := range districts {
		list := byDistrict[d]
		sort.Slice(list, func(i, j int) bool { return list[i].Code < list[j].Code })
		n := int(math.Ceil(rate*float64(len(list)) - 1e-9))
		if n < 1 {
			n = 1
		}
		if n > len(list) {
			n = len(list)
		}
		// One generator per district, so a district's draw does not depend on the others.
		r := rand.New(rand.NewPCG(seed, districtSeed(d)))
		r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		out = append(out, list[:n]...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func districtSeed(code string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(code); i++ {
		h ^= uint64(code[i])
		h *= 1099511628211
	}
	return h
}
