package actorconsole_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/observability/actorconsole"
)

type sampleJSON struct {
	T           int64              `json:"t"`
	Actors      uint64             `json:"actors"`
	Messages    *float64           `json:"messages_per_s"`
	DeadLetters map[string]float64 `json:"dead_letters_per_s"`
	Processed   uint64             `json:"processed"`
	Workers     int                `json:"workers"`
	Timers      int                `json:"timers_pending"`
	RunQueue    int                `json:"run_queue"`
	Conns       int64              `json:"connections"`
}

type feedJSON struct {
	Kind      string  `json:"kind"`
	Actor     string  `json:"actor"`
	Message   string  `json:"message"`
	Reason    string  `json:"reason"`
	Directive string  `json:"directive"`
	ElapsedMS float64 `json:"elapsed_ms"`
	Stack     string  `json:"stack"`
}

type helloJSON struct {
	IntervalMS float64      `json:"interval_ms"`
	History    []sampleJSON `json:"history"`
	Recent     []feedJSON   `json:"recent"`
}

func decode[T any](t *testing.T, ev event) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(ev.data), &v), "%s: %s", ev.name, ev.data)
	return v
}

// nextFeed returns the next feed item of kind from s; the items before
// it are skipped, those after it kept for the next call.
func nextFeed(t *testing.T, s *stream, kind string) feedJSON {
	t.Helper()
	for {
		for len(s.items) > 0 {
			it := s.items[0]
			s.items = s.items[1:]
			if it.Kind == kind {
				return it
			}
		}
		s.items = decode[[]feedJSON](t, s.next(t, "feed"))
	}
}

// feedKinds reads feed items from s until it has seen one of each kind,
// and returns the first of each.
func feedKinds(t *testing.T, s *stream, kinds ...string) map[string]feedJSON {
	t.Helper()
	got := map[string]feedJSON{}
	for len(got) < len(kinds) {
		it := s.items
		if len(it) == 0 {
			it = decode[[]feedJSON](t, s.next(t, "feed"))
		}
		s.items = nil
		for _, f := range it {
			if _, seen := got[f.Kind]; !seen && slices.Contains(kinds, f.Kind) {
				got[f.Kind] = f
			}
		}
	}
	return got
}

