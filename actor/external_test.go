package actor_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// fakeExternal records what the runtime asks of an external actor.
type fakeExternal struct {
	mu        sync.Mutex
	delivered []any
	replies   []futures.Rejecter
	poisoned  int
	stopped   int
	watchers  map[actor.Watcher]bool
	refuse    error // returned by Deliver and Poison when set
	watched   chan actor.Watcher
}

func newFakeExternal() *fakeExternal {
	return &fakeExternal{watchers: make(map[actor.Watcher]bool), watched: make(chan actor.Watcher, 16)}
}

func (f *fakeExternal) Deliver(msg any, reply futures.Rejecter) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse != nil {
		return f.refuse
	}
	f.delivered = append(f.delivered, msg)
	f.replies = append(f.replies, reply)
	return nil
}

func (f *fakeExternal) Poison() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse != nil {
		return f.refuse
	}
	f.poisoned++
	return nil
}

func (f *fakeExternal) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped++
}

func (f *fakeExternal) Watch(w actor.Watcher) {
	f.mu.Lock()
	f.watchers[w] = true
	f.mu.Unlock()
	f.watched <- w
}

func (f *fakeExternal) Unwatch(w actor.Watcher) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.watchers, w)
}

func (f *fakeExternal) String() string { return "fake://node/actor" }

func (f *fakeExternal) snapshot() (delivered []any, poisoned, stopped, watchers int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]any(nil), f.delivered...), f.poisoned, f.stopped, len(f.watchers)
}

func TestExternalRefDelegates(t *testing.T) {
	sys := newSystem(t)
	ext := newFakeExternal()
	pid := actor.ExternalPID(sys, ext)
	ref := actor.ExternalRef[string](pid)

	require.False(t, ref.IsZero())
	require.Equal(t, pid, ref.PID())
	require.Equal(t, "fake://node/actor", ref.String())
	got, ok := pid.External()
	require.True(t, ok)
	require.Same(t, ext, got)

	require.NoError(t, ref.Send("a"))
	require.NoError(t, ref.SendContext(t.Context(), "b"))
	promise, _ := futures.NewPromise[int]()
	require.NoError(t, ref.SendRequest("c", promise))
	require.NoError(t, ref.Poison())
	ref.Stop()
	require.False(t, ref.Crowded())
	_, err := ref.Ready().Await(t.Context())
	require.NoError(t, err)

	delivered, poisoned, stopped, _ := ext.snapshot()
	require.Equal(t, []any{"a", "b", "c"}, delivered)
	require.Nil(t, ext.replies[0])
	require.NotNil(t, ext.replies[2])
	require.Equal(t, 1, poisoned)
	require.Equal(t, 1, stopped)

	refused := errors.New("peer down")
	ext.mu.Lock()
	ext.refuse = refused
	ext.mu.Unlock()
	require.ErrorIs(t, ref.Send("d"), refused)
	require.ErrorIs(t, ref.Poison(), refused)
}

func TestExternalRefOfALocalActorIsZero(t *testing.T) {
	sys := newSystem(t)
	local, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	_, ok := local.PID().External()
	require.False(t, ok)
	require.True(t, actor.ExternalRef[int](local.PID()).IsZero())
	_, ok = actor.PID{}.External()
	require.False(t, ok)
	require.True(t, actor.ExternalRef[int](actor.PID{}).IsZero())
}

