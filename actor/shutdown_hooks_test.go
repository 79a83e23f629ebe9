package actor_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
)

// hookTree is an actor that spawns kids children like itself when it
// starts. It reports each start, and counts the Stopped hooks that ran.
type hookTree struct {
	kids    int
	started chan<- struct{}
	stopped *atomic.Int32
}

func (a *hookTree) Receive(*actor.Context[int], int) {}

func (a *hookTree) Started(ctx *actor.Context[int]) {
	for range a.kids {
		if _, err := actor.Spawn(ctx, func() actor.Actor[int] {
			return &hookTree{started: a.started, stopped: a.stopped}
		}); err != nil {
			panic(err)
		}
	}
	a.started <- struct{}{}
}

func (a *hookTree) Stopped(*actor.Context[int]) { a.stopped.Add(1) }

// hookLog records which hooks ran, in order.
type hookLog struct {
	mu  sync.Mutex
	ran []string
}

func (l *hookLog) add(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ran = append(l.ran, name)
}

func (l *hookLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.ran...)
}

// shutdownWithin calls sys.Shutdown with a context that only a deadlock
// would see expire.
func shutdownWithin(sys *actor.System) error {
	ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
	defer cancel()
	return sys.Shutdown(ctx)
}

var errHookBoom = errors.New("hook test: boom")

// TestOnShutdownRunsHooksAfterActors: hooks run once every actor of the
// tree has stopped (its Stopped hook has run), one at a time, the last
// registered first, each exactly once however often Shutdown is called.
// While they run, the system still takes blocking work but no new actor.
func TestOnShutdownRunsHooksAfterActors(t *testing.T) {
	const parents, kids = 3, 4
	const tree = parents * (1 + kids)
	sys := newSystem(t)
	started := make(chan struct{}, tree)
	var stopped atomic.Int32
	for range parents {
		_, err := actor.Spawn(sys, func() actor.Actor[int] {
			return &hookTree{kids: kids, started: started, stopped: &stopped}
		})
		require.NoError(t, err)
	}
	for range tree {
		recv(t, started)
	}

	type seen struct {
		stopped int32
		alive   uint64
		submit  error
		spawn   error
	}
	var log hookLog
	var mu sync.Mutex
	seenBy := make(map[string]seen)
	hook := func(name string) func(context.Context) error {
		return func(ctx context.Context) error {
			log.add(name)
			s := seen{stopped: stopped.Load(), alive: sys.Metrics().ActorsAlive}
			ran := make(chan struct{})
			if s.submit = sys.Submit(func() { close(ran) }); s.submit == nil {
				select {
				case <-ran:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			_, s.spawn = actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
			mu.Lock()
			seenBy[name] = s
			mu.Unlock()
			return nil
		}
	}

	// The first hook is registered by an actor, as a reactor would be.
	registered := make(chan error, 1)
	registrar, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		registered <- ctx.System().OnShutdown(hook("from an actor"))
	})
	require.NoError(t, err)
	require.NoError(t, registrar.Send(0))
	require.NoError(t, recv(t, registered))
	for i := 1; i <= 3; i++ {
		require.NoError(t, sys.OnShutdown(hook(fmt.Sprint("hook ", i))))
	}

	require.NoError(t, shutdownWithin(sys))
	want := []string{"hook 3", "hook 2", "hook 1", "from an actor"}
	require.Equal(t, want, log.all())
	mu.Lock()
	defer mu.Unlock()
	for _, name := range want {
		s := seenBy[name]
		require.EqualValues(t, tree, s.stopped, "%s: Stopped hooks run before it", name)
		require.Zero(t, s.alive, "%s: live actors", name)
		require.NoError(t, s.submit, "%s: blocking pool released too early", name)
		require.ErrorIs(t, s.spawn, actor.ErrShutdown, "%s: spawn", name)
	}

	// Once Shutdown has succeeded, no hook runs again.
	require.NoError(t, shutdownWithin(sys))
	require.Equal(t, want, log.all())
}

// TestOnShutdownHookFails: a failing hook makes Shutdown return a
// *ShutdownError wrapping its error, with the hooks registered before it
// not yet run; the next Shutdown runs the failed hook again, then those.
// A hook that has succeeded is never run again.
func TestOnShutdownHookFails(t *testing.T) {
	tests := []struct {
		name     string
		failures int // how many times hook "b" fails
	}{
		{name: "once", failures: 1},
		{name: "twice", failures: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := newSystem(t)
			var log hookLog
			var bCalls int
			register := func(name string, fn func() error) {
				require.NoError(t, sys.OnShutdown(func(context.Context) error {
					log.add(name)
					return fn()
				}))
			}
			register("a", func() error { return nil })
			register("b", func() error {
				bCalls++
				if bCalls <= tt.failures {
					return fmt.Errorf("b, call %d: %w", bCalls, errHookBoom)
				}
				return nil
			})
			register("c", func() error { return nil })

			var want []string
			for i := range tt.failures {
				err := shutdownWithin(sys)
				var se *actor.ShutdownError
				require.ErrorAs(t, err, &se, "attempt %d", i+1)
				require.ErrorIs(t, err, errHookBoom)
				require.Empty(t, se.Remaining, "every actor had stopped")
				if i == 0 {
					want = append(want, "c")
				}
				want = append(want, "b")
				require.Equal(t, want, log.all(), "attempt %d", i+1)
				require.ErrorIs(t, sys.OnShutdown(func(context.Context) error { return nil }), actor.ErrShutdown,
					"no registration between attempts")
			}
			require.NoError(t, shutdownWithin(sys))
			want = append(want, "b", "a")
			require.Equal(t, want, log.all())
			require.NoError(t, shutdownWithin(sys))
			require.Equal(t, want, log.all(), "nothing runs twice once done")
		})
	}
}

