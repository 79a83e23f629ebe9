package suite

import (
	"math"
	"slices"
	"time"
)

// Stat summarizes repeated measurements of one metric.
type Stat struct {
	Median, Min, Max float64
	Runs             int
}

// Summarize returns the median, min and max of values. The median of an
// even number of values is the mean of the middle two. Zero values give a
// zero Stat.
func Summarize(values []float64) Stat {
	if len(values) == 0 {
		return Stat{}
	}
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Stat{Median: med, Min: s[0], Max: s[n-1], Runs: n}
}

// Ratio returns a/b, and false when either is not a positive finite
// number, so that a missing or failed measurement never yields a ratio.
func Ratio(a, b float64) (float64, bool) {
	if !(a > 0) || !(b > 0) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return 0, false
	}
	return a / b, true
}

// Percentile returns the p-th percentile (0 < p <= 100) of ds by the
// nearest-rank method, sorting ds in place. It returns 0 for no values.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	rank := int(math.Ceil(p / 100 * float64(len(ds))))
	return ds[min(max(rank, 1), len(ds))-1]
}