// An actor watching an external actor hears of its end once, with the
// transport's reason, however often the transport reports it; an
// unwatched one does not hear of it.
func TestWatchExternal(t *testing.T) {
	sys := newSystem(t)
	ext := newFakeExternal()
	pid := actor.ExternalPID(sys, ext)
	gone := errors.New("node down")

	got := make(chan actor.Terminated, 4)
	watcher, err := actor.SpawnFunc(sys, func(ctx *actor.Context[any], m any) {
		switch m := m.(type) {
		case actor.PID:
			ctx.Watch(m, func(t actor.Terminated) any { return t })
		case actor.Terminated:
			got <- m
		}
	})
	require.NoError(t, err)
	require.NoError(t, watcher.Send(pid))
	w := recv(t, ext.watched)
	w.Terminated(gone)
	w.Terminated(gone)
	term := recv(t, got)
	require.Equal(t, pid, term.Actor)
	require.ErrorIs(t, term.Reason, gone)
	select {
	case extra := <-got:
		t.Fatalf("a second Terminated: %v", extra)
	case <-time.After(50 * time.Millisecond):
	}

	// PID.Terminated waits through the same watch.
	f := pid.Terminated()
	w2 := recv(t, ext.watched)
	w2.Terminated(gone)
	term, err = f.Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, pid, term.Actor)
	require.ErrorIs(t, term.Reason, gone)
}

func TestUnwatchExternal(t *testing.T) {
	sys := newSystem(t)
	ext := newFakeExternal()
	pid := actor.ExternalPID(sys, ext)
	unwatched := make(chan struct{})
	got := make(chan actor.Terminated, 1)
	watcher, err := actor.SpawnFunc(sys, func(ctx *actor.Context[any], m any) {
		switch m := m.(type) {
		case string:
			if m == "watch" {
				ctx.Watch(pid, func(t actor.Terminated) any { return t })
			} else {
				ctx.Unwatch(pid)
				close(unwatched)
			}
		case actor.Terminated:
			got <- m
		}
	})
	require.NoError(t, err)
	require.NoError(t, watcher.Send("watch"))
	w := recv(t, ext.watched)
	require.NoError(t, watcher.Send("unwatch"))
	recv(t, unwatched)
	require.Eventually(t, func() bool { _, _, _, n := ext.snapshot(); return n == 0 }, 5*time.Second, time.Millisecond)
	w.Terminated(errors.New("late"))
	select {
	case term := <-got:
		t.Fatalf("Terminated after Unwatch: %v", term)
	case <-time.After(50 * time.Millisecond):
	}
}

// A transport reports what it cannot deliver as the runtime does.
func TestSystemDeadLetter(t *testing.T) {
	sys := newSystem(t)
	dead := deadLetters(t, sys)
	pid := actor.ExternalPID(sys, newFakeExternal())
	lost := errors.New("lost")
	sys.DeadLetter(pid, "msg", lost)
	d := recv(t, dead)
	require.Equal(t, pid, d.Target)
	require.Equal(t, "msg", d.Message)
	require.ErrorIs(t, d.Reason, lost)
	m := sys.Metrics()
	require.EqualValues(t, 1, m.DeadLetters)
	require.EqualValues(t, 1, m.DeadLettersByReason["other"])
}

// crowdedExternal is a fakeExternal whose transport is crowded until
// drained.
type crowdedExternal struct {
	*fakeExternal
	mu      sync.Mutex
	crowded bool
	waiting []func()
}

func (c *crowdedExternal) Crowded() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.crowded }

func (c *crowdedExternal) WhenReady(fn func()) {
	c.mu.Lock()
	if !c.crowded {
		c.mu.Unlock()
		fn()
		return
	}
	c.waiting = append(c.waiting, fn)
	c.mu.Unlock()
}

func (c *crowdedExternal) drain() {
	c.mu.Lock()
	c.crowded = false
	waiting := c.waiting
	c.waiting = nil
	c.mu.Unlock()
	for _, fn := range waiting {
		fn()
	}
}

func TestExternalBackpressure(t *testing.T) {
	sys := newSystem(t)
	ext := &crowdedExternal{fakeExternal: newFakeExternal(), crowded: true}
	ref := actor.ExternalRef[int](actor.ExternalPID(sys, ext))
	require.True(t, ref.Crowded())
	ready := ref.Ready()
	select {
	case <-ready.Done():
		t.Fatal("ready while crowded")
	case <-time.After(20 * time.Millisecond):
	}
	ext.drain()
	_, err := ready.Await(t.Context())
	require.NoError(t, err)
	require.False(t, ref.Crowded())
}
