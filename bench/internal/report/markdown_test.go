package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/report"
	"github.com/actorio/actorio/bench/internal/suite"
)

func TestWriteMarkdown(t *testing.T) {
	var b strings.Builder
	m := report.Describe()
	m.Count, m.Command = 3, "go -C bench run ./cmd/actorio-bench"
	require.NoError(t, report.WriteMarkdown(&b, report.Input{Results: results(), Systems: systems,
		Baseline: "plain-go", Subject: "actorio", Machine: m, Charts: []string{"ratio.png", "ratio.svg"}}))
	out := b.String()
	for _, want := range []string{
		"| [Flood](#flood) | time per message | 100 ns | 150 ns | **FAIL** | n/a | 1.50x |",
		"**FAIL**: wrong result: count = 1, want 100",
		"n/a: no equivalent",
		"![ratio against plain-go](ratio.png)",
		"Not measured here",
		"Network echo",
		"| GOMAXPROCS |",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "protoactor / plain-go", "a ratio column with no ratio in any row is left out")
	assert.NotContains(t, out, "Not yet benchmarked", "actorio runs every workload here")
}

func TestWriteMarkdownListsWhatTheSubjectCannotRunYet(t *testing.T) {
	echo := suite.Workload{Name: "echo-1conn", Title: "Echo, 1 connection", Op: "request",
		Quick: suite.Params{N: 10, Conns: 1, Payload: 64}}
	res := append(results(),
		suite.Result{Workload: echo, System: "plain-go", OK: true, Params: echo.Quick, Metrics: []suite.Summary{
			{Name: suite.MetricReqPerSec, Unit: "req/s", Values: []float64{15100}, Stat: suite.Summarize([]float64{15100})},
		}},
		suite.Result{Workload: echo, System: "actorio", OK: true, NA: "no echo server"})
	m := report.Describe()
	m.Echo = "server pinned to CPU 0"
	var b strings.Builder
	require.NoError(t, report.WriteMarkdown(&b, report.Input{Results: res, Systems: systems,
		Baseline: "plain-go", Subject: "actorio", Machine: m}))
	out := b.String()
	for _, want := range []string{
		"## Not yet benchmarked",
		"- **Echo, 1 connection** (`echo-1conn`): no echo server.",
		"Sizes: N = 10, Conns = 1, Payload = 64 B.",
		"| 15.1k |",
		"| echo workloads' processes | server pinned to CPU 0 |",
	} {
		assert.Contains(t, out, want)
	}
}

func TestWriteMarkdownComparesAVariantWithTheSubjectOnly(t *testing.T) {
	ring := suite.Workload{Name: "ring", Title: "Ring", Op: "hop", Quick: suite.Params{N: 100, Rings: 1, Actors: 10}}
	at := func(w suite.Workload, system string, ns float64) suite.Result {
		r := measured(system, ns)
		r.Workload, r.Params = w, w.Quick
		return r
	}
	res := []suite.Result{
		at(workload, "plain-go", 100), at(workload, "actorio", 150), at(workload, "actorio-1w", 100),
		at(ring, "plain-go", 200), at(ring, "actorio", 210), at(ring, "actorio-1w", 200),
	}
	ss := []string{"plain-go", "actorio", "actorio-1w"}
	var b strings.Builder
	require.NoError(t, report.WriteMarkdown(&b, report.Input{Results: res, Systems: ss, Baseline: "plain-go",
		Subject: "actorio", Machine: report.Describe(),
		Variants: []report.Variant{{Name: "actorio-1w", What: "actorio with one worker", Limit: 1.1}}}))
	out := b.String()
	for _, want := range []string{
		"| workload | metric | plain-go | actorio | actorio-1w | actorio / plain-go | actorio / actorio-1w |",
		"| [Flood](#flood) | time per message | 100 ns | 150 ns | 100 ns | 1.50x | **1.50x** |",
		"| [Ring](#ring) | time per hop | 200 ns | 210 ns | 200 ns | 1.05x | 1.05x |",
		"actorio-1w is actorio with one worker. It is compared with actorio alone",
		"The target is at most 1.10x; a ratio above it is in bold.",
		"Sizes: N = 100, Rings = 1, Actors = 10.",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "actorio-1w / plain-go", "a variant has no ratio against the baseline")
}

func TestWriteCharts(t *testing.T) {
	dir := t.TempDir()
	files, err := report.WriteCharts(dir, "ratio", report.Summarize(results(), systems), systems, "plain-go")
	require.NoError(t, err)
	assert.Equal(t, []string{"ratio.png", "ratio.svg"}, files)
	for _, f := range files {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(1000))
	}
}
