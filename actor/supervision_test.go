package actor_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// worker is a stateful actor that records its lifecycle on a channel and
// panics on negative messages.
type worker struct {
	seen   int
	events chan<- string
	gate   chan struct{} // message 0 waits for it, if set
}

func (w *worker) Receive(_ *actor.Context[int], n int) {
	if n < 0 {
		panic("negative")
	}
	if n == 0 && w.gate != nil {
		<-w.gate
	}
	w.seen++
	w.events <- "msg"
}
func (w *worker) Started(*actor.Context[int])                 { w.events <- "started" }
func (w *worker) Restarting(_ *actor.Context[int], err error) { w.events <- "restarting" }
func (w *worker) Stopped(*actor.Context[int])                 { w.events <- "stopped" }

func spawnWorker(t *testing.T, parent actor.Parent, events chan string, opts ...actor.SpawnOption) actor.Ref[int] {
	t.Helper()
	ref, err := actor.Spawn(parent, func() actor.Actor[int] { return &worker{events: events} }, opts...)
	require.NoError(t, err)
	return ref
}

// TestDirectives: a panic suspends the actor, the failing message goes to
// dead letters with the panic, and the messages queued behind it survive
// both Resume and Restart.
func TestDirectives(t *testing.T) {
	tests := []struct {
		name string
		give actor.Directive
		want []string // lifecycle after the failure
	}{
		{"Restart", actor.Restart, []string{"restarting", "started", "msg", "msg"}},
		{"Resume", actor.Resume, []string{"msg", "msg"}},
		{"Stop", actor.Stop, []string{"stopped"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := newSystem(t, actor.WithSystemSupervisor(actor.OneForOne(
				actor.WithDecider(func(error) actor.Directive { return tt.give }))))
			dead := deadLetters(t, sys)
			failures := sys.Subscribe(16)
			events := make(chan string, 16)
			gate := make(chan struct{})
			ref, err := actor.Spawn(sys, func() actor.Actor[int] { return &worker{events: events, gate: gate} })
			require.NoError(t, err)
			require.Equal(t, "started", recv(t, events))
			// Queue the failing message and two behind it while 0 holds
			// the actor, so all three are queued when it fails.
			require.NoError(t, ref.Send(0))
			require.NoError(t, ref.Send(-1))
			require.NoError(t, ref.Send(1))
			require.NoError(t, ref.Send(2))
			close(gate)
			require.Equal(t, "msg", recv(t, events))

			d := recv(t, dead)
			require.Equal(t, -1, d.Message)
			var pe *actor.PanicError
			require.ErrorAs(t, d.Reason, &pe)
			require.Equal(t, "negative", pe.Value)
			require.NotEmpty(t, pe.Stack)
			for _, want := range tt.want {
				require.Equal(t, want, recv(t, events))
			}
			if tt.give == actor.Stop {
				for range 2 { // the queued messages
					require.ErrorIs(t, recv(t, dead).Reason, actor.ErrStopped)
				}
			}
			for e := range failures.C() {
				if f, ok := e.(actor.Failure); ok {
					require.Equal(t, tt.give, f.Directive)
					require.Equal(t, ref.PID(), f.Actor)
					break
				}
			}
			failures.Close()
		})
	}
}

func TestRestartMakesAFreshInstance(t *testing.T) {
	sys := newSystem(t)
	states := make(chan int, 8)
	ref, err := actor.Spawn(sys, func() actor.Actor[int] {
		count := 0
		return actor.ReceiveFunc[int](func(_ *actor.Context[int], n int) {
			if n < 0 {
				panic("reset me")
			}
			count++
			states <- count
		})
	})
	require.NoError(t, err)
	for _, n := range []int{1, 1, -1, 1} {
		require.NoError(t, ref.Send(n))
	}
	require.Equal(t, []int{1, 2, 1}, []int{recv(t, states), recv(t, states), recv(t, states)})
}

