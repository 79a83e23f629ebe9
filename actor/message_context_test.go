package actor_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/testutil"
)

type traceKey struct{}

func traceOf(ctx context.Context) string {
	s, _ := ctx.Value(traceKey{}).(string)
	return s
}

// TestMessageContext: a context sent with a message reaches its handler,
// the messages the handler sends on with it, and the continuations it
// starts; a message sent without one has the background context.
func TestMessageContext(t *testing.T) {
	sys := newSystem(t)
	seen := make(chan string, 8)
	second, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], m string) {
		seen <- m + ":" + traceOf(ctx.MessageContext())
	})
	require.NoError(t, err)
	first, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], m string) {
		seen <- m + ":" + traceOf(ctx.MessageContext())
		_ = second.SendContext(ctx.MessageContext(), "passed on")
		actor.Await(ctx, futures.Resolved(1), func(int, error) {
			seen <- "continuation:" + traceOf(ctx.MessageContext())
		})
	})
	require.NoError(t, err)

	traced := context.WithValue(context.Background(), traceKey{}, "t1")
	require.NoError(t, first.SendContext(traced, "sent"))
	got := map[string]bool{}
	for range 3 {
		got[testutil.Recv(t, seen, "a handler")] = true
	}
	require.Equal(t, map[string]bool{"sent:t1": true, "passed on:t1": true, "continuation:t1": true}, got)

	require.NoError(t, first.Send("plain"))
	got = map[string]bool{}
	for range 3 {
		got[testutil.Recv(t, seen, "a handler")] = true
	}
	require.Equal(t, map[string]bool{"plain:": true, "passed on:": true, "continuation:": true}, got)
}

// TestAskContext: the request carries the context; a context done before
// the reply fails the ask and rejects the request's promise.
func TestAskContext(t *testing.T) {
	sys := newSystem(t)
	type req struct {
		reply futures.Promise[string]
		hold  bool
	}
	held := make(chan futures.Promise[string], 1)
	server, err := actor.SpawnFunc(sys, func(ctx *actor.Context[req], m req) {
		if m.hold {
			held <- m.reply
			return
		}
		_ = m.reply.Resolve(traceOf(ctx.MessageContext()))
	})
	require.NoError(t, err)

	traced := context.WithValue(context.Background(), traceKey{}, "t2")
	v, err := futures.AskContext(traced, server, func(p futures.Promise[string]) req { return req{reply: p} }).
		Await(context.Background())
	require.NoError(t, err)
	require.Equal(t, "t2", v)

	short, cancel := context.WithTimeout(traced, 20*time.Millisecond)
	defer cancel()
	_, err = futures.AskContext(short, server, func(p futures.Promise[string]) req { return req{reply: p, hold: true} }).
		Await(context.Background())
	require.ErrorIs(t, err, context.DeadlineExceeded)
	p := testutil.Recv(t, held, "the held request")
	require.True(t, p.Completed(), "the asker rejected it")

	done, cancelDone := context.WithCancel(context.Background())
	cancelDone()
	_, err = futures.AskContext(done, server, func(p futures.Promise[string]) req { return req{reply: p} }).
		Await(context.Background())
	require.ErrorIs(t, err, context.Canceled)
}

// TestTurnHook: the hook sees each message with its sender's context, its
// context is the handler's, and its end runs after the handler, a panic
// included.
func TestTurnHook(t *testing.T) {
	type event struct {
		what, trace string
		actor       actor.PID
		msg         any
	}
	var mu sync.Mutex
	var events []event
	record := func(e event) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}
	hook := func(ctx context.Context, turn actor.Turn) (context.Context, func(bool)) {
		record(event{"start", traceOf(ctx), turn.Actor, turn.Message})
		return context.WithValue(ctx, traceKey{}, traceOf(ctx)+"+hook"), func(panicked bool) {
			record(event{"end", map[bool]string{false: "returned", true: "panicked"}[panicked], turn.Actor, turn.Message})
		}
	}
	sys := newSystem(t, actor.WithTurnHook(hook))
	seen := make(chan string, 4)
	ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], m string) {
		seen <- traceOf(ctx.MessageContext())
		if m == "panic" {
			panic("in the handler")
		}
	})
	require.NoError(t, err)
	require.NoError(t, ref.SendContext(context.WithValue(context.Background(), traceKey{}, "t3"), "hello"))
	require.Equal(t, "t3+hook", testutil.Recv(t, seen, "the handler's context"))
	require.NoError(t, ref.Send("panic"))
	require.Equal(t, "+hook", testutil.Recv(t, seen, "the second handler"))
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(events) == 4 }, 10*time.Second, time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, []event{
		{"start", "t3", ref.PID(), "hello"}, {"end", "returned", ref.PID(), "hello"},
		{"start", "", ref.PID(), "panic"}, {"end", "panicked", ref.PID(), "panic"},
	}, events)
}

// TestMessageContextPanic: a message sent with a context whose handler
// panics is a dead letter, as any other message.
func TestMessageContextPanic(t *testing.T) {
	sys := newSystem(t)
	dead := testutil.DeadLetters(t, sys)
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[string], string) { panic("boom") })
	require.NoError(t, err)
	require.NoError(t, ref.SendContext(context.WithValue(context.Background(), traceKey{}, "t"), "lost?"))
	d := testutil.Recv(t, dead, "the dead letter")
	require.Equal(t, "lost?", d.Message)
	var pe *actor.PanicError
	require.ErrorAs(t, d.Reason, &pe)
}
