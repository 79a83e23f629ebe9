package actor_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/mailbox"
)

// The messages of a master with a sealed interface, and of a worker that
// replies with a plain int.
type (
	masterMsg interface{ isMasterMsg() }
	gotInt    struct{ n int }
	gotText   struct{ s string }
	squareReq struct {
		n     int
		reply actor.Ref[int]
	}
)

func (gotInt) isMasterMsg()  {}
func (gotText) isMasterMsg() {}

// TestAdapt: a worker that replies to a Ref[int] replies to a master that
// takes a sealed interface, through an adapter; the adapter is the
// master in every respect but its message type.
func TestAdapt(t *testing.T) {
	sys := newSystem(t)
	got := make(chan masterMsg, 4)
	master, err := actor.SpawnFunc(sys, func(_ *actor.Context[masterMsg], m masterMsg) { got <- m })
	require.NoError(t, err)
	worker, err := actor.SpawnFunc(sys, func(_ *actor.Context[squareReq], m squareReq) {
		require.NoError(t, m.reply.Send(m.n*m.n))
	})
	require.NoError(t, err)

	replies := actor.Adapt(master, func(n int) masterMsg { return gotInt{n} })
	require.False(t, replies.IsZero())
	require.Equal(t, master.PID(), replies.PID())
	require.Equal(t, master.String(), replies.String())
	require.NoError(t, worker.Send(squareReq{n: 7, reply: replies}))
	require.Equal(t, masterMsg(gotInt{49}), testutil.Recv(t, got, "the adapted reply"))
	require.NoError(t, replies.SendContext(context.Background(), 3))
	require.Equal(t, masterMsg(gotInt{3}), testutil.Recv(t, got, "the SendContext"))

	// Adapters of adapters compose.
	lengths := actor.Adapt(replies, func(s string) int { return len(s) })
	require.NoError(t, lengths.Send("four"))
	require.Equal(t, masterMsg(gotInt{4}), testutil.Recv(t, got, "the twice adapted message"))

	// Stopping through the adapter stops the master, and watching the
	// adapter's PID watches the master.
	stopped := replies.PID().Terminated()
	replies.Stop()
	_, err = stopped.Await(context.Background())
	require.NoError(t, err)
	require.ErrorIs(t, replies.Send(1), actor.ErrStopped)
}

// TestAdaptRequest: futures.Ask through an adapter converts the request
// and the adapted actor completes its promise.
func TestAdaptRequest(t *testing.T) {
	sys := newSystem(t)
	type lookup struct {
		key   string
		reply futures.Promise[int]
	}
	store, err := actor.SpawnFunc(sys, func(_ *actor.Context[lookup], m lookup) {
		_ = m.reply.Resolve(len(m.key))
	})
	require.NoError(t, err)
	type byKey struct {
		key   string
		reply futures.Promise[int]
	}
	adapted := actor.Adapt(store, func(m byKey) lookup { return lookup(m) })
	n, err := futures.Ask(adapted, func(p futures.Promise[int]) byKey { return byKey{"abc", p} }, time.Minute).
		Await(context.Background())
	require.NoError(t, err)
	require.Equal(t, 3, n)
}

// TestAdaptPanics: a conversion that panics fails its send with
// ErrAdapterPanicked and a dead letter, fails a request at its asker, and
// harms no other send.
func TestAdaptPanics(t *testing.T) {
	sys := newSystem(t)
	dead := testutil.DeadLetters(t, sys)
	got := make(chan int, 4)
	target, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) { got <- n })
	require.NoError(t, err)
	adapted := actor.Adapt(target, func(s string) int {
		if s == "" {
			panic("empty")
		}
		return len(s)
	})
	err = adapted.Send("")
	require.ErrorIs(t, err, actor.ErrAdapterPanicked)
	require.ErrorContains(t, err, "empty")
	d := testutil.Recv(t, dead, "the dead letter")
	require.ErrorIs(t, d.Reason, actor.ErrAdapterPanicked)
	require.Equal(t, "", d.Message)
	require.Equal(t, target.PID(), d.Target)

	_, err = futures.Ask(adapted, func(futures.Promise[int]) string { return "" }, time.Minute).Await(context.Background())
	require.ErrorIs(t, err, actor.ErrAdapterPanicked)

	require.NoError(t, adapted.Send("ok"))
	require.Equal(t, 2, testutil.Recv(t, got, "a later message"))
}

