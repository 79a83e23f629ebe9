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

// A workload with summary metrics and targets, which plain Go cannot run.
var remoteTell = suite.Workload{Name: "remote-tell", Title: "Remote tell", Op: "message",
	Summary: []string{suite.MetricCPUPerOp},
	Targets: []suite.Target{{Peer: "protoactor", Max: 0.5}, {Metric: suite.MetricCPUPerOp, Peer: "protoactor", Max: 0.5}},
	Quick:   suite.Params{N: 100, InFlight: 10, Payload: 100}}

func remoteResult(system string, ns, cpu float64) suite.Result {
	return suite.Result{Workload: remoteTell, System: system, OK: true, Params: remoteTell.Quick, Metrics: []suite.Summary{
		{Name: suite.MetricTime, Unit: "ns/op", Values: []float64{ns}, Stat: suite.Summarize([]float64{ns})},
		{Name: suite.MetricCPUPerOp, Unit: "us", Values: []float64{cpu}, Stat: suite.Summarize([]float64{cpu})},
	}}
}

func remoteResults() []suite.Result {
	return append(results(),
		suite.Result{Workload: remoteTell, System: "plain-go", OK: true, NA: "no remote nodes", Params: remoteTell.Quick},
		remoteResult("actorio", 400, 1),
		remoteResult("protoactor", 1000, 3),
		suite.Result{Workload: remoteTell, System: "other", OK: true, NA: "no remote nodes", Params: remoteTell.Quick})
}

func TestSummarizeRowsPerSummaryMetric(t *testing.T) {
	rows := report.Summarize(remoteResults(), systems)
	require.Len(t, rows, 3, "flood, then remote-tell's time and CPU")
	assert.Equal(t, suite.MetricTime, rows[1].Metric)
	assert.True(t, rows[1].Primary())
	assert.Equal(t, suite.MetricCPUPerOp, rows[2].Metric)
	assert.False(t, rows[2].Primary())
	assert.Equal(t, "us", rows[2].Unit)
	v, ok := rows[2].Ratio("actorio", "protoactor")
	require.True(t, ok)
	assert.InDelta(t, 1.0/3, v, 1e-9)
}

func TestWriteMarkdownShowsTargets(t *testing.T) {
	m := report.Describe()
	m.Count, m.Remote = 1, "receiver pinned to CPU 0"
	var b strings.Builder
	require.NoError(t, report.WriteMarkdown(&b, report.Input{Results: remoteResults(), Systems: systems,
		Baseline: "plain-go", Subject: "actorio", Machine: m}))
	out := b.String()
	for _, want := range []string{
		"| [Remote tell](#remote-tell) | time per message | n/a | 400 ns | 1.00 µs | n/a | — | 0.40x |",
		"| [Remote tell](#remote-tell) | cpu per message | n/a | 1.00 µs | 3.00 µs | n/a | — | 0.33x |",
		"- Remote tell, time per message: actorio / protoactor at most 0.50x: 0.400x, met.",
		"- Remote tell, cpu per message: actorio / protoactor at most 0.50x: 0.333x, met.",
		"| remote workloads' processes | receiver pinned to CPU 0 |",
		"| system | time per message | cpu per message | runs |",
		"Sizes: N = 100, InFlight = 10, Payload = 100 B.",
	} {
		assert.Contains(t, out, want)
	}

	res := remoteResults()
	res[len(res)-2] = remoteResult("protoactor", 500, 3)
	b.Reset()
	require.NoError(t, report.WriteMarkdown(&b, report.Input{Results: res, Systems: systems,
		Baseline: "plain-go", Subject: "actorio", Machine: m}))
	out = b.String()
	assert.Contains(t, out, "| [Remote tell](#remote-tell) | time per message | n/a | 400 ns | 500 ns | n/a | — | **0.80x** |")
	assert.Contains(t, out, "at most 0.50x: **0.800x, missed**.")
}

func TestWriteChartsLeavesOutWhatTheBaselineCannotRun(t *testing.T) {
	dir := t.TempDir()
	files, err := report.WriteCharts(dir, "ratio", report.Summarize(remoteResults(), systems), systems, "plain-go")
	require.NoError(t, err)
	assert.Len(t, files, 2, "flood has a bar")

	rows := report.Summarize(remoteResults()[4:], systems)
	files, err = report.WriteCharts(dir, "remote", rows, systems, "plain-go")
	require.NoError(t, err)
	assert.Empty(t, files, "no workload with a ratio to the baseline, no chart")
	_, err = os.Stat(filepath.Join(dir, "remote.png"))
	assert.True(t, os.IsNotExist(err))
}
