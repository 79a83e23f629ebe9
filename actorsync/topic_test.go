package actorsync_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/actorsync"
)

// listener records what a subscriber actor takes.
type listener struct {
	mu     sync.Mutex
	values []int
	lagged uint64
	takes  int
}

func (l *listener) got() (values []int, lagged uint64, takes int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int(nil), l.values...), l.lagged, l.takes
}

// listen spawns a subscriber of tp that takes every Delivery, after gate
// if gate is not nil.
func listen(t *testing.T, sys *actor.System, tp *actorsync.Topic[int], gate chan struct{}) (*listener, actor.Ref[actorsync.Delivery[int]]) {
	l := &listener{}
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[actorsync.Delivery[int]], d actorsync.Delivery[int]) {
		if gate != nil {
			<-gate
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		var lagged uint64
		l.values, lagged = d.Take(l.values)
		l.lagged += lagged
		l.takes++
	})
	require.NoError(t, err)
	tp.Subscribe(ref)
	return l, ref
}

// TestTopic: every subscriber gets every value, in order.
func TestTopic(t *testing.T) {
	sys := newSystem(t)
	tp := actorsync.NewTopic[int](1024)
	a, _ := listen(t, sys, tp, nil)
	b, _ := listen(t, sys, tp, nil)
	for i := range 500 {
		require.Equal(t, 2, tp.Publish(i))
	}
	want := make([]int, 500)
	for i := range want {
		want[i] = i
	}
	for _, l := range []*listener{a, b} {
		require.Eventually(t, func() bool { v, _, _ := l.got(); return len(v) == 500 }, waitFor, time.Millisecond)
		v, lagged, _ := l.got()
		require.Equal(t, want, v)
		require.Zero(t, lagged)
	}
}

// TestTopicLagging: a subscriber held up while 1,000 values go out keeps
// the newest 8 and is told it lost the rest; a fast one loses nothing;
// the slow one's mailbox never holds more than one Delivery.
func TestTopicLagging(t *testing.T) {
	sys := newSystem(t)
	tp := actorsync.NewTopic[int](8)
	gate := make(chan struct{})
	slow, _ := listen(t, sys, tp, gate)
	fast, _ := listen(t, sys, tp, nil)
	for i := range 1000 {
		tp.Publish(i)
		if i%4 == 3 { // the fast one keeps up
			require.Eventually(t, func() bool { v, _, _ := fast.got(); return len(v) == i+1 }, waitFor, time.Microsecond)
		}
	}
	require.LessOrEqual(t, sys.Metrics().MailboxMax, 1)
	close(gate)
	require.Eventually(t, func() bool { v, lagged, _ := slow.got(); return uint64(len(v))+lagged == 1000 }, waitFor, time.Millisecond)
	v, lagged, _ := slow.got()
	require.Equal(t, []int{992, 993, 994, 995, 996, 997, 998, 999}, v)
	require.Equal(t, uint64(992), lagged)
	fv, flagged, _ := fast.got()
	require.Len(t, fv, 1000)
	require.Zero(t, flagged)
}

// TestTopicPublishers: values from concurrent publishers all arrive or
// are counted lost, and each publisher's arrive in its order.
func TestTopicPublishers(t *testing.T) {
	sys := newSystem(t)
	tp := actorsync.NewTopic[int](64)
	l, _ := listen(t, sys, tp, nil)
	const publishers, each = 4, 2000
	var wg sync.WaitGroup
	for p := range publishers {
		wg.Go(func() {
			for i := range each {
				tp.Publish(p*each + i)
			}
		})
	}
	wg.Wait()
	require.Eventually(t, func() bool {
		v, lagged, _ := l.got()
		return uint64(len(v))+lagged == publishers*each
	}, waitFor, time.Millisecond)
	v, _, _ := l.got()
	last := map[int]int{}
	for _, x := range v {
		p := x / each
		if prev, ok := last[p]; ok {
			require.Greater(t, x, prev, "publisher %d out of order", p)
		}
		last[p] = x
	}
}

// TestTopicUnsubscribe: unsubscribe ends a subscription, a stopped
// subscriber is dropped at the next Publish, and SubscribeTopic's when
// its actor stops.
func TestTopicUnsubscribe(t *testing.T) {
	sys := newSystem(t)
	tp := actorsync.NewTopic[int](4)
	_, quits := listen(t, sys, tp, nil)
	stopped := quits.PID().Terminated()
	quits.Stop()
	_, err := await[actor.Terminated](t, stopped)
	require.NoError(t, err)
	require.Equal(t, 1, tp.Subscribers())
	require.Equal(t, 1, tp.Publish(1))
	require.Zero(t, tp.Subscribers())

	var n atomic.Int32
	type msg struct{ d actorsync.Delivery[int] }
	self, err := actor.SpawnFunc(sys, func(ctx *actor.Context[msg], m msg) {
		if m.d == (actorsync.Delivery[int]{}) {
			actorsync.SubscribeTopic(ctx, tp, func(d actorsync.Delivery[int]) msg { return msg{d} })
			return
		}
		v, _ := m.d.Take(nil)
		n.Add(int32(len(v)))
	})
	require.NoError(t, err)
	require.NoError(t, self.Send(msg{}))
	require.Eventually(t, func() bool { return tp.Subscribers() == 1 }, waitFor, time.Millisecond)
	tp.Publish(5)
	require.Eventually(t, func() bool { return n.Load() == 1 }, waitFor, time.Millisecond)
	self.Stop()
	require.Eventually(t, func() bool { return tp.Subscribers() == 0 }, waitFor, time.Millisecond)

	l, ref := listen(t, sys, tp, nil)
	unsubscribe := tp.Subscribe(ref) // a second subscription of the same actor
	require.Equal(t, 2, tp.Subscribers())
	unsubscribe()
	unsubscribe()
	require.Equal(t, 1, tp.Subscribers())
	_ = l
	require.Panics(t, func() { actorsync.NewTopic[int](0) })
}

// panicky is a Sender whose Send panics.
type panicky[M any] struct{}

func (panicky[M]) Send(M) error { panic("hostile subscriber") }

// TestHostileSubscribers: a subscriber whose Send panics is dropped, the
// publisher goes on, and the other subscribers get everything.
func TestHostileSubscribers(t *testing.T) {
	sys := newSystem(t)
	tp := actorsync.NewTopic[int](16)
	tp.Subscribe(panicky[actorsync.Delivery[int]]{})
	good, _ := listen(t, sys, tp, nil)
	require.NotPanics(t, func() { tp.Publish(1) })
	require.Equal(t, 1, tp.Subscribers(), "the hostile one is gone")
	tp.Publish(2)
	require.Eventually(t, func() bool { v, _, _ := good.got(); return len(v) == 2 }, waitFor, time.Millisecond)

	w := actorsync.NewWatch(0)
	require.NotPanics(t, func() { w.Subscribe(panicky[actorsync.Changed[int]]{}) })
	require.Zero(t, w.Subscribers())
	require.NotPanics(t, func() { w.Set(1) })
}
