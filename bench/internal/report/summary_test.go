package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/report"
)

func TestSummarizeAndRatio(t *testing.T) {
	rows := report.Summarize(results(), systems)
	require.Len(t, rows, 1)
	r := rows[0]
	assert.Equal(t, "ns/op", r.Unit)

	tests := []struct {
		name     string
		num, den string
		want     float64
		wantOK   bool
	}{
		{name: "actorio over plain", num: "actorio", den: "plain-go", want: 1.5, wantOK: true},
		{name: "plain over actorio", num: "plain-go", den: "actorio", want: 100.0 / 150, wantOK: true},
		{name: "failed system has no ratio", num: "protoactor", den: "plain-go"},
		{name: "against a failed system", num: "actorio", den: "protoactor"},
		{name: "n/a has no ratio", num: "other", den: "plain-go"},
		{name: "unknown system", num: "nope", den: "plain-go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := r.Ratio(tt.num, tt.den)
			assert.Equal(t, tt.wantOK, ok)
			assert.InDelta(t, tt.want, got, 1e-9)
		})
	}
}

func TestPairs(t *testing.T) {
	tests := []struct {
		name string
		give []string
		want []report.Pair
	}{
		{name: "all three", give: []string{"plain-go", "actorio", "protoactor"}, want: []report.Pair{
			{"actorio", "plain-go"}, {"protoactor", "plain-go"}, {"actorio", "protoactor"}}},
		{name: "no baseline", give: []string{"actorio", "protoactor"}, want: []report.Pair{{"actorio", "protoactor"}}},
		{name: "baseline and subject", give: []string{"plain-go", "actorio"}, want: []report.Pair{{"actorio", "plain-go"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, report.Pairs(tt.give, "plain-go", "actorio"))
		})
	}
}

func TestPairsWithVariants(t *testing.T) {
	tests := []struct {
		name string
		give []string
		want []report.Pair
	}{
		{name: "a variant is compared with the subject only, last",
			give: []string{"plain-go", "actorio", "actorio-1w", "protoactor"},
			want: []report.Pair{{"actorio", "plain-go"}, {"protoactor", "plain-go"}, {"actorio", "protoactor"},
				{"actorio", "actorio-1w"}}},
		{name: "a variant without its subject has no pair", give: []string{"plain-go", "actorio-1w"}},
		{name: "subject and variant", give: []string{"actorio", "actorio-1w"}, want: []report.Pair{{"actorio", "actorio-1w"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, report.Pairs(tt.give, "plain-go", "actorio", "actorio-1w"))
		})
	}
}

func TestCompared(t *testing.T) {
	variants := []report.Variant{{Name: "actorio-1w"}}
	give := []string{"plain-go", "actorio", "actorio-1w", "protoactor"}
	assert.Equal(t, []string{"plain-go", "actorio", "protoactor"}, report.Compared(give, variants))
	assert.Equal(t, []string{"plain-go", "actorio", "actorio-1w", "protoactor"}, give, "the argument is left alone")
	assert.Equal(t, give, report.Compared(give, nil))
}
