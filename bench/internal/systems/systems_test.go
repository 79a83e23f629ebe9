package systems_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/suite"
	"github.com/actorio/actorio/bench/internal/systems"
	"github.com/actorio/actorio/bench/internal/systems/actorio"
	"github.com/actorio/actorio/bench/internal/systems/plain"
)

// TestQuickSuite runs every in-process workload for every system at the
// quick sizes and requires every result to be verified and to report its
// allocations and bytes per operation. TestQuickEcho covers the echo
// workloads.
func TestQuickSuite(t *testing.T) {
	all := systems.All()
	for _, w := range suite.Workloads() {
		if w.OutOfProcess {
			continue
		}
		t.Run(w.Name, func(t *testing.T) {
			results := suite.Execute(suite.Config{
				Workloads: []suite.Workload{w}, Systems: all, Count: 1, Quick: true, Timeout: time.Minute,
			})
			require.Len(t, results, len(all))
			for _, res := range results {
				if res.NA != "" {
					t.Logf("%s: n/a: %s", res.System, res.NA)
					continue
				}
				require.Truef(t, res.OK, "%s/%s failed: %s", w.Name, res.System, res.Err)
				ts, ok := res.Metric(suite.MetricTime)
				require.Truef(t, ok, "%s/%s has no time metric", w.Name, res.System)
				require.Greater(t, ts.Median, 0.0)
				for _, name := range []string{suite.MetricAllocs, suite.MetricBytes} {
					_, ok := res.Metric(name)
					require.Truef(t, ok, "%s/%s reports no %s per operation", w.Name, res.System, name)
				}
				t.Logf("%-11s %10.4g %s", res.System, ts.Median, ts.Unit)
			}
		})
	}
}

// TestOneWorker requires actorio-1w to run exactly the scheduler-sensitive
// workloads, each of them one actorio runs too, and to say why it runs no
// other.
func TestOneWorker(t *testing.T) {
	byName := map[string]suite.System{}
	for _, s := range systems.All() {
		byName[s.Name] = s
	}
	one, ok := byName[actorio.OneWorkerName]
	require.True(t, ok, "actorio-1w is among the systems")
	want := actorio.SchedulerSensitive()
	require.Len(t, one.Funcs, len(want))
	for _, name := range want {
		assert.NotNilf(t, one.Funcs[name], "actorio-1w runs %s", name)
		assert.NotNilf(t, byName[actorio.Name].Funcs[name], "actorio runs %s", name)
	}
	for _, w := range suite.Workloads() {
		if one.Funcs[w.Name] == nil {
			assert.NotEmptyf(t, one.NA[w.Name], "actorio-1w says why it does not run %s", w.Name)
		}
	}
	ss, err := systems.Select("actorio-1w, plain-go")
	require.NoError(t, err)
	require.Len(t, ss, 2)
	assert.Equal(t, plain.Name, ss[0].Name, "the order of All, not of the list")
	assert.Equal(t, actorio.OneWorkerName, ss[1].Name)
}
