package suite

import (
	"math"
	"time"
)

// Rand is the pseudo-random generator of every Savina input:
// v = (v*1309 + 13849) & 65535. The zero Rand starts from 0.
type Rand struct{ v uint32 }

// NewRand returns a generator seeded with seed.
func NewRand(seed int) *Rand { return &Rand{v: uint32(seed) & 65535} }

// Next returns the next value, in [0, 65536).
func (r *Rand) Next() int {
	r.v = (r.v*1309 + 13849) & 65535
	return int(r.v)
}

// Intn returns the next value reduced to [0, n).
func (r *Rand) Intn(n int) int { return r.Next() % n }

// TimerDelays returns n deadlines spread over [0, span) by the Savina
// generator, for the timer workloads. Every run of every system gets the
// same ones.
func TimerDelays(n int, base, span time.Duration) []time.Duration {
	r := NewRand(n)
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = base + time.Duration(int64(span)*int64(r.Next())/65536)
	}
	return ds
}

// ForkJoinWork is the ForkJoin workload's computation on message i. It
// reports whether the result exceeds one half, which the implementations
// count so the computation cannot be optimized away and its count can be
// checked.
func ForkJoinWork(i int) bool {
	theta := 37.2 + float64(i%1024)*1e-3
	s, c := math.Sincos(theta)
	return s*s+0.5*c*c*math.Sin(c) > 0.5
}

// Chameneos colours, and the colour two creatures take when they meet.
const (
	Blue = iota
	Red
	Yellow
)

// Complement returns the colour a creature of colour a takes after
// meeting one of colour b.
func Complement(a, b int) int {
	if a == b {
		return a
	}
	return 3 - a - b
}

// SkynetActors returns the number of actors in a skynet of the given
// leaves with fan-out 10: 1 + 10 + ... + leaves. leaves must be a power
// of 10.
func SkynetActors(leaves int) int64 {
	var n int64
	for k := 1; k <= leaves; k *= 10 {
		n += int64(k)
	}
	return n
}
