package remote_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
)

// Messages of the request tests.
type (
	// Get asks for a key's value with futures.Ask.
	Get struct {
		Key   string
		Reply futures.Promise[Value]
	}
	// Watch carries a reply-to Ref, as a message an actor answers later.
	Subscribe struct {
		Topic string
		To    actor.Ref[Value]
	}
	Value struct {
		Key, Val string
		Owner    actor.Ref[Get] // a Ref inside the reply too
	}
)

// askRegistry registers the request tests' types beside the others.
func askRegistry(t *testing.T) *codec.Registry {
	t.Helper()
	r := registry(t, false)
	require.NoError(t, codec.Register[Get](r, "test.Get"))
	require.NoError(t, codec.Register[Subscribe](r, "test.Subscribe"))
	require.NoError(t, codec.Register[Value](r, "test.Value"))
	return r
}

func askPair(t *testing.T) (a, b *remote.Node) {
	t.Helper()
	a = startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(askRegistry(t)))
	b = startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(askRegistry(t)))
	return a, b
}

// store answers Get with its value, never answers the key "silent", and
// stops before answering the key "die".
func spawnStore(t *testing.T, n *remote.Node) actor.Ref[Get] {
	t.Helper()
	ref, err := actor.SpawnFunc(n.System(), func(ctx *actor.Context[Get], g Get) {
		switch g.Key {
		case "silent":
		case "die":
			ctx.Stop()
		default:
			_ = g.Reply.Resolve(Value{Key: g.Key, Val: "v-" + g.Key, Owner: ctx.Self()})
		}
	})
	require.NoError(t, err)
	require.NoError(t, remote.Register(n, "store", ref))
	return ref
}

func ask(store actor.Ref[Get], key string, timeout time.Duration) futures.Future[Value] {
	return futures.Ask(store, func(p futures.Promise[Value]) Get { return Get{Key: key, Reply: p} }, timeout)
}

func TestAskAcrossNodes(t *testing.T) {
	a, b := askPair(t)
	local := spawnStore(t, a)
	store := lookup[Get](t, b, "store")

	v, err := ask(store, "k", 10*time.Second).Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, "v-k", v.Val)
	// The Ref inside the reply points at the store: on b, an external
	// Ref equal to the one Lookup gave; asking through it works too.
	require.Equal(t, store, v.Owner)
	v, err = ask(v.Owner, "again", 10*time.Second).Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, "v-again", v.Val)

	t.Run("many in flight", func(t *testing.T) {
		fs := make([]futures.Future[Value], 1000)
		for i := range fs {
			fs[i] = ask(store, string(rune('a'+i%26)), 10*time.Second)
		}
		vs, err := futures.All(fs...).Await(t.Context())
		require.NoError(t, err)
		for i, v := range vs {
			require.Equal(t, "v-"+string(rune('a'+i%26)), v.Val)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		_, err := ask(store, "silent", 50*time.Millisecond).Await(t.Context())
		require.ErrorIs(t, err, futures.ErrTimeout)
	})
	t.Run("the actor stops without replying", func(t *testing.T) {
		_, err := ask(store, "die", 10*time.Second).Await(t.Context())
		require.ErrorIs(t, err, futures.ErrBrokenPromise)
		var re *remote.RemoteError
		require.ErrorAs(t, err, &re)
		require.Equal(t, a.ID(), re.Node)
		_, err = local.PID().Terminated().Await(t.Context())
		require.NoError(t, err)
	})
	t.Run("the actor is gone", func(t *testing.T) {
		_, err := ask(store, "k", 10*time.Second).Await(t.Context())
		require.Error(t, err)
		require.True(t, errors.Is(err, actor.ErrStopped) || errors.Is(err, remote.ErrUnknownActor), err)
	})
}

// A request to a node that goes down fails with ErrNodeDown, not at its
// timeout.
func TestAskNodeDown(t *testing.T) {
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(askRegistry(t)))
	b := startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(askRegistry(t)))
	spawnStore(t, b)
	store := lookup[Get](t, a, "store")
	f := ask(store, "silent", time.Minute)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.Close(ctx))
	_, err := f.Await(t.Context())
	require.ErrorIs(t, err, remote.ErrNodeDown)
}

// A reply-to Ref inside a message reaches back to its actor on the
// sending node.
func TestReplyToRefAcrossNodes(t *testing.T) {
	a, b := askPair(t)
	pub, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Subscribe], s Subscribe) {
		_ = s.To.Send(Value{Key: s.Topic, Val: "first"})
		_ = s.To.Send(Value{Key: s.Topic, Val: "second"})
	})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "pub", pub))

	got := make(chan Value, 2)
	sub, err := actor.SpawnFunc(b.System(), func(_ *actor.Context[Value], v Value) { got <- v })
	require.NoError(t, err)
	require.NoError(t, lookup[Subscribe](t, b, "pub").Send(Subscribe{Topic: "news", To: sub}))
	require.Equal(t, "first", recv(t, got).Val)
	require.Equal(t, "second", recv(t, got).Val)
}

// PipeTo sends a future's result to an actor of another node.
func TestPipeToAcrossNodes(t *testing.T) {
	a, b := askPair(t)
	got := make(chan Value, 1)
	sink, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Value], v Value) { got <- v })
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "sink", sink))
	remoteSink := lookup[Value](t, b, "sink")
	futures.PipeTo(futures.Resolved(Value{Val: "piped"}), remoteSink, func(v Value, err error) Value { return v })
	require.Equal(t, "piped", recv(t, got).Val)
}

// Outside a transport, a Ref or a Promise refuses to be encoded.
func TestRefsNeedATransport(t *testing.T) {
	reg := askRegistry(t)
	sys := newSystem(t)
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[Get], Get) {})
	require.NoError(t, err)
	_, _, err = reg.Encode(nil, Value{Owner: ref})
	require.ErrorIs(t, err, actor.ErrNoTransport)
	p, _ := futures.NewPromise[Value]()
	_, _, err = reg.Encode(nil, Get{Reply: p})
	require.ErrorIs(t, err, futures.ErrNoTransport)
}

// subscriberMsg is what a subscriber with a sealed interface takes: the
// Values it subscribed to, adapted, and its own messages.
type (
	subscriberMsg interface{ isSubscriberMsg() }
	gotValue      struct{ v Value }
	ownMsg        struct{}
)

func (gotValue) isSubscriberMsg() {}
func (ownMsg) isSubscriberMsg()   {}

// An adapted Ref inside a message reaches back across nodes: the other
// node sends the adapter's type, and the actor gets the conversion. Each
// adapter value is one address; sends to it from the other node arrive
// in order.
func TestAdaptedRefAcrossNodes(t *testing.T) {
	a, b := askPair(t)
	pub, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Subscribe], s Subscribe) {
		for _, val := range []string{"first", "second", "third"} {
			_ = s.To.Send(Value{Key: s.Topic, Val: val})
		}
	})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "pub", pub))

	got := make(chan subscriberMsg, 4)
	sub, err := actor.SpawnFunc(b.System(), func(_ *actor.Context[subscriberMsg], m subscriberMsg) { got <- m })
	require.NoError(t, err)
	values := actor.Adapt(sub, func(v Value) subscriberMsg { return gotValue{v} })
	require.NoError(t, lookup[Subscribe](t, b, "pub").SendContext(t.Context(), Subscribe{Topic: "news", To: values}))
	for _, want := range []string{"first", "second", "third"} {
		m := recv(t, got)
		require.IsType(t, gotValue{}, m)
		require.Equal(t, want, m.(gotValue).v.Val)
	}
}
