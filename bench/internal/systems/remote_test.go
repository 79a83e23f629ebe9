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
)

// tinyRemote gives the remote workloads sizes that take well under a
// second each, even with the race detector in every node, while the tell
// still waits for credit and the pairs keep pings in flight.
var tinyRemote = map[string]suite.Params{
	"remote-tell":      {N: 2_000, InFlight: 256, Payload: 100},
	"remote-pipelined": {N: 20, Actors: 10, InFlight: 4, Payload: 100},
	"remote-ask-100":   {N: 50, Payload: 100},
	"remote-ask-1k":    {N: 50, Payload: 1024},
	"remote-ask-10k":   {N: 50, Payload: 10 * 1024},
}

// TestQuickRemote runs the remote workloads, at tiny sizes, for every
// system that has remote nodes, in child processes of this test binary,
// and requires every run to be verified and to report its metrics.
func TestQuickRemote(t *testing.T) {
	// A race-enabled child sleeps 1 s before it exits unless told not to;
	// the children inherit this environment.
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	var ws []suite.Workload
	for _, w := range suite.Workloads() {
		if p, ok := tinyRemote[w.Name]; ok {
			w.Quick = p
			ws = append(ws, w)
		}
	}
	require.Len(t, ws, len(tinyRemote), "every remote workload is in the suite")
	ss, err := systems.Select("actorio,protoactor,nats,nats-b100")
	require.NoError(t, err)
	results := suite.Execute(suite.Config{Workloads: ws, Systems: ss, Count: 1, Quick: true, Timeout: time.Minute})
	require.Len(t, results, len(ss)*len(ws))
	for _, res := range results {
		if res.NA != "" {
			assert.Equal(t, systems.NATSBatch, res.System, "%s: only nats-b100 lacks remote workloads", res.Workload.Name)
			continue
		}
		require.Truef(t, res.OK, "%s/%s failed: %s", res.Workload.Name, res.System, res.Err)
		for _, name := range res.Workload.SummaryMetrics() {
			m, ok := res.Metric(name)
			require.Truef(t, ok, "%s/%s has no %s", res.Workload.Name, res.System, name)
			assert.Positive(t, m.Median, "%s/%s %s", res.Workload.Name, res.System, name)
		}
		_, ok := res.Metric(suite.MetricAllocs)
		assert.False(t, ok, "an out-of-process workload reports no allocations of the harness")
		_, server := res.Metric(suite.MetricServerCPUPerOp)
		assert.Equal(t, res.System != "protoactor", server, "%s: the NATS server's CPU is counted", res.System)
		primary, _ := res.Metric(res.Workload.PrimaryMetric())
		t.Logf("%-16s %-10s %s = %.4g %s", res.Workload.Name, res.System, primary.Name, primary.Median, primary.Unit)
	}
}
