package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/report"
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
