package reactor_test

import (
	"context"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/io/reactor"
)

// waitFor bounds every wait of the tests. It is generous on purpose: it
// only turns a hang into a failure and is never asserted on.
const waitFor = testutil.Guard

// engineCase is one engine the tests run against.
type engineCase struct {
	name   string
	engine reactor.Engine
}

// engines are the engines every test runs against, unless it is about
// one: io_uring where the machine allows it, epoll or kqueue, and the
// portable engine. The first is the default engine.
var engines = func() []engineCase {
	var es []engineCase
	// The child of TestEngineFallbackUnderSeccomp probes only once its
	// filter is in place.
	if os.Getenv(seccompChildEnv) != "1" && reactor.UringAvailable() == nil {
		es = append(es, engineCase{name: "uring", engine: reactor.EngineUring})
	}
	return append(es,
		engineCase{name: "poll", engine: reactor.EnginePoll},
		engineCase{name: "portable", engine: reactor.EnginePortable})
}()

// seccompChildEnv marks the re-executed test binary of
// TestEngineFallbackUnderSeccomp.
const seccompChildEnv = "ACTORIO_REACTOR_SECCOMP_CHILD"

// forEachEngine runs fn as a subtest per engine.
func forEachEngine(t *testing.T, fn func(t *testing.T, ec engineCase)) {
	t.Helper()
	for _, ec := range engines {
		t.Run(ec.name, func(t *testing.T) { fn(t, ec) })
	}
}

// call is the message of the tests' connections: a function that runs
// inside the connection's actor, so a test can act as the handler.
type call func(c *reactor.Conn)

// ioFunc handles one event inside a connection's actor.
type ioFunc func(c *reactor.Conn, ev reactor.Event)

// env is a System with a Reactor, shut down at the end of the test, and a
// tracker for the connections its handlers serve.
type env struct {
	sys *actor.System
	r   *reactor.Reactor
	tr  *tracker
}

// newEnv starts a System and a Reactor on ec's engine. At the end of the
// test it shuts the System down and checks that every connection got
// exactly one Closed.
func newEnv(t *testing.T, ec engineCase, opts ...reactor.Option) *env {
	t.Helper()
	return newEnvWith(t, ec, nil, opts...)
}

// newEnvWith is newEnv with a System configured by sysOpts.
func newEnvWith(t *testing.T, ec engineCase, sysOpts []actor.Option, opts ...reactor.Option) *env {
	t.Helper()
	sys, err := actor.NewSystem(sysOpts...)
	require.NoError(t, err)
	tr := newTracker()
	t.Cleanup(func() {
		shutdown(t, sys)
		tr.check(t)
	})
	r, err := reactor.New(sys, append([]reactor.Option{reactor.WithEngine(ec.engine)}, opts...)...)
	require.NoError(t, err)
	if ec.engine == reactor.EnginePortable {
		require.True(t, r.Portable())
	} else if runtime.GOOS == "linux" {
		require.False(t, r.Portable(), "event loops on Linux")
		if ec.engine != reactor.EngineAuto {
			require.Equal(t, ec.engine, r.Engine())
		}
	}
	return &env{sys: sys, r: r, tr: tr}
}

// shutdown shuts sys down and requires it to succeed.
func shutdown(t *testing.T, sys *actor.System) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	require.NoError(t, sys.Shutdown(ctx))
}

// handler returns a NewHandler whose connections run the ioFunc mk makes
// for each, run the calls sent to them, and report to the env's tracker.
func (e *env) handler(mk func(c *reactor.Conn) ioFunc) reactor.NewHandler[call] {
	return func(c *reactor.Conn) reactor.Handler[call] {
		h := &testHandler{c: c, tr: e.tr}
		if mk != nil {
			h.io = mk(c)
		}
		return h
	}
}

// echoIO echoes every byte it reads.
func echoIO(*reactor.Conn) ioFunc {
	return func(c *reactor.Conn, ev reactor.Event) {
		if _, ok := ev.(reactor.Readable); ok {
			_, _ = c.Write(c.Next(c.Buffered()))
		}
	}
}

