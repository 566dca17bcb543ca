package synth

import (
	"fmt"
	"strings"

	"fullemp/campaign"
)

// Employer is a contributing employer of the insurance records.
type Employer struct {
	Code string
	Name string
}

// employersPerDistrict sets the pool each district's residents mostly work for.
const employersPerDistrict = 240

// newEmployers builds each district's pool, the same for every seed and scale: most have an
// 18-character unified social credit code (GB 32100, check character computed), some a
// local code with a dash, as the older insurance extracts carry.
func newEmployers() map[string][]Employer {
	r := newRand(regionsSeed, "employers")
	out := map[string][]Employer{}
	seen := map[string]bool{}
	for _, d := range campaign.Hangzhou {
		place := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(d.Name, "区"), "县"), "市")
		pool := make([]Employer, 0, employersPerDistrict)
		for len(pool) < employersPerDistrict {
			var code string
			if r.IntN(10) < 8 {
				code = creditCode(d.Code, r.Uint64())
			} else {
				code = fmt.Sprintf("HZ%s-%04d", d.Code[4:], r.IntN(10000))
			}
			if seen[code] {
				continue
			}
			seen[code] = true
			name := firmName(r, "杭州")
			if r.IntN(2) == 0 {
				name = firmName(r, place)
			}
			pool = append(pool, Employer{Code: code, Name: name})
		}
		out[d.Code] = pool
	}
	return out
}

const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCode builds a unified social credit code: "91" (a company), the address code, a
// 9-character organisation code with its GB 11714 check, and the GB 32100 check character.
func creditCode(address string, x uint64) string {
	org := make([]byte, 8)
	for i := range org {
		org[i] = byte('0' + x%10)
		x /= 10
	}
	w := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range org {
		sum += int(c-'0') * w[i]
	}
	var c9 byte
	switch v := 11 - sum%11; v {
	case 10:
		c9 = 'X'
	case 11:
		c9 = '0'
	default:
		c9 = byte('0' + v)
	}
	s17 := "91" + address + string(org) + string(c9)
	sum = 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditChars, s17[i]) * creditWeights[i]
	}
	return s17 + string(creditChars[(31-sum%31)%31])
}
