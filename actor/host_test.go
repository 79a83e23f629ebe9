package actor_test

import (
	"bytes"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// TestHostTurnIsWatched: a turn that a Host runs with RaiseHere and that
// blocks is seen as a worker's would be: running with its duration in
// Snapshot and Dump, one SlowHandler with the Host goroutine's stack,
// counted in Metrics, and handed to the Host's stuck callback, which
// retires the Host: the RaiseHere running the turn then reports false.
func TestHostTurnIsWatched(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t, actor.WithWatchdog(100*time.Millisecond))
		sub := sys.Subscribe(16)
		defer sub.Close()
		ref := sigSpawn(t, sys)
		gate := make(chan struct{})
		sig := sigNew(t, ref, func(*actor.Context[sigMsg], uint32) { <-gate })
		synctest.Wait() // the actor is idle

		var stuck atomic.Int32
		retired := make(chan [2]bool, 1) // the first Retire, and a second
		kept := make(chan bool, 1)
		go func() {
			h := sys.NewHost("test loop", func(h *actor.Host) {
				stuck.Add(1)
				retired <- [2]bool{h.Retire(), h.Retire()}
			})
			defer h.Close()
			kept <- hostRaise(sig, h)
		}()

		var slow actor.SlowHandler
		for e := range sub.C() {
			if s, ok := e.(actor.SlowHandler); ok {
				slow = s
				break
			}
		}
		require.Equal(t, ref.PID(), slow.Actor)
		require.Contains(t, string(slow.Stack), "hostRaise", "the Host goroutine's stack")
		require.Equal(t, uint64(1), sys.Metrics().SlowHandlers)
		synctest.Wait()
		require.Equal(t, int32(1), stuck.Load())
		require.Equal(t, [2]bool{true, false}, <-retired, "a Host in a turn can be retired, once")

		var info actor.ActorInfo
		for _, a := range sys.Snapshot() {
			if a.Path == ref.PID().String() {
				info = a
			}
		}
		require.Equal(t, actor.StateRunning, info.State)
		require.GreaterOrEqual(t, info.TurnRunning, 100*time.Millisecond)
		var dump bytes.Buffer
		require.NoError(t, sys.Dump(&dump))
		require.Contains(t, dump.String(), ref.PID().String()+" running")
		require.Contains(t, dump.String(), " turn=")

		time.Sleep(time.Second) // still stuck: reported and handed over once
		synctest.Wait()
		require.Equal(t, int32(1), stuck.Load())
		require.Equal(t, uint64(1), sys.Metrics().SlowHandlers)

		close(gate)
		require.False(t, <-kept, "RaiseHere reports the retirement once the turn returns")
	})
}

// TestHostNotRetiredBetweenTurns: Retire does nothing to a Host that is
// not in a turn, and a Host that was not retired keeps running turns.
func TestHostNotRetiredBetweenTurns(t *testing.T) {
	sys := newSystem(t)
	ref := sigSpawn(t, sys)
	var runs atomic.Int32
	sig := sigNew(t, ref, func(*actor.Context[sigMsg], uint32) { runs.Add(1) })
	h := sys.NewHost("idle", nil)
	defer h.Close()
	require.False(t, h.Retire())
	require.Eventually(t, func() bool {
		return hostRaise(sig, h) && runs.Load() > 0
	}, time.Second*10, time.Millisecond)
	require.False(t, h.Retire())
	h.Close()
	h.Close() // again: nothing
}

// TestHostStuckNotCalledWithWatchdogOff: with the watchdog off, nothing
// watches a Host.
func TestHostStuckNotCalledWithWatchdogOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t, actor.WithWatchdog(0))
		ref := sigSpawn(t, sys)
		gate := make(chan struct{})
		sig := sigNew(t, ref, func(*actor.Context[sigMsg], uint32) { <-gate })
		synctest.Wait()
		var stuck atomic.Int32
		done := make(chan bool)
		go func() {
			h := sys.NewHost("unwatched", func(*actor.Host) { stuck.Add(1) })
			defer h.Close()
			done <- hostRaise(sig, h)
		}()
		time.Sleep(time.Minute)
		synctest.Wait()
		require.Zero(t, stuck.Load())
		require.Zero(t, sys.Metrics().SlowHandlers)
		close(gate)
		require.True(t, <-done)
	})
}

// hostRaise raises sig on Host h, from a frame the Host's stack shows.
//
//go:noinline
func hostRaise(sig *actor.Signal[sigMsg], h *actor.Host) bool { return sig.RaiseHere(h, 1) }

// TestHostRaiseHereWhereItCannot: RaiseHere on a Host that cannot run
// the turn still delivers the Signal, through the actor's mailbox: a
// closed Host, and a Host opened while MaxHosts others are, which has no
// number; such a Host's number, once one closes, serves the next Host.
func TestHostRaiseHereWhereItCannot(t *testing.T) {
	sys := newSystem(t)
	ref := sigSpawn(t, sys)
	runs := make(chan bool, 8) // whether the run was on the raiser's goroutine, under hostRaise
	sig := sigNew(t, ref, func(*actor.Context[sigMsg], uint32) {
		runs <- bytes.Contains(debug.Stack(), []byte("hostRaise"))
	})
	waitIdle(t, sys)
	raise := func(h *actor.Host) bool {
		t.Helper()
		require.True(t, hostRaise(sig, h))
		here := recv(t, runs)
		waitIdle(t, sys)
		return here
	}

	closed := sys.NewHost("closed", nil)
	closed.Close()
	require.False(t, raise(closed), "a closed Host runs no turn")

	hosts := make([]*actor.Host, actor.MaxHosts)
	for i := range hosts {
		hosts[i] = sys.NewHost("numbered", nil)
	}
	require.True(t, raise(hosts[len(hosts)-1]))
	extra := sys.NewHost("unnumbered", nil)
	require.False(t, raise(extra), "no number left for it")
	hosts[7].Close()
	again := sys.NewHost("renumbered", nil)
	require.True(t, raise(again), "the number the closed Host gave back")
	require.False(t, raise(hosts[7]))
	require.True(t, raise(hosts[8]), "the others keep theirs")
	require.False(t, raise(extra))
}
