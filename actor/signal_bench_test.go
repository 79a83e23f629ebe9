package actor_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actorio/actorio/actor"
)

// benchSignalled is an actor with a Signal embedded, made in Started, as a
// network connection's actor has one: each run counts, and ran (if set)
// hears of it.
type benchSignalled struct {
	sig  actor.Signal[int]
	runs atomic.Int64
	ran  chan struct{}
	made chan struct{} // closed once sig is made
}

func (a *benchSignalled) Receive(*actor.Context[int], int) {}

func (a *benchSignalled) Started(ctx *actor.Context[int]) {
	actor.InitSignal[int](&a.sig, ctx, a)
	close(a.made)
}

func (a *benchSignalled) HandleSignal(*actor.Context[int], uint32) {
	a.runs.Add(1)
	if a.ran != nil {
		a.ran <- struct{}{}
	}
}

// benchSignalActor spawns a benchSignalled and waits until its Signal is
// made.
func benchSignalActor(b *testing.B, sys *actor.System, ran chan struct{}) *benchSignalled {
	b.Helper()
	a := &benchSignalled{ran: ran, made: make(chan struct{})}
	if _, err := actor.Spawn(sys, func() actor.Actor[int] { return a }); err != nil {
		b.Fatal(err)
	}
	<-a.made
	return a
}

// BenchmarkSignal: a Signal raised from outside its actor; one op is one
// raise and the run of its handler.
//
//   - raise: Raise, the run on a dispatcher worker, and the raiser waiting
//     for it (a channel send from the handler); beside "chan", a goroutine
//     woken by a channel and answering on another.
//   - raise-here: RaiseHere on a Host, the run on the raising goroutine, as
//     a network event loop does for an idle connection; beside "call",
//     the handler called directly under a mutex, which is what the loop
//     would do without actors.
func BenchmarkSignal(b *testing.B) {
	b.Run("raise/actor", func(b *testing.B) {
		sys := benchSystem(b)
		ran := make(chan struct{})
		a := benchSignalActor(b, sys, ran)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			a.sig.Raise(1)
			<-ran
		}
	})
	b.Run("raise/chan", func(b *testing.B) {
		req, rep := make(chan uint32), make(chan struct{})
		var runs int
		go func() {
			for range req {
				runs++
				rep <- struct{}{}
			}
		}()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			req <- 1
			<-rep
		}
		close(req)
	})
	b.Run("raise-here/actor", func(b *testing.B) {
		sys := benchSystem(b)
		a := benchSignalActor(b, sys, nil)
		h := sys.NewHost("bench", nil)
		defer h.Close()
		// Until the first turn has ended, a raise goes to a worker: wait
		// for one that runs here.
		for before := a.runs.Load(); ; before = a.runs.Load() {
			a.sig.RaiseHere(h, 1)
			if a.runs.Load() == before+1 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		start := a.runs.Load()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			a.sig.RaiseHere(h, 1)
		}
		b.StopTimer()
		if got := a.runs.Load() - start; got != int64(b.N) {
			b.Fatalf("%d runs on the raising goroutine, want %d", got, b.N)
		}
	})
	b.Run("raise-here/call", func(b *testing.B) {
		var mu sync.Mutex
		a := &benchSignalled{}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			mu.Lock()
			a.HandleSignal(nil, 1)
			mu.Unlock()
		}
	})
}
