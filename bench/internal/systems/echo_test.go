package systems_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/suite"
	"github.com/actorio/actorio/bench/internal/systems"
	"github.com/actorio/actorio/bench/internal/systems/actorio"
	"github.com/actorio/actorio/bench/internal/systems/plain"
)

// tinyEcho gives the echo workloads sizes that take well under a second
// each, even with the race detector in the server and client.
var tinyEcho = map[string]suite.Params{
	"echo-1conn":    {N: 200, Conns: 1, Payload: 64},
	"echo-1k-64":    {N: 400, Conns: 8, Payload: 64},
	"echo-1k-4k":    {N: 200, Conns: 8, Payload: 4096},
	"echo-idle-10k": {Conns: 50, Payload: 64},
}

// TestQuickEcho runs the echo workloads, at tiny sizes, for plain Go's net
// server and actorio's in child processes of this test binary, and
// requires every run to be verified and to report every metric.
func TestQuickEcho(t *testing.T) {
	// A race-enabled child sleeps 1 s before it exits unless told not to;
	// the children inherit this environment.
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	var ws []suite.Workload
	for _, w := range suite.Workloads() {
		if p, ok := tinyEcho[w.Name]; ok {
			w.Quick = p
			ws = append(ws, w)
		}
	}
	require.Len(t, ws, len(tinyEcho), "every echo workload is in the suite")
	var ss []suite.System
	for _, s := range systems.All() {
		if s.Name == plain.Name || s.Name == actorio.Name {
			ss = append(ss, s)
		}
	}
	results := suite.Execute(suite.Config{Workloads: ws, Systems: ss, Count: 1, Quick: true, Timeout: time.Minute})
	require.Len(t, results, 2*len(ws))
	for _, res := range results {
		require.Truef(t, res.OK, "%s/%s failed: %s", res.Workload.Name, res.System, res.Err)
		primary, ok := res.Metric(res.Workload.PrimaryMetric())
		require.Truef(t, ok, "%s has no %s", res.Workload.Name, res.Workload.PrimaryMetric())
		assert.Positive(t, primary.Median, res.Workload.Name)
		_, ok = res.Metric(suite.MetricAllocs)
		assert.False(t, ok, "an out-of-process workload reports no allocations of the harness")
		t.Logf("%-14s %s = %.4g %s", res.Workload.Name, primary.Name, primary.Median, primary.Unit)
	}
}