// TestOnShutdownAfterShutdownBegan: OnShutdown returns ErrShutdown, and
// the function never runs, once Shutdown has begun: after it returned,
// while actors stop, and while hooks run (from a goroutine a hook waits
// for, as a reactor's hook waits for its event loops).
func TestOnShutdownAfterShutdownBegan(t *testing.T) {
	tests := []struct {
		name string
		// register calls OnShutdown at the moment under test and returns
		// its result; it may use Shutdown to get there.
		register func(t *testing.T, sys *actor.System, fn func(context.Context) error) error
	}{
		{
			name: "after Shutdown returned",
			register: func(t *testing.T, sys *actor.System, fn func(context.Context) error) error {
				require.NoError(t, shutdownWithin(sys))
				return sys.OnShutdown(fn)
			},
		},
		{
			name: "while actors stop",
			register: func(t *testing.T, sys *actor.System, fn func(context.Context) error) error {
				got := make(chan error, 1)
				_, err := actor.Spawn(sys, func() actor.Actor[int] { return hookRegistrar{fn: fn, got: got} })
				require.NoError(t, err)
				require.NoError(t, shutdownWithin(sys))
				return recv(t, got)
			},
		},
		{
			name: "while hooks run",
			register: func(t *testing.T, sys *actor.System, fn func(context.Context) error) error {
				got := make(chan error, 1)
				require.NoError(t, sys.OnShutdown(func(ctx context.Context) error {
					done := make(chan error, 1)
					go func() { done <- sys.OnShutdown(fn) }()
					select {
					case err := <-done:
						got <- err
					case <-time.After(testutil.Guard / 2): // within shutdownWithin's guard
						got <- errors.New("OnShutdown blocked while a hook ran")
					}
					return nil
				}))
				require.NoError(t, shutdownWithin(sys))
				return recv(t, got)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := newSystem(t)
			var calls atomic.Int32
			err := tt.register(t, sys, func(context.Context) error { calls.Add(1); return nil })
			require.ErrorIs(t, err, actor.ErrShutdown)
			require.NoError(t, shutdownWithin(sys))
			require.Zero(t, calls.Load(), "a hook refused must not run")
		})
	}
}

// hookRegistrar calls OnShutdown from its Stopping hook.
type hookRegistrar struct {
	fn  func(context.Context) error
	got chan<- error
}

func (hookRegistrar) Receive(*actor.Context[int], int) {}

func (r hookRegistrar) Stopping(ctx *actor.Context[int]) { r.got <- ctx.System().OnShutdown(r.fn) }

type hookKey struct{}

// TestOnShutdownHookGetsShutdownContext: each hook runs with the context
// given to Shutdown. A hook that waits for it to end returns ctx.Err(),
// which Shutdown returns as a *ShutdownError wrapping
// context.DeadlineExceeded; a later Shutdown runs it again with its own
// context, then the hooks registered before it.
func TestOnShutdownHookGetsShutdownContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t)
		var log hookLog
		require.NoError(t, sys.OnShutdown(func(ctx context.Context) error {
			log.add(fmt.Sprint("first registered, ", ctx.Value(hookKey{})))
			return nil
		}))
		require.NoError(t, sys.OnShutdown(func(ctx context.Context) error {
			log.add(fmt.Sprint("waits, ", ctx.Value(hookKey{})))
			if ctx.Value(hookKey{}) == "first" {
				<-ctx.Done()
				return ctx.Err()
			}
			return nil
		}))

		start := time.Now()
		first, cancel := context.WithTimeout(context.WithValue(context.Background(), hookKey{}, "first"), time.Second)
		defer cancel()
		err := sys.Shutdown(first)
		var se *actor.ShutdownError
		require.ErrorAs(t, err, &se)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Empty(t, se.Remaining)
		require.Equal(t, time.Second, time.Since(start), "the hook waited for the deadline")
		require.Equal(t, []string{"waits, first"}, log.all())

		second := context.WithValue(context.Background(), hookKey{}, "second")
		require.NoError(t, sys.Shutdown(second))
		require.Equal(t, []string{"waits, first", "waits, second", "first registered, second"}, log.all())
	})
}

// TestShutdownDeadlineWhileAnotherRunsHooks: a Shutdown called while
// another Shutdown is running a slow hook still returns when its own
// context ends, as Shutdown promises, and the hook runs only once.
func TestShutdownDeadlineWhileAnotherRunsHooks(t *testing.T) {
	sys := newSystem(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	require.NoError(t, sys.OnShutdown(func(context.Context) error {
		calls.Add(1)
		close(entered)
		<-release
		return nil
	}))
	firstDone := make(chan error, 1)
	go func() { firstDone <- sys.Shutdown(context.Background()) }()
	recv(t, entered)

	expired, cancel := context.WithCancel(context.Background())
	cancel()
	secondDone := make(chan error, 1)
	go func() { secondDone <- sys.Shutdown(expired) }()
	var second error
	select {
	case second = <-secondDone:
	case <-time.After(testutil.Guard):
		t.Error("Shutdown ignored its context while another Shutdown ran a hook")
		close(release) // let both finish, so the test ends cleanly
		<-secondDone
		require.NoError(t, recv(t, firstDone))
		return
	}
	var se *actor.ShutdownError
	require.ErrorAs(t, second, &se)
	require.ErrorIs(t, second, context.Canceled)
	close(release)
	require.NoError(t, recv(t, firstDone))
	require.EqualValues(t, 1, calls.Load())
}
