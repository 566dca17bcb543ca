package synth

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// newRand returns a random stream derived from the seed and a label, so that each
// community (or plan step) draws from its own stream whatever the order of the work.
func newRand(seed uint64, label string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(label))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// hash64 mixes a few integers into one, for choices that must not depend on the order in
// which they are made (an employer, a day of the month).
func hash64(xs ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, x := range xs {
		h ^= x + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
		h = splitmix(h)
	}
	return h
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// normal draws from N(mean, sd).
func normal(r *rand.Rand, mean, sd float64) float64 {
	return mean + sd*r.NormFloat64()
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	return r.Float64() < p
}

// pick returns an index drawn with the given weights.
func pick(r *rand.Rand, weights []float64) int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// lognormal draws a positive factor around 1.
func lognormal(r *rand.Rand, sd float64) float64 {
	return math.Exp(normal(r, 0, sd))
}
