package actorsync_test

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/actorsync"
	"github.com/actorio/actorio/internal/testutil"
)

// seen is what a watching actor read: the versions, in order.
type seen struct {
	mu       sync.Mutex
	versions []uint64
	values   []string
}

func (s *seen) add(v string, version uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versions = append(s.versions, version)
	s.values = append(s.values, v)
}

func (s *seen) last() (string, uint64, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.versions) == 0 {
		return "", 0, 0
	}
	return s.values[len(s.values)-1], s.versions[len(s.versions)-1], len(s.versions)
}

// watcher spawns an actor that reads every Changed of w, after gate if
// gate is not nil.
func watcher(t *testing.T, sys *actor.System, w *actorsync.Watch[string], gate chan struct{}) (*seen, actor.Ref[actorsync.Changed[string]]) {
	s := &seen{}
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[actorsync.Changed[string]], c actorsync.Changed[string]) {
		if gate != nil {
			<-gate
		}
		s.add(c.Value())
	})
	require.NoError(t, err)
	w.Subscribe(ref)
	return s, ref
}

// TestWatch: a subscriber reads the current value at once, then each
// change.
func TestWatch(t *testing.T) {
	sys := newSystem(t)
	w := actorsync.NewWatch("v0")
	s, _ := watcher(t, sys, w, nil)
	require.Eventually(t, func() bool { v, _, _ := s.last(); return v == "v0" }, waitFor, time.Millisecond)
	w.Set("v1")
	require.Eventually(t, func() bool { v, ver, _ := s.last(); return v == "v1" && ver == 1 }, waitFor, time.Millisecond)
	w.Update(func(v string) string { return v + "+" })
	require.Eventually(t, func() bool { v, ver, _ := s.last(); return v == "v1+" && ver == 2 }, waitFor, time.Millisecond)
	v, ver := w.Get()
	require.Equal(t, "v1+", v)
	require.Equal(t, uint64(2), ver)
}

// TestWatchSlowSubscriber: a subscriber held up while the value changes
// a thousand times reads the latest value, a few times at most, never an
// older one after a newer one, and its mailbox never grows.
func TestWatchSlowSubscriber(t *testing.T) {
	sys := newSystem(t)
	w := actorsync.NewWatch("")
	gate := make(chan struct{})
	s, ref := watcher(t, sys, w, gate)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 250 {
				w.Set(string(rune('a'+g)) + string(rune('0'+i%10)))
			}
		})
	}
	wg.Wait()
	require.LessOrEqual(t, sys.Metrics().MailboxMax, 1, "one Changed at most waits")
	close(gate)
	final, version := w.Get()
	require.Equal(t, uint64(1000), version)
	require.Eventually(t, func() bool { _, v, _ := s.last(); return v == version }, waitFor, time.Millisecond)
	got, _, reads := s.last()
	require.Equal(t, final, got)
	require.LessOrEqual(t, reads, 3, "the changes were coalesced")
	s.mu.Lock()
	require.True(t, slices.IsSorted(s.versions), "never an older value after a newer one: %v", s.versions)
	s.mu.Unlock()
	_ = ref
}

// TestWatchUnsubscribe: the function Subscribe returns ends the
// subscription; a subscriber whose Send fails with ErrStopped is dropped
// at the next change, and SubscribeWatch's when the actor stops.
func TestWatchUnsubscribe(t *testing.T) {
	sys := newSystem(t)
	w := actorsync.NewWatch("")
	s, stays := watcher(t, sys, w, nil)
	qs, quits := watcher(t, sys, w, nil)
	require.Eventually(t, func() bool { _, _, a := s.last(); _, _, b := qs.last(); return a == 1 && b == 1 },
		waitFor, time.Millisecond, "both read the first value")
	require.Equal(t, 2, w.Subscribers())
	stopped := quits.PID().Terminated()
	quits.Stop()
	_, err := await[actor.Terminated](t, stopped)
	require.NoError(t, err)
	w.Set("x")
	require.Equal(t, 1, w.Subscribers())

	type msg struct{ c actorsync.Changed[string] }
	self, err := actor.SpawnFunc(sys, func(ctx *actor.Context[msg], m msg) {
		if m.c == (actorsync.Changed[string]{}) {
			actorsync.SubscribeWatch(ctx, w, func(c actorsync.Changed[string]) msg { return msg{c} })
		}
	})
	require.NoError(t, err)
	require.NoError(t, self.Send(msg{}))
	require.Eventually(t, func() bool { return w.Subscribers() == 2 }, waitFor, time.Millisecond)
	self.Stop()
	require.Eventually(t, func() bool { return w.Subscribers() == 1 }, waitFor, time.Millisecond)

	unsubscribe := w.Subscribe(stays)
	require.Equal(t, 2, w.Subscribers())
	unsubscribe()
	unsubscribe()
	require.Equal(t, 1, w.Subscribers())
}

// flaky fails its first Send.
type flaky struct {
	mu    sync.Mutex
	calls int
	got   chan actorsync.Changed[int]
}

func (f *flaky) Send(c actorsync.Changed[int]) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls == 1 {
		return errors.New("full")
	}
	f.got <- c
	return nil
}

// TestWatchSendFails: a subscriber whose Send failed is told again at the
// next change.
func TestWatchSendFails(t *testing.T) {
	w := actorsync.NewWatch(0)
	f := &flaky{got: make(chan actorsync.Changed[int], 4)}
	w.Subscribe(f) // the first Send fails
	w.Set(7)
	c := testutil.Recv(t, f.got, "the retried Changed")
	v, ver := c.Value()
	require.Equal(t, 7, v)
	require.Equal(t, uint64(1), ver)
	require.Equal(t, 1, w.Subscribers())
}

// TestWatchUpdatePanics: an Update whose function panics leaves the value
// and the Watch as they were.
func TestWatchUpdatePanics(t *testing.T) {
	w := actorsync.NewWatch(1)
	require.Panics(t, func() { w.Update(func(int) int { panic("bad update") }) })
	v, version := w.Get()
	require.Equal(t, 1, v)
	require.Zero(t, version)
	w.Set(2) // not deadlocked
	v, _ = w.Get()
	require.Equal(t, 2, v)
}
