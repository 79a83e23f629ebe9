package systems_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/suite"
	"github.com/actorio/actorio/bench/internal/systems"
)

// TestQuickSuite runs every in-process workload for every system at the
// quick sizes and requires every result to be verified. TestQuickEcho
// covers the echo workloads.
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
				t.Logf("%-11s %10.4g %s", res.System, ts.Median, ts.Unit)
			}
		})
	}
}