// TestAdaptBackpressure: Poison, Crowded and Ready are the adapted
// actor's.
func TestAdaptBackpressure(t *testing.T) {
	sys := newSystem(t)
	release := make(chan struct{})
	target, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n == 0 {
			<-release
		}
	}, actor.WithMailbox(mailbox.Config{HighWater: 2, LowWater: 1}))
	require.NoError(t, err)
	adapted := actor.Adapt(target, func(b bool) int {
		if b {
			return 1
		}
		return 0
	})
	require.NoError(t, adapted.Send(false)) // blocks the actor
	require.Eventually(t, func() bool {
		_ = adapted.Send(true)
		return adapted.Crowded()
	}, 10*time.Second, time.Millisecond)
	require.Equal(t, target.Crowded(), adapted.Crowded())
	ready := adapted.Ready()
	close(release)
	_, err = ready.Await(context.Background())
	require.NoError(t, err)

	stopped := target.PID().Terminated()
	require.NoError(t, adapted.Poison())
	_, err = stopped.Await(context.Background())
	require.NoError(t, err)
}

// TestAdaptZero: the zero Ref adapts to the zero Ref, and a nil
// conversion is a programming error.
func TestAdaptZero(t *testing.T) {
	z := actor.Adapt(actor.Ref[string]{}, strconv.Itoa)
	require.True(t, z.IsZero())
	require.ErrorIs(t, z.Send(1), actor.ErrNoActor)
	sys := newSystem(t)
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	require.Panics(t, func() { actor.Adapt[string](ref, nil) })
}

// TestAdaptExternal: an adapter in front of an external actor converts
// and delivers to the transport.
func TestAdaptExternal(t *testing.T) {
	sys := newSystem(t)
	fake := newFakeExternal()
	ref := actor.ExternalRef[int](actor.ExternalPID(sys, fake))
	adapted := actor.Adapt(ref, func(s string) int { return len(s) })
	require.NoError(t, adapted.Send("abc"))
	require.Equal(t, []any{3}, fake.delivered)
	require.Equal(t, ref.PID(), adapted.PID())
}

// TestRefOf: a PID gives a typed Ref only for the actor's own message
// type.
func TestRefOf(t *testing.T) {
	sys := newSystem(t)
	ints, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	sealed, err := actor.SpawnFunc(sys, func(*actor.Context[masterMsg], masterMsg) {})
	require.NoError(t, err)
	parent := make(chan actor.PID, 1)
	top, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) { parent <- ctx.Parent() })
	require.NoError(t, err)
	require.NoError(t, top.Send(0))
	root := testutil.Recv(t, parent, "the root")

	r, ok := actor.RefOf[int](ints.PID())
	require.True(t, ok)
	require.Equal(t, ints, r)
	_, ok = actor.RefOf[string](ints.PID())
	require.False(t, ok, "another type")
	_, ok = actor.RefOf[gotInt](sealed.PID())
	require.False(t, ok, "a type that implements the actor's interface is not its type")
	s, ok := actor.RefOf[masterMsg](sealed.PID())
	require.True(t, ok)
	require.Equal(t, sealed, s)
	_, ok = actor.RefOf[int](actor.PID{})
	require.False(t, ok, "zero PID")
	_, ok = actor.RefOf[int](root)
	require.False(t, ok, "the root")

	fake := newFakeExternal()
	x, ok := actor.RefOf[int](actor.ExternalPID(sys, fake))
	require.True(t, ok, "the transport checks an external actor's type")
	require.NoError(t, x.Send(5))
	require.Equal(t, []any{5}, fake.delivered)
}

// TestPIDSend: a child replies to its parent, which takes a sealed
// interface, through its PID; a message of another type is refused and
// dead-lettered.
func TestPIDSend(t *testing.T) {
	sys := newSystem(t)
	dead := testutil.DeadLetters(t, sys)
	got := make(chan masterMsg, 1)
	errs := make(chan error, 2)
	parent, err := actor.SpawnFunc(sys, func(ctx *actor.Context[masterMsg], m masterMsg) {
		if m == (gotText{"spawn"}) {
			child, err := actor.SpawnFunc(ctx, func(c *actor.Context[int], _ int) {
				errs <- c.Parent().Send(gotText{"hello"})
				errs <- c.Parent().Send(42)
			})
			require.NoError(t, err)
			require.NoError(t, child.Send(0))
			return
		}
		got <- m
	})
	require.NoError(t, err)
	require.NoError(t, parent.Send(gotText{"spawn"}))
	require.NoError(t, testutil.Recv(t, errs, "the first send"))
	require.Equal(t, masterMsg(gotText{"hello"}), testutil.Recv(t, got, "the reply"))
	err = testutil.Recv(t, errs, "the second send")
	require.ErrorIs(t, err, actor.ErrWrongType)
	require.ErrorContains(t, err, "int for")
	d := testutil.Recv(t, dead, "the dead letter")
	require.Equal(t, 42, d.Message)
	require.True(t, errors.Is(d.Reason, actor.ErrWrongType))

	require.ErrorIs(t, actor.PID{}.Send(1), actor.ErrNoActor)
}