// discardIO consumes every byte it reads.
func discardIO(*reactor.Conn) ioFunc {
	return func(c *reactor.Conn, ev reactor.Event) {
		if _, ok := ev.(reactor.Readable); ok {
			c.Discard(c.Buffered())
		}
	}
}

// testHandler is the Handler of the tests' connections.
type testHandler struct {
	c      *reactor.Conn
	tr     *tracker
	io     ioFunc
	closed int
}

func (h *testHandler) Receive(_ *actor.Context[call], fn call) { fn(h.c) }

func (h *testHandler) Started(ctx *actor.Context[call]) {
	h.tr.started.Add(1)
	select {
	case h.tr.refs <- ctx.Self():
	default:
		h.tr.lost.Add(1)
	}
}

func (h *testHandler) HandleIO(_ *actor.Context[call], ev reactor.Event) {
	if cl, ok := ev.(reactor.Closed); ok {
		h.closed++
		h.tr.onClosed(h.closed, cl.Err)
	} else if h.closed > 0 {
		h.tr.afterClosed.Add(1)
	}
	if h.io != nil {
		h.io(h.c, ev)
	}
}

// tracker counts what the tests' connections report.
type tracker struct {
	refs        chan actor.Ref[call] // each connection, once started
	closedCh    chan error           // each Closed's Err
	started     atomic.Int64
	closed      atomic.Int64
	dupClosed   atomic.Int64 // Closed delivered again to the same handler
	afterClosed atomic.Int64 // events delivered after Closed
	lost        atomic.Int64 // reports that found a channel full
}

// trackerRoom is the room of a tracker's channels: more connections than
// any test makes.
const trackerRoom = 1 << 14

func newTracker() *tracker {
	return &tracker{refs: make(chan actor.Ref[call], trackerRoom), closedCh: make(chan error, trackerRoom)}
}

func (tr *tracker) onClosed(n int, err error) {
	if n > 1 {
		tr.dupClosed.Add(1)
		return
	}
	tr.closed.Add(1)
	select {
	case tr.closedCh <- err:
	default:
		tr.lost.Add(1)
	}
}

// check requires that every connection got exactly one Closed, last.
func (tr *tracker) check(t *testing.T) {
	t.Helper()
	require.Zero(t, tr.dupClosed.Load(), "connections got Closed more than once")
	require.Zero(t, tr.afterClosed.Load(), "connections got events after Closed")
	require.Zero(t, tr.lost.Load(), "tracker channels overflowed")
	require.Equal(t, tr.started.Load(), tr.closed.Load(), "connections started != connections closed")
}

// nextRef returns the next connection to start.
func (tr *tracker) nextRef(t *testing.T) actor.Ref[call] {
	t.Helper()
	return recv(t, tr.refs, "a connection to start")
}

// nextClosed returns the Err of the next Closed.
func (tr *tracker) nextClosed(t *testing.T) error {
	t.Helper()
	return recv(t, tr.closedCh, "a connection to close")
}

// recv receives from ch, failing the test if nothing comes in waitFor.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	return testutil.Recv(t, ch, what)
}

// dialTCP connects to addr, with a deadline that turns a hang into an
// error, and closes the connection at the end of the test.
func dialTCP(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(waitFor)))
	return c.(*net.TCPConn)
}

// do runs fn inside the connection's actor and waits for it. fn must not
// call t's FailNow (require): it runs on another goroutine. It may set
// variables the test reads after do returns.
func do(t *testing.T, ref actor.Ref[call], fn call) {
	t.Helper()
	done := make(chan struct{})
	require.NoError(t, ref.Send(func(c *reactor.Conn) { fn(c); close(done) }))
	recv(t, done, "a call to run in the connection's actor")
}

// pattern returns n bytes that depend on seed and on each byte's offset,
// so that a lost, repeated or reordered byte shows.
func pattern(seed uint64, n int) []byte {
	p := make([]byte, n)
	for i := range p { // splitmix64 of the offset
		z := seed*0xD1B54A32D192ED03 + uint64(i)*0x9E3779B97F4A7C15
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		p[i] = byte(z ^ z>>31)
	}
	return p
}