func TestRestartLimitStopsTheChild(t *testing.T) {
	sys := newSystem(t)
	terminated := make(chan actor.Terminated, 1)
	events := make(chan string, 64)
	parentReady := make(chan actor.Ref[int], 1)
	// The parent supervises with a limit of 2 restarts a minute and watches
	// its child.
	parent, err := actor.SpawnFunc(sys, func(ctx *actor.Context[any], m any) {
		switch m := m.(type) {
		case string:
			child, err := actor.Spawn(ctx, func() actor.Actor[int] { return &worker{events: events} })
			if err != nil {
				panic(err)
			}
			ctx.Watch(child.PID(), func(t actor.Terminated) any { return t })
			parentReady <- child
		case actor.Terminated:
			terminated <- m
		}
	}, actor.WithSupervisor(actor.OneForOne(actor.WithRestartLimit(2, time.Minute, actor.Stop))))
	require.NoError(t, err)
	require.NoError(t, parent.Send("spawn"))
	child := recv(t, parentReady)
	for range 3 {
		require.NoError(t, child.Send(-1))
	}
	term := recv(t, terminated)
	require.Equal(t, child.PID(), term.Actor)
	require.ErrorIs(t, term.Reason, actor.ErrRestartLimit)
	require.Equal(t, uint64(2), sys.Metrics().ActorsRestarted)
}

func TestAllForOneRestartsSiblings(t *testing.T) {
	sys := newSystem(t)
	events := make(chan string, 64)
	kids := make(chan actor.Ref[int], 2)
	parent, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		for range 2 {
			kids <- spawnWorker(t, ctx, events)
		}
	}, actor.WithSupervisor(actor.AllForOne()))
	require.NoError(t, err)
	require.NoError(t, parent.Send(0))
	a, _ := recv(t, kids), recv(t, kids)
	require.Equal(t, []string{"started", "started"}, []string{recv(t, events), recv(t, events)})
	require.NoError(t, a.Send(-1))
	got := map[string]int{}
	for range 4 {
		got[recv(t, events)]++
	}
	require.Equal(t, map[string]int{"restarting": 2, "started": 2}, got, "both siblings restart")
}

// TestEscalateToTheTop: a child escalates; the parent's own supervisor
// (the system's, here also escalating) has nobody above, so the system
// logs and stops that top-level subtree.
func TestEscalateToTheTop(t *testing.T) {
	escalate := actor.WithDecider(func(error) actor.Directive { return actor.Escalate })
	sys := newSystem(t, actor.WithSystemSupervisor(actor.OneForOne(escalate)))
	events := make(chan string, 16)
	kids := make(chan actor.Ref[int], 1)
	parentEvents := make(chan string, 16)
	parent, err := actor.Spawn(sys, func() actor.Actor[int] {
		return &parentActor{events: parentEvents, spawn: func(ctx *actor.Context[int]) {
			kids <- spawnWorker(t, ctx, events)
		}}
	}, actor.WithSupervisor(actor.OneForOne(escalate)))
	require.NoError(t, err)
	require.NoError(t, parent.Send(0))
	child := recv(t, kids)
	require.Equal(t, "started", recv(t, events))
	require.NoError(t, child.Send(-1))
	require.Equal(t, "stopped", recv(t, events), "the child stops before its parent")
	require.Equal(t, "stopped", recv(t, parentEvents))
	// Stopped runs just before the mailbox closes; sends fail right after.
	for err := parent.Send(1); !errors.Is(err, actor.ErrStopped); err = parent.Send(1) {
		require.NoError(t, err)
		runtime.Gosched()
	}
}

type parentActor struct {
	events chan<- string
	spawn  func(*actor.Context[int])
}

func (p *parentActor) Receive(ctx *actor.Context[int], _ int) { p.spawn(ctx) }
func (p *parentActor) Stopped(*actor.Context[int])            { p.events <- "stopped" }

// TestBackoffDelaysRestart runs in a synctest bubble, so the backoff is
// measured on the fake clock and the test does not sleep.
func TestBackoffDelaysRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys, err := actor.NewSystem(actor.WithSystemSupervisor(actor.OneForOne(actor.WithBackoff(30*time.Millisecond, time.Second))))
		require.NoError(t, err)
		events := make(chan string, 16)
		ref := spawnWorker(t, sys, events)
		require.Equal(t, "started", <-events)
		start := time.Now()
		require.NoError(t, ref.Send(-1))
		require.Equal(t, "restarting", <-events)
		require.Equal(t, "started", <-events)
		require.Equal(t, 30*time.Millisecond, time.Since(start))
		require.NoError(t, sys.Shutdown(context.Background()))
	})
}

func TestDirectiveString(t *testing.T) {
	for d, want := range map[actor.Directive]string{actor.Restart: "Restart", actor.Resume: "Resume",
		actor.Stop: "Stop", actor.Escalate: "Escalate", actor.Directive(7): "Directive(7)"} {
		require.Equal(t, want, d.String())
	}
	require.True(t, errors.Is(&actor.PanicError{Value: actor.ErrStopped}, actor.ErrStopped))
}