// TestStream: a stream says hello, then sends samples with rates, and
// the system's dead letters, failures with their stacks and slow handlers
// as they come; a page that opens later gets the history.
func TestStream(t *testing.T) {
	e := newEnv(t, []actor.Option{actor.WithWatchdog(40 * time.Millisecond)}, actorconsole.WithMinInterval(50*time.Millisecond))
	s := e.openStream(t)
	h := decode[helloJSON](t, s.next(t, "hello"))
	require.Equal(t, 50.0, h.IntervalMS)

	first := decode[sampleJSON](t, s.next(t, "sample"))
	require.Positive(t, first.Workers)
	require.Nil(t, first.Messages, "no rate without a previous sample")
	echo, err := actor.SpawnFunc(e.sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	for i := range 100 {
		require.NoError(t, echo.Send(i))
	}
	var later sampleJSON
	waitUntil(t, "a sample to count the messages", func() bool {
		later = decode[sampleJSON](t, s.next(t, "sample"))
		return later.Processed >= 100
	})
	require.NotNil(t, later.Messages)
	require.Contains(t, later.DeadLetters, "panic")
	require.Equal(t, uint64(1), later.Actors)

	crasher, err := actor.SpawnFunc(e.sys, func(*actor.Context[string], string) { panic("boom") }, actor.WithName("crasher"))
	require.NoError(t, err)
	require.NoError(t, crasher.Send("x"))
	got := feedKinds(t, s, "failure", "dead_letter")
	f := got["failure"]
	require.Equal(t, "/crasher", f.Actor)
	require.Equal(t, "Restart", f.Directive)
	require.Contains(t, f.Reason, "boom")
	require.Contains(t, f.Stack, "panic(")
	d := got["dead_letter"]
	require.Equal(t, "/crasher", d.Actor)
	require.Equal(t, "string", d.Message, "the type, never the value")
	require.Contains(t, d.Reason, "panicked")

	// Messages still queued when an actor stops are dead letters.
	hold := make(chan struct{})
	stopping, err := actor.SpawnFunc(e.sys, func(*actor.Context[int], int) { <-hold })
	require.NoError(t, err)
	for i := range 3 {
		require.NoError(t, stopping.Send(i))
	}
	stopping.Stop()
	close(hold)
	d = nextFeed(t, s, "dead_letter")
	require.Equal(t, "int", d.Message)
	require.Contains(t, d.Reason, "stopped")

	release := make(chan struct{})
	slow, err := actor.SpawnFunc(e.sys, func(*actor.Context[int], int) { <-release }, actor.WithName("slow"))
	require.NoError(t, err)
	require.NoError(t, slow.Send(1))
	sh := nextFeed(t, s, "slow")
	close(release)
	require.Equal(t, "/slow", sh.Actor)
	require.Equal(t, "int", sh.Message)
	require.Positive(t, sh.ElapsedMS)
	require.NotEmpty(t, sh.Stack)

	again := e.openStream(t)
	h = decode[helloJSON](t, again.next(t, "hello"))
	require.NotEmpty(t, h.History)
	kinds := map[string]bool{}
	for _, it := range h.Recent {
		kinds[it.Kind] = true
	}
	require.True(t, kinds["failure"] && kinds["dead_letter"] && kinds["slow"], "recent: %v", kinds)
}

// TestStreamEnds: the server side of a stream ends when its client goes
// (the last one stops the sampler), when the console closes, and when
// the system shuts down; a closed console refuses new streams.
func TestStreamEnds(t *testing.T) {
	running := func(c *actorconsole.Console) bool { _, ok := actorconsole.Streams(c); return ok }

	t.Run("client goes", func(t *testing.T) {
		e := newEnv(t, nil, actorconsole.WithMinInterval(50*time.Millisecond))
		a, b := e.openStream(t), e.openStream(t)
		a.next(t, "hello")
		b.next(t, "hello")
		qs, ok := actorconsole.Streams(e.console)
		require.True(t, ok)
		require.Len(t, qs, 2)
		a.close()
		waitUntil(t, "one stream left", func() bool { qs, _ := actorconsole.Streams(e.console); return len(qs) == 1 })
		require.True(t, running(e.console), "a page is still open")
		b.close()
		waitUntil(t, "the sampler to stop", func() bool { return !running(e.console) })
		c := e.openStream(t) // a new page starts a new sampler
		c.next(t, "sample")
	})
	t.Run("console closes", func(t *testing.T) {
		e := newEnv(t, nil, actorconsole.WithMinInterval(50*time.Millisecond))
		s := e.openStream(t)
		s.next(t, "hello")
		e.console.Close()
		s.next(t, "end")
		_, more := <-s.events
		require.False(t, more, "the stream ends")
		require.False(t, running(e.console))
		code, body := e.do(t, http.MethodGet, "/api/stream")
		require.Equal(t, http.StatusServiceUnavailable, code)
		require.Contains(t, string(body), "console closed")
		code, _ = e.do(t, http.MethodGet, "/api/tree")
		require.Equal(t, http.StatusOK, code, "the JSON endpoints still answer")
	})
	t.Run("system shuts down", func(t *testing.T) {
		e := newEnv(t, nil, actorconsole.WithMinInterval(50*time.Millisecond))
		s := e.openStream(t)
		s.next(t, "hello")
		ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
		defer cancel()
		require.NoError(t, e.sys.Shutdown(ctx))
		s.next(t, "end")
		_, more := <-s.events
		require.False(t, more, "the stream ends")
	})
}

// TestSlowClient: a client that never reads costs the server a bounded
// queue, drops counted, and after WriteTimeout its stream ends.
func TestSlowClient(t *testing.T) {
	resume := actor.OneForOne(actor.WithDecider(func(error) actor.Directive { return actor.Resume }))
	e := newEnv(t, []actor.Option{actor.WithSystemSupervisor(resume)},
		actorconsole.WithMinInterval(50*time.Millisecond), actorconsole.WithWriteTimeout(5*time.Second),
		actorconsole.WithEventBuffer(1024))
	crasher, err := actor.SpawnFunc(e.sys, func(*actor.Context[int], int) { panic("flood") })
	require.NoError(t, err)

	conn, err := net.Dial("tcp", e.srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.(*net.TCPConn).SetReadBuffer(4096))
	_, err = fmt.Fprintf(conn, "GET %s/api/stream HTTP/1.1\r\nHost: console\r\n\r\n", prefix)
	require.NoError(t, err)

	// Failures with their stacks, as fast as the actor fails, until the
	// server has given up on the client: frames of tens of kilobytes.
	stop, flooded := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(flooded)
		for {
			select {
			case <-stop:
				return
			default:
			}
			_ = crasher.Send(1)
			time.Sleep(50 * time.Microsecond)
		}
	}()
	defer func() { close(stop); <-flooded }()

	waitUntil(t, "the stream to open", func() bool { qs, _ := actorconsole.Streams(e.console); return len(qs) == 1 })
	// The client reads nothing: its queue fills up to its bound and then
	// loses frames, counted, while the server's write waits (up to the
	// write timeout, long enough that a loaded machine fills the queue
	// first).
	waitUntil(t, "frames to be dropped", func() bool {
		qs, _ := actorconsole.Streams(e.console)
		require.Len(t, qs, 1, "the stream ended before its queue overflowed")
		require.LessOrEqual(t, qs[0].Queued, int64(actorconsole.MaxQueuedBytes))
		return qs[0].Dropped > 0
	})
	waitUntil(t, "the server to give up on the client", func() bool {
		qs, _ := actorconsole.Streams(e.console)
		for _, q := range qs {
			require.LessOrEqual(t, q.Queued, int64(actorconsole.MaxQueuedBytes))
		}
		return len(qs) == 0
	})
}
