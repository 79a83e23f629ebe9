package actorhttp_test

import (
	"encoding/json"
	"expvar"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/observability/actorhttp"
)

func newSystem(t *testing.T) *actor.System { return testutil.NewSystem(t) }

// TestHandler: the handler, mounted under a prefix, serves metrics and
// actors as text and as valid JSON, and nothing else.
func TestHandler(t *testing.T) {
	sys := newSystem(t)
	_, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {}, actor.WithName("a"))
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/debug/actorio/", http.StripPrefix("/debug/actorio", actorhttp.Handler(sys)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	get := func(method, path string) (int, string, string) {
		req, err := http.NewRequest(method, srv.URL+"/debug/actorio"+path, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(body), resp.Header.Get("Content-Type")
	}

	code, body, ctype := get(http.MethodGet, "/metrics?format=json")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "application/json", ctype)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	for _, k := range []string{"ActorsAlive", "Workers", "TimersPending", "SlowHandlers", "MailboxMax", "MailboxDepth", "TurnNanos", "DeadLettersByReason"} {
		require.Contains(t, m, k)
	}
	require.Equal(t, 1.0, m["ActorsAlive"])

	_, body, _ = get(http.MethodGet, "/metrics")
	require.Contains(t, body, "actors_alive 1\n")
	require.Contains(t, body, `dead_letters{reason="stopped"} 0`)

	_, body, ctype = get(http.MethodGet, "/actors?format=json")
	require.Equal(t, "application/json", ctype)
	var actors []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &actors))
	require.Len(t, actors, 1)
	require.Equal(t, "/a", actors[0]["path"])
	require.Equal(t, "idle", actors[0]["state"])
	require.Equal(t, "int", actors[0]["message_type"])

	_, body, _ = get(http.MethodGet, "/actors")
	require.Equal(t, "/a idle msg=int mailbox=0\n", body)

	code, _, _ = get(http.MethodPost, "/actors")
	require.Equal(t, http.StatusMethodNotAllowed, code, "read-only")
	code, _, _ = get(http.MethodGet, "/other")
	require.Equal(t, http.StatusNotFound, code)
}

// TestPublishExpvar: the metrics are published once; a second name clash
// is an error, not a panic.
func TestPublishExpvar(t *testing.T) {
	sys := newSystem(t)
	// expvar names are global: one per run, for -count.
	name := "actorio_test_publish_expvar_" + strconv.FormatInt(time.Now().UnixNano(), 10)
	require.NoError(t, actorhttp.PublishExpvar(sys, name))
	require.ErrorContains(t, actorhttp.PublishExpvar(sys, name), "already published")
	var m actor.Metrics
	require.NoError(t, json.Unmarshal([]byte(expvar.Get(name).String()), &m))
	require.Positive(t, m.Workers)
}
