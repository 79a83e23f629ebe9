package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/leakcheck"
	"github.com/actorio/actorio/observability/actorhttp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, nil))
	require.Equal(t, `worker-0: 2+3 = 5
worker-1: boom failed: boom: injected failure
worker-1: 4*5 = 20
worker-2: boom failed: boom: injected failure
worker-2: boom failed: boom: injected failure
worker-2: boom failed: boom: injected failure
worker-2: boom failed: boom: injected failure
supervisor: stopped /pool/worker-2: restart limit exceeded
worker-2: 1+1 refused: the worker has stopped
worker-0: 6*7 = 42
restarts: 4, messages processed: 12, dead letters: 6
`, out.String())
}

func TestEval(t *testing.T) {
	for _, tt := range []struct {
		give    string
		want    int
		wantErr bool
	}{
		{"1+2", 3, false}, {"3*4", 12, false}, {"x+1", 0, true}, {"7", 0, true},
	} {
		t.Run(tt.give, func(t *testing.T) {
			got, err := eval(tt.give)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// TestInspect looks at the running system the way main's -debug flag lets
// an operator do: the actor dump and the debug handler's JSON.
func TestInspect(t *testing.T) {
	var dump strings.Builder
	var actors []map[string]any
	require.NoError(t, run(io.Discard, func(sys *actor.System) {
		require.NoError(t, sys.Dump(&dump))
		rec := httptest.NewRecorder()
		actorhttp.Handler(sys).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/actors?format=json", nil))
		require.Equal(t, http.StatusOK, rec.Code)
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &actors))
	}))
	// worker-2 was stopped for good; the pool and the two others live on,
	// the workers indented under the pool.
	require.Contains(t, dump.String(), "/pool ")
	require.Contains(t, dump.String(), "  /pool/worker-0 ")
	require.Contains(t, dump.String(), "  /pool/worker-1 ")
	require.NotContains(t, dump.String(), "/pool/worker-2 ")
	require.Len(t, actors, 3)
}
