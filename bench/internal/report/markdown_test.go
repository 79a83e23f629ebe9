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
