package actorconsole_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/mailbox"
	"github.com/actorio/actorio/observability/actorconsole"
)

// prefix is where the tests mount the console.
const prefix = "/debug/actorio/console"

// env is a System and its console, mounted on a test server.
type env struct {
	sys     *actor.System
	console *actorconsole.Console
	srv     *httptest.Server
}

// newEnv starts a System with sysOpts and serves its console with opts;
// at the end of the test the server, the console and the system stop.
func newEnv(t *testing.T, sysOpts []actor.Option, opts ...actorconsole.Option) *env {
	t.Helper()
	return serve(t, testutil.NewSystem(t, sysOpts...), opts...)
}

// serve serves the console of sys with opts until the test ends.
func serve(t *testing.T, sys *actor.System, opts ...actorconsole.Option) *env {
	t.Helper()
	c := actorconsole.Handler(sys, opts...)
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", http.StripPrefix(prefix, c))
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.RegisterOnShutdown(c.Close)
	srv.Start()
	t.Cleanup(func() {
		c.Close()
		srv.Close()
	})
	return &env{sys: sys, console: c, srv: srv}
}

// do sends a request and returns the status and body.
func (e *env) do(t *testing.T, method, path string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+prefix+path, nil)
	require.NoError(t, err)
	resp, err := e.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}

// get GETs path, requires 200 and decodes the JSON into v.
func (e *env) get(t *testing.T, path string, v any) {
	t.Helper()
	code, body := e.do(t, http.MethodGet, path)
	require.Equal(t, http.StatusOK, code, "%s: %s", path, body)
	require.NoError(t, json.Unmarshal(body, v), "%s: %s", path, body)
}

// row is an actor as the JSON endpoints give it.
type row struct {
	Path        string   `json:"path"`
	Parent      string   `json:"parent"`
	State       string   `json:"state"`
	MessageType string   `json:"message_type"`
	Mailbox     int      `json:"mailbox"`
	Restarts    int      `json:"restarts"`
	TurnNS      int64    `json:"turn_running_ns"`
	Children    int      `json:"children"`
	Descendants int      `json:"descendants"`
	SubMailbox  int      `json:"subtree_mailbox"`
	SubMax      int      `json:"subtree_mailbox_max"`
	Ancestors   []string `json:"ancestors"`
}

type snapshotInfo struct {
	Seq    uint64 `json:"seq"`
	Actors int    `json:"actors"`
}

type treePage struct {
	Path     string       `json:"path"`
	Node     *row         `json:"node"`
	Total    int          `json:"total"`
	Offset   int          `json:"offset"`
	Children []row        `json:"children"`
	Snapshot snapshotInfo `json:"snapshot"`
}

func paths(rows []row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Path
	}
	return out
}

// event is one Server-Sent Event.
type event struct {
	name string
	data string
}

// stream is an open api/stream, read by a goroutine into events until the
// stream ends (then events closes) or the test does.
type stream struct {
	events <-chan event
	cancel context.CancelFunc
	done   chan struct{}
	items  []feedJSON // decoded, not yet looked at (nextFeed)
}

// openStream opens the console's stream and starts reading it.
func (e *env) openStream(t *testing.T) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+prefix+"/api/stream", nil)
	require.NoError(t, err)
	resp, err := e.srv.Client().Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	ch := make(chan event, 1024)
	s := &stream{events: ch, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 4<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				select {
				case ch <- ev:
				case <-ctx.Done():
					return
				}
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	t.Cleanup(s.close)
	return s
}

// close ends the stream from the client's side and waits for its reader.
func (s *stream) close() {
	s.cancel()
	<-s.done
}

// next returns the next event named name, skipping others, failing the
// test if the stream ends or nothing comes within the guard.
func (s *stream) next(t *testing.T, name string) event {
	t.Helper()
	deadline := time.After(testutil.Guard)
	for {
		select {
		case ev, ok := <-s.events:
			require.True(t, ok, "the stream ended before a %q event", name)
			if ev.name == name {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %q event within %v", name, testutil.Guard)
		}
	}
}

// waitUntil polls cond until it holds, failing the test after the guard.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testutil.Guard)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", testutil.Guard, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// spawnTree spawns parents top-level actors named p0.., each with kids
// children named p0-c0.. (names are unique in a system), and waits for
// all of them to start.
func spawnTree(t *testing.T, sys *actor.System, parents, kids int) {
	t.Helper()
	started := make(chan struct{}, parents)
	for i := range parents {
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
			for k := range kids {
				_, err := actor.SpawnFunc(ctx, func(*actor.Context[int], int) {}, actor.WithName(fmt.Sprintf("p%d-c%d", i, k)))
				if err != nil {
					panic(err)
				}
			}
			started <- struct{}{}
		}, actor.WithName(fmt.Sprintf("p%d", i)))
		require.NoError(t, err)
		require.NoError(t, ref.Send(0))
	}
	for range parents {
		testutil.Recv(t, started, "a parent to spawn its children")
	}
}

// spawnBlocked spawns a top-level actor named name whose handler blocks
// until the test ends, and sends it queued+1 messages: one runs, queued
// wait. It returns once a snapshot sees them waiting. The mailbox is
// bounded (and far from full) because a bounded mailbox's length is
// exact, where an unbounded one's counts the running message until the
// turn ends.
func spawnBlocked(t *testing.T, sys *actor.System, name string, queued int) {
	t.Helper()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // before the system shuts down
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) { <-release },
		actor.WithName(name), actor.WithMailbox(mailbox.Config{Capacity: 1000}))
	require.NoError(t, err)
	for i := range queued + 1 {
		require.NoError(t, ref.Send(i))
	}
	waitUntil(t, "the mailbox to fill", func() bool {
		for _, a := range sys.Snapshot() {
			if a.Path == "/"+name {
				return a.Mailbox == queued
			}
		}
		return false
	})
}
