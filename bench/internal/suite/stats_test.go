package suite_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/actorio/actorio/bench/internal/suite"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		give []float64
		want suite.Stat
	}{
		{name: "empty", give: nil, want: suite.Stat{}},
		{name: "one", give: []float64{3}, want: suite.Stat{Median: 3, Min: 3, Max: 3, Runs: 1}},
		{name: "odd unsorted", give: []float64{5, 1, 3}, want: suite.Stat{Median: 3, Min: 1, Max: 5, Runs: 3}},
		{name: "even takes the mean of the middle two", give: []float64{4, 1, 3, 10}, want: suite.Stat{Median: 3.5, Min: 1, Max: 10, Runs: 4}},
		{name: "repeated", give: []float64{2, 2, 2, 2, 9}, want: suite.Stat{Median: 2, Min: 2, Max: 9, Runs: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			give := append([]float64(nil), tt.give...)
			assert.Equal(t, tt.want, suite.Summarize(give))
			assert.Equal(t, tt.give, give, "Summarize must not reorder its input")
		})
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		name   string
		a, b   float64
		want   float64
		wantOK bool
	}{
		{name: "slower", a: 300, b: 100, want: 3, wantOK: true},
		{name: "faster", a: 50, b: 200, want: 0.25, wantOK: true},
		{name: "zero numerator", a: 0, b: 1},
		{name: "zero denominator", a: 1, b: 0},
		{name: "negative", a: -1, b: 2},
		{name: "NaN", a: math.NaN(), b: 2},
		{name: "infinite", a: math.Inf(1), b: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := suite.Ratio(tt.a, tt.b)
			assert.Equal(t, tt.wantOK, ok)
			assert.InDelta(t, tt.want, got, 1e-12)
		})
	}
}

func TestPercentile(t *testing.T) {
	ds := func(ms ...int) []time.Duration {
		out := make([]time.Duration, len(ms))
		for i, m := range ms {
			out[i] = time.Duration(m) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name string
		give []time.Duration
		p    float64
		want time.Duration
	}{
		{name: "empty", give: nil, p: 50, want: 0},
		{name: "p50 of 4 is the 2nd", give: ds(4, 1, 3, 2), p: 50, want: 2 * time.Millisecond},
		{name: "p99 of 100 is the 99th", give: ds(func() []int {
			v := make([]int, 100)
			for i := range v {
				v[i] = 100 - i
			}
			return v
		}()...), p: 99, want: 99 * time.Millisecond},
		{name: "p100 is the max", give: ds(7, 9, 8), p: 100, want: 9 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, suite.Percentile(tt.give, tt.p))
		})
	}
}

func TestRand(t *testing.T) {
	r := suite.NewRand(0)
	// v = (v*1309 + 13849) & 65535 from 0.
	assert.Equal(t, 13849, r.Next())
	assert.Equal(t, (13849*1309+13849)&65535, r.Next())
}

func TestSkynetActors(t *testing.T) {
	assert.Equal(t, int64(1_111_111), suite.SkynetActors(1_000_000))
	assert.Equal(t, int64(11_111), suite.SkynetActors(10_000))
}
