package reactor_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// TestBlockedHandlerDoesNotFreezeItsLoop: a connection's handler blocks
// on its event loop (the only one), on a channel, as a careless handler
// would on a database call. The watchdog sees the turn like a worker's
// (a SlowHandler with the handler's stack, the actor running with turn=
// in the dump) and the loop is handed to a new goroutine: the loop's
// other connections keep echoing, and a new one is accepted and served,
// all while the handler is still blocked. Once it returns, its own
// connection goes on too.
func TestBlockedHandlerDoesNotFreezeItsLoop(t *testing.T) {
	e := newEnvWith(t, engines[0], []actor.Option{actor.WithWatchdog(100 * time.Millisecond)}, reactor.WithLoops(1))
	if e.r.Portable() {
		t.Skip("no event loops on this platform")
	}
	sub := e.sys.Subscribe(64)
	defer sub.Close()
	release := make(chan struct{})
	blocked := make(chan struct{})
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(func(*reactor.Conn) ioFunc {
		return func(c *reactor.Conn, ev reactor.Event) {
			if _, ok := ev.(reactor.Readable); !ok {
				return
			}
			in := c.Next(c.Buffered())
			if bytes.HasPrefix(in, []byte("block")) {
				close(blocked)
				blockingCall(release)
			}
			_, _ = c.Write(in)
		}
	}))
	require.NoError(t, err)
	addr := ln.Addr().String()

	stuck := dialTCP(t, addr)
	stuckRef := e.tr.nextRef(t)
	bystander := dialTCP(t, addr)
	_ = e.tr.nextRef(t)
	echoOnce(t, bystander, "before")
	echoOnce(t, stuck, "hello")

	_, err = stuck.Write([]byte("block"))
	require.NoError(t, err)
	recv(t, blocked, "the handler to block")

	slow := nextSlowHandler(t, sub)
	require.Equal(t, stuckRef.PID(), slow.Actor)
	require.Contains(t, string(slow.Stack), "blockingCall", "the stack of the blocked handler")
	require.Contains(t, string(slow.Stack), "reactor.(*loop)", "blocked on the event loop, not a worker")

	for i := range 100 {
		echoOnce(t, bystander, "while blocked "+strings.Repeat("x", i))
	}
	latecomer := dialTCP(t, addr)
	_ = e.tr.nextRef(t)
	echoOnce(t, latecomer, "new connection")

	var dump strings.Builder
	require.NoError(t, e.sys.Dump(&dump))
	line := dumpLine(dump.String(), stuckRef.PID().String())
	require.Contains(t, line, " running ", dump.String())
	require.Contains(t, line, " turn=", dump.String())
	require.Equal(t, uint64(1), e.r.Metrics().Handoffs)
	require.GreaterOrEqual(t, e.sys.Metrics().SlowHandlers, uint64(1))

	close(release)
	got := make([]byte, len("block"))
	_, err = io.ReadFull(stuck, got)
	require.NoError(t, err)
	require.Equal(t, "block", string(got))
	echoOnce(t, stuck, "after")
	echoOnce(t, bystander, "after")
	require.Equal(t, uint64(1), e.r.Metrics().Handoffs)
}

// blockingCall waits for release: it stands for a call that blocks, and
// names the frame in the stack the watchdog reports.
//
//go:noinline
func blockingCall(release <-chan struct{}) { <-release }

// nextSlowHandler returns the next SlowHandler event of sub.
func nextSlowHandler(t *testing.T, sub *actor.Subscription) actor.SlowHandler {
	t.Helper()
	for {
		if s, ok := recv(t, sub.C(), "a SlowHandler event").(actor.SlowHandler); ok {
			return s
		}
	}
}

// dumpLine returns the line of the Dump text about the actor at path.
func dumpLine(dump, path string) string {
	for line := range strings.Lines(dump) {
		if strings.HasPrefix(strings.TrimSpace(line), path+" ") {
			return line
		}
	}
	return ""
}
