//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/netpoll"
)

func TestWakeUnblocksWait(t *testing.T) {
	p := newPoller(t)
	done := waitAsync(p, -1)
	time.Sleep(quiet) // most likely blocked in the kernel by now; either way it must return
	require.NoError(t, p.Wake())
	r := receive(t, done)
	require.NoError(t, r.err)
	require.Zero(t, r.n)
	require.EqualValues(t, 1, netpoll.Woken(p))
}

func TestWakeBeforeWaitMakesNextWaitReturn(t *testing.T) {
	p := newPoller(t)
	require.NoError(t, p.Wake())
	r := receive(t, waitAsync(p, -1))
	require.NoError(t, r.err)
	require.Zero(t, r.n)
	require.EqualValues(t, 1, netpoll.Woken(p))
}

func TestWakesCoalesce(t *testing.T) {
	p := newPoller(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				if err := p.Wake(); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()

	r := receive(t, waitAsync(p, -1))
	require.NoError(t, r.err)
	require.Zero(t, r.n)
	require.EqualValues(t, 1, netpoll.Woken(p), "8000 Wakes before one Wait are one wakeup")

	// Nothing else is pending: the next Wait times out.
	requireQuiet(t, p)
	require.EqualValues(t, 1, netpoll.Woken(p))

	// And the wakeup is armed again.
	require.NoError(t, p.Wake())
	r = receive(t, waitAsync(p, -1))
	require.NoError(t, r.err)
	require.EqualValues(t, 2, netpoll.Woken(p))
}

// TestWakeLosesNothing is the event-loop contract: work queued before a
// Wake is seen by a Wait that returns after it. A lost wakeup leaves the
// loop blocked in Wait(-1) until the watchdog closes the poller.
func TestWakeLosesNothing(t *testing.T) {
	const producers, perProducer = 4, 2000
	p := newPoller(t)
	watchdog := time.AfterFunc(patience, func() { _ = p.Close() })
	defer watchdog.Stop()

	var queued atomic.Int64
	var wg sync.WaitGroup
	for range producers {
		wg.Go(func() {
			for range perProducer {
				queued.Add(1)
				if err := p.Wake(); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}

	defer wg.Wait()

	events := make([]netpoll.Event, 4)
	seen, waits := int64(0), 0
	for seen < producers*perProducer {
		_, err := p.Wait(events, -1)
		require.NoError(t, err, "lost wakeup: saw %d of %d", seen, producers*perProducer)
		seen = queued.Load()
		waits++
	}
	require.Equal(t, int64(producers*perProducer), seen)
	require.LessOrEqual(t, netpoll.Woken(p), uint64(waits))
	t.Logf("%d wakes cost %d wakeups", producers*perProducer, netpoll.Woken(p))
}

func TestWaitTimeout(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
	}{
		{name: "poll", timeout: 0},
		{name: "sub-millisecond rounds up", timeout: time.Nanosecond},
		{name: "short", timeout: 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPoller(t)
			r := receive(t, waitAsync(p, tt.timeout))
			require.NoError(t, r.err)
			require.Zero(t, r.n)
			require.Zero(t, netpoll.Woken(p))
		})
	}
}
