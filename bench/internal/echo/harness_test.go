package echo_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/echo"
	"github.com/actorio/actorio/bench/internal/suite"
)

// TestHarnessFailures runs echo-1conn against servers that fail: each run
// must fail with the reason, within its time limit, and leave no process
// or goroutine behind (goleak checks the goroutines; every child is waited
// for before Execute returns).
func TestHarnessFailures(t *testing.T) {
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	var w suite.Workload
	for _, x := range suite.Workloads() {
		if x.Name == "echo-1conn" {
			w = x
		}
	}
	require.NotEmpty(t, w.Name)
	w.Quick = suite.Params{N: 10, Conns: 1, Payload: 64}
	tests := []struct {
		name    string
		server  string
		wantErr string
	}{
		{name: "unregistered", server: "nope", wantErr: `no server "nope" registered`},
		{name: "cannot listen", server: "test-fail", wantErr: "echo-server: cannot listen today"},
		{name: "never answers", server: "test-stall", wantErr: "context deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := suite.System{Name: tt.server, Funcs: echo.Funcs(tt.server)}
			start := time.Now()
			res := suite.Execute(suite.Config{Workloads: []suite.Workload{w}, Systems: []suite.System{sys},
				Count: 1, Quick: true, Timeout: time.Second})
			require.Len(t, res, 1)
			assert.False(t, res[0].OK)
			assert.Contains(t, res[0].Err, tt.wantErr)
			assert.Empty(t, res[0].Metrics)
			assert.Less(t, time.Since(start), 5*time.Second, "the run ends soon after its time limit")
		})
	}
}
