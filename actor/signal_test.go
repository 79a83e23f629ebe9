package actor_test

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
)

// sigMsg is the message of the actors in these tests: a function that the
// actor runs, so that each test says what happens inside the actor.
type sigMsg func(ctx *actor.Context[sigMsg])

func sigReceive(ctx *actor.Context[sigMsg], m sigMsg) { m(ctx) }

// sigReserved is the bit of the flags that Signal keeps for itself.
const sigReserved = uint32(1) << 31

// sigPlacements are the two ways an actor runs: on the dispatcher's
// workers, or on a goroutine of its own.
var sigPlacements = []struct {
	name string
	opts []actor.SpawnOption
}{
	{name: "pooled"},
	{name: "dedicated", opts: []actor.SpawnOption{actor.WithDedicatedGoroutine()}},
}

// sigRaisers are the two ways to raise a Signal from outside its actor.
var sigRaisers = []struct {
	name  string
	raise func(sys *actor.System, s *actor.Signal[sigMsg], flags uint32)
}{
	{name: "Raise", raise: func(_ *actor.System, s *actor.Signal[sigMsg], flags uint32) { s.Raise(flags) }},
	{name: "RaiseHere", raise: raiseHere},
}

// raiseHere calls s.RaiseHere on a Host made for the call.
func raiseHere(sys *actor.System, s *actor.Signal[sigMsg], flags uint32) {
	h := sys.NewHost("test", nil)
	defer h.Close()
	s.RaiseHere(h, flags)
}

// sigSpawn spawns a top-level actor that runs the functions sent to it.
func sigSpawn(t *testing.T, sys *actor.System, opts ...actor.SpawnOption) actor.Ref[sigMsg] {
	t.Helper()
	ref, err := actor.SpawnFunc(sys, sigReceive, opts...)
	require.NoError(t, err)
	return ref
}

// sigDo runs fn inside the actor of ref, as a message, and returns once it
// has run.
func sigDo(t *testing.T, ref actor.Ref[sigMsg], fn func(ctx *actor.Context[sigMsg])) {
	t.Helper()
	done := make(chan struct{})
	require.NoError(t, ref.Send(func(ctx *actor.Context[sigMsg]) { fn(ctx); close(done) }))
	recv(t, done)
}

// sigNew makes a Signal for the actor of ref with fn as its callback.
func sigNew(t *testing.T, ref actor.Ref[sigMsg], fn func(ctx *actor.Context[sigMsg], flags uint32)) *actor.Signal[sigMsg] {
	t.Helper()
	var s *actor.Signal[sigMsg]
	sigDo(t, ref, func(ctx *actor.Context[sigMsg]) { s = actor.NewSignal(ctx, actor.SignalFunc[sigMsg](fn)) })
	return s
}

// sigBlock makes the actor of ref wait in a handler until release is
// called, and returns once the handler has begun.
func sigBlock(t *testing.T, ref actor.Ref[sigMsg]) (release func()) {
	t.Helper()
	entered, gate := make(chan struct{}), make(chan struct{})
	require.NoError(t, ref.Send(func(*actor.Context[sigMsg]) { close(entered); <-gate }))
	recv(t, entered)
	return sync.OnceFunc(func() { close(gate) })
}

// sigMarker is a flag no test raises but through sigRuns.quiet.
const sigMarker = uint32(1) << 29

// sigRuns hands the flags of each run of a Signal's callback to the test.
type sigRuns chan uint32

func newSigRuns() sigRuns { return make(sigRuns, 1024) }

func (r sigRuns) run(_ *actor.Context[sigMsg], flags uint32) { r <- flags }

// expect waits for the next len(want) runs and checks their flags.
func (r sigRuns) expect(t *testing.T, want []uint32) {
	t.Helper()
	var got []uint32
	for range want {
		got = append(got, recv(t, r))
	}
	require.Equal(t, want, got)
}

// quiet checks that no run is due: a raise of sigMarker makes the next run,
// and that run sees sigMarker alone. A bit raised earlier and not yet
// delivered would come with it (or in a run before it), so this is the
// point up to which a raise that did nothing is seen to do nothing.
func (r sigRuns) quiet(t *testing.T, sig *actor.Signal[sigMsg]) {
	t.Helper()
	sig.Raise(sigMarker)
	require.Equal(t, sigMarker, recv(t, r), "a run was due, or bits were left over")
}

// TestSignalRunsInsideTheActor: the callback runs inside the actor, never
// at the same time as its handler, with the context of that actor and
// flags that were raised. The actor's state is shared by both without
// locks, so -race proves the point too. No raise is lost: once every
// Raise has returned, a last raise brings every bit still undelivered.
func TestSignalRunsInsideTheActor(t *testing.T) {
	const raisers, raises, sends = 4, 300, 500
	const want = uint32(1)<<raisers - 1
	for _, pl := range sigPlacements {
		for _, rs := range sigRaisers {
			t.Run(pl.name+"/"+rs.name, func(t *testing.T) {
				sys := newSystem(t)
				ref := sigSpawn(t, sys, pl.opts...)

				// The actor's state, unsynchronised on purpose.
				var (
					n, runs, wrongCtx int
					union             uint32
					bad               []uint32 // flags that should never be passed
				)
				// A second witness, for builds without -race.
				var inside, overlaps atomic.Int32
				enter := func() {
					if inside.Add(1) != 1 {
						overlaps.Add(1)
					}
				}
				leave := func() { inside.Add(-1) }
				marked := make(chan struct{})

				sig := sigNew(t, ref, func(ctx *actor.Context[sigMsg], f uint32) {
					enter()
					defer leave()
					n++
					runs++
					if f == 0 || f&^(want|sigMarker) != 0 {
						bad = append(bad, f)
					}
					if ctx.Self() != ref {
						wrongCtx++
					}
					union |= f
					if f&sigMarker != 0 {
						close(marked)
					}
				})

				var wg sync.WaitGroup
				for g := range raisers {
					wg.Go(func() {
						for range raises {
							rs.raise(sys, sig, 1<<g)
						}
					})
				}
				wg.Go(func() {
					for range sends {
						if err := ref.Send(func(*actor.Context[sigMsg]) { enter(); n++; leave() }); err != nil {
							t.Errorf("send: %v", err)
							return
						}
					}
				})
				wg.Wait()
				sig.Raise(sigMarker)
				recv(t, marked)

				var gotN, gotRuns, gotWrongCtx int
				var gotUnion uint32
				var gotBad []uint32
				sigDo(t, ref, func(*actor.Context[sigMsg]) {
					gotN, gotRuns, gotWrongCtx, gotUnion, gotBad = n, runs, wrongCtx, union, append([]uint32(nil), bad...)
				})
				require.Zero(t, overlaps.Load(), "a callback ran alongside a handler")
				require.Empty(t, gotBad, "flags never raised, zero, or with the reserved bit")
				require.Zero(t, gotWrongCtx, "the callback got another actor's context")
				require.Equal(t, want|sigMarker, gotUnion, "some raised bits were never delivered")
				require.Equal(t, sends+gotRuns, gotN, "every handler and every run counted once")
				require.GreaterOrEqual(t, gotRuns, 1)
				require.LessOrEqual(t, gotRuns, raisers*raises+1)
			})
		}
	}
}

// TestSignalCoalescesWhileBusy: while the actor is busy, in a handler or
// in the callback itself, any number of raises from any number of
// goroutines make one run, with the union of their flags, before the
// actor's next message.
func TestSignalCoalescesWhileBusy(t *testing.T) {
	const raisers, raises = 8, 200
	// Raiser g raises bit g and bit g+8 in turn, sometimes with the
	// reserved bit, which is dropped.
	const want = uint32(1)<<(2*raisers) - 1
	const busyBit = uint32(1) << 30 // the callback's own busy run

	raiseAll := func(sys *actor.System, sig *actor.Signal[sigMsg], raise func(*actor.System, *actor.Signal[sigMsg], uint32)) {
		var wg sync.WaitGroup
		for g := range raisers {
			wg.Go(func() {
				for k := range raises {
					f := uint32(1) << (g + raisers*(k%2))
					if k%7 == 0 {
						f |= sigReserved
					}
					raise(sys, sig, f)
				}
			})
		}
		wg.Wait()
	}

	tests := []struct {
		name string
		busy func(t *testing.T, ref actor.Ref[sigMsg], sig *actor.Signal[sigMsg], gate chan struct{}) (release func())
		want []uint32
	}{
		{
			name: "in a handler",
			busy: func(t *testing.T, ref actor.Ref[sigMsg], _ *actor.Signal[sigMsg], _ chan struct{}) func() {
				return sigBlock(t, ref)
			},
			want: []uint32{want},
		},
		{
			name: "in the callback",
			busy: func(t *testing.T, _ actor.Ref[sigMsg], sig *actor.Signal[sigMsg], entered chan struct{}) func() {
				sig.Raise(busyBit)
				recv(t, entered)
				return nil // the callback waits on the gate
			},
			want: []uint32{busyBit, want},
		},
	}
	for _, tt := range tests {
		for _, pl := range sigPlacements {
			for _, rs := range sigRaisers {
				t.Run(tt.name+"/"+pl.name+"/"+rs.name, func(t *testing.T) {
					sys := newSystem(t)
					ref := sigSpawn(t, sys, pl.opts...)
					runs := newSigRuns()
					entered, gate := make(chan struct{}), make(chan struct{})
					sig := sigNew(t, ref, func(ctx *actor.Context[sigMsg], f uint32) {
						runs.run(ctx, f)
						if f&busyBit != 0 {
							close(entered)
							<-gate
						}
					})
					release := tt.busy(t, ref, sig, entered)
					raiseAll(sys, sig, rs.raise)
					if release != nil {
						release()
					}
					close(gate)
					runs.expect(t, tt.want)
					runs.quiet(t, sig)
				})
			}
		}
	}
}

// TestSignalEveryRaiseIsSeen: each raise is followed by a run that sees
// its bits, however the raises of many goroutines interleave with the
// runs and with a flood of messages. Each raiser waits for its bit to be
// delivered before raising it again, so each raise is seen exactly once.
func TestSignalEveryRaiseIsSeen(t *testing.T) {
	const raisers, raises = 8, 300
	for _, pl := range sigPlacements {
		for _, rs := range sigRaisers {
			t.Run(pl.name+"/"+rs.name, func(t *testing.T) {
				sys := newSystem(t)
				ref := sigSpawn(t, sys, pl.opts...)
				var seen [raisers]atomic.Int64
				var wake [raisers]chan struct{}
				for g := range wake {
					wake[g] = make(chan struct{}, 1)
				}
				var runs atomic.Int64
				sig := sigNew(t, ref, func(_ *actor.Context[sigMsg], f uint32) {
					runs.Add(1)
					for g := range raisers {
						if f&(1<<g) != 0 {
							seen[g].Add(1)
							select {
							case wake[g] <- struct{}{}:
							default:
							}
						}
					}
				})

				ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
				defer cancel()
				// Keep the actor busy with a steady stream of messages, at
				// most inFlight queued, so that the mailbox does not grow
				// without bound on a single core.
				const inFlight = 256
				flooding, slots := make(chan struct{}), make(chan struct{}, inFlight)
				var flood sync.WaitGroup
				flood.Go(func() {
					for {
						select {
						case <-flooding:
							return
						case slots <- struct{}{}:
						}
						if err := ref.Send(func(*actor.Context[sigMsg]) { <-slots }); err != nil {
							t.Errorf("send: %v", err)
							return
						}
					}
				})
				var wg sync.WaitGroup
				for g := range raisers {
					wg.Go(func() {
						for k := range raises {
							before := seen[g].Load()
							rs.raise(sys, sig, 1<<g)
							for seen[g].Load() <= before {
								select {
								case <-wake[g]:
								case <-ctx.Done():
									t.Errorf("raiser %d: raise %d never seen", g, k)
									return
								}
							}
						}
					})
				}
				wg.Wait()
				close(flooding)
				flood.Wait()
				for g := range raisers {
					require.EqualValues(t, raises, seen[g].Load(), "raiser %d: runs that saw its bit", g)
				}
				require.LessOrEqual(t, runs.Load(), int64(raisers*raises))
			})
		}
	}
}

// TestSignalIgnoresEmptyRaises: a raise with no flags but the reserved bit
// does nothing; the reserved bit never reaches the callback.
func TestSignalIgnoresEmptyRaises(t *testing.T) {
	tests := []struct {
		name  string
		raise []uint32
		want  []uint32
	}{
		{name: "zero", raise: []uint32{0}},
		{name: "reserved bit", raise: []uint32{sigReserved}},
		{name: "both, many times", raise: []uint32{0, sigReserved, 0, sigReserved, sigReserved}},
		{name: "one bit", raise: []uint32{1}, want: []uint32{1}},
		{name: "reserved bit stripped", raise: []uint32{sigReserved | 4}, want: []uint32{4}},
		{name: "every bit", raise: []uint32{^uint32(0)}, want: []uint32{^sigReserved}},
	}
	for _, tt := range tests {
		for _, rs := range sigRaisers {
			t.Run(tt.name+"/"+rs.name, func(t *testing.T) {
				sys := newSystem(t)
				ref := sigSpawn(t, sys)
				runs := newSigRuns()
				sig := sigNew(t, ref, runs.run)
				before := sys.Metrics().DeadLetters
				for _, f := range tt.raise {
					rs.raise(sys, sig, f)
				}
				runs.expect(t, tt.want)
				runs.quiet(t, sig)
				require.Equal(t, before, sys.Metrics().DeadLetters)
			})
		}
	}
}

// TestSignalRaiseHere: RaiseHere runs the turn of an idle pooled actor on
// the raiser's goroutine, before it returns; it leaves a busy actor's turn
// to the goroutine running it, and a dedicated actor's to its own.
func TestSignalRaiseHere(t *testing.T) {
	tests := []struct {
		name     string
		opts     []actor.SpawnOption
		busy     bool
		wantHere bool // the run is on the raiser's goroutine, done on return
	}{
		{name: "idle", wantHere: true},
		{name: "busy", busy: true},
		{name: "dedicated", opts: []actor.SpawnOption{actor.WithDedicatedGoroutine()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sys := newSystem(t)
				ref := sigSpawn(t, sys, tt.opts...)
				type run struct {
					flags uint32
					here  bool
				}
				runs := make(chan run, 8)
				sig := sigNew(t, ref, func(_ *actor.Context[sigMsg], f uint32) {
					// On the raiser's goroutine, the test is on the stack.
					runs <- run{f, strings.Contains(string(debug.Stack()), "raiseHereFrom")}
				})
				release := func() {}
				if tt.busy {
					release = sigBlock(t, ref)
				}
				synctest.Wait() // the actor is idle, or blocked in its handler
				raiseHereFrom(sys, sig, 6)
				if tt.wantHere {
					require.Len(t, runs, 1, "the run is done when RaiseHere returns")
				}
				release()
				require.Equal(t, run{6, tt.wantHere}, recv(t, runs))
				synctest.Wait()
				require.Empty(t, runs)
			})
		})
	}
}

// raiseHereFrom calls s.RaiseHere from a frame that a callback running on
// the same goroutine sees on its stack.
//
//go:noinline
func raiseHereFrom(sys *actor.System, s *actor.Signal[sigMsg], flags uint32) {
	raiseHere(sys, s, flags)
}

// TestSignalRaisedFromInside: a raise from the actor itself, in its
// callback or in a handler, runs the callback again, even when it raises
// the bits that the current run is handling.
func TestSignalRaisedFromInside(t *testing.T) {
	tests := []struct {
		name      string
		raise     uint32         // raised by the test, 0 for none
		inReceive uint32         // raised by a handler, 0 for none
		again     map[int]uint32 // run number (from 1) -> what that run raises
		want      []uint32
	}{
		{name: "callback raises other bits", raise: 1, again: map[int]uint32{1: 2}, want: []uint32{1, 2}},
		{name: "callback raises its own bits", raise: 1, again: map[int]uint32{1: 1}, want: []uint32{1, 1}},
		{name: "callback raises in a chain", raise: 1, again: map[int]uint32{1: 2, 2: 4}, want: []uint32{1, 2, 4}},
		{name: "handler raises", inReceive: 8, want: []uint32{8}},
		{name: "handler raises, then the callback", inReceive: 8, again: map[int]uint32{1: 8 | 16}, want: []uint32{8, 24}},
	}
	for _, tt := range tests {
		for _, pl := range sigPlacements {
			t.Run(tt.name+"/"+pl.name, func(t *testing.T) {
				sys := newSystem(t)
				ref := sigSpawn(t, sys, pl.opts...)
				runs := newSigRuns()
				n := 0 // runs so far, inside the actor
				var sig *actor.Signal[sigMsg]
				sig = sigNew(t, ref, func(ctx *actor.Context[sigMsg], f uint32) {
					n++
					runs.run(ctx, f)
					if g := tt.again[n]; g != 0 {
						sig.Raise(g)
					}
				})
				if tt.raise != 0 {
					sig.Raise(tt.raise)
				}
				if tt.inReceive != 0 {
					require.NoError(t, ref.Send(func(*actor.Context[sigMsg]) { sig.Raise(tt.inReceive) }))
				}
				runs.expect(t, tt.want)
				runs.quiet(t, sig)
			})
		}
	}
}

// TestSignalRaisingItselfForever: a callback that raises its own signal
// every time runs forever, but each run counts against the turn's budget,
// so on a single worker other actors still run, the spinning actor's own
// messages still run, and a Stop still stops it.
func TestSignalRaisingItselfForever(t *testing.T) {
	const every = 100 // runs between two ticks of the spinner
	tests := []struct {
		name  string
		opts  []actor.SpawnOption
		check func(t *testing.T, sys *actor.System, spinner actor.Ref[sigMsg], ticks <-chan struct{})
	}{
		{
			name: "other actors run",
			check: func(t *testing.T, sys *actor.System, _ actor.Ref[sigMsg], ticks <-chan struct{}) {
				other := sigSpawn(t, sys)
				for range 20 {
					sigDo(t, other, func(*actor.Context[sigMsg]) {})
				}
				sigNextTick(t, ticks) // and the spinner still spins
			},
		},
		{
			name: "its own messages run",
			check: func(t *testing.T, _ *actor.System, spinner actor.Ref[sigMsg], ticks <-chan struct{}) {
				for range 20 {
					sigDo(t, spinner, func(*actor.Context[sigMsg]) {})
				}
				sigNextTick(t, ticks)
			},
		},
		{
			name:  "a stop stops it",
			check: sigStopSpinner,
		},
		{
			name:  "a stop stops it, dedicated",
			opts:  []actor.SpawnOption{actor.WithDedicatedGoroutine()},
			check: sigStopSpinner,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := newSystem(t, actor.WithWorkers(1), actor.WithBudget(4))
			spinner := sigSpawn(t, sys, tt.opts...)
			runs := 0 // inside the actor
			ticks := make(chan struct{}, 1)
			var sig *actor.Signal[sigMsg]
			sig = sigNew(t, spinner, func(_ *actor.Context[sigMsg], f uint32) {
				if runs++; runs%every == 0 {
					select {
					case ticks <- struct{}{}:
					default:
					}
				}
				sig.Raise(f)
			})
			sig.Raise(1)
			sigNextTick(t, ticks) // well past the budget
			tt.check(t, sys, spinner, ticks)
		})
	}
}

// sigNextTick waits for a tick of a spinner that comes after the call.
func sigNextTick(t *testing.T, ticks <-chan struct{}) {
	t.Helper()
	select { // a tick from before
	case <-ticks:
	default:
	}
	recv(t, ticks)
}

// sigStopSpinner stops a spinning actor and waits until it has stopped.
func sigStopSpinner(t *testing.T, _ *actor.System, spinner actor.Ref[sigMsg], _ <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
	defer cancel()
	spinner.Stop()
	got, err := spinner.PID().Terminated().Await(ctx)
	require.NoError(t, err)
	require.NoError(t, got.Reason)
	require.ErrorIs(t, spinner.Send(func(*actor.Context[sigMsg]) {}), actor.ErrStopped)
}

var errSigBoom = errors.New("signal test: boom")

// sigPanic is the flag that makes sigSupervised's callback panic.
const sigPanic = uint32(1) << 20

// sigSupervised is an actor with a Signal made by its first instance and
// kept across restarts. It reports each Started (with the instance's
// number) and each run of the callback that did not panic.
type sigSupervised struct {
	gen    int
	shared *sigShared
}

// sigShared is what sigSupervised's instances share. sig is touched only
// inside the actor.
type sigShared struct {
	sig     *actor.Signal[sigMsg]
	made    chan *actor.Signal[sigMsg]
	started chan int
	runs    chan uint32
}

func (a *sigSupervised) Receive(ctx *actor.Context[sigMsg], m sigMsg) { m(ctx) }

// HandleSignal makes sigShared a SignalHandler that panics on sigPanic.
func (s *sigShared) HandleSignal(_ *actor.Context[sigMsg], f uint32) {
	if f&sigPanic != 0 {
		panic(errSigBoom)
	}
	s.runs <- f
}

func (a *sigSupervised) Started(ctx *actor.Context[sigMsg]) {
	s := a.shared
	if s.sig == nil {
		s.sig = actor.NewSignal[sigMsg](ctx, s)
		s.made <- s.sig
	}
	s.started <- a.gen
}

// TestSignalPanicIsSupervised: a panic in the callback is a failure of the
// actor, which its supervisor handles as a panic in Receive. The panicking
// run has taken its flags; the Signal outlives a restart; the message
// queued behind the failure is not lost unless the actor is stopped; no
// dead letter stands for the signal itself.
func TestSignalPanicIsSupervised(t *testing.T) {
	tests := []struct {
		name      string
		directive actor.Directive
	}{
		{name: "restart", directive: actor.Restart},
		{name: "resume", directive: actor.Resume},
		{name: "stop", directive: actor.Stop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := newSystem(t, actor.WithSystemSupervisor(actor.OneForOne(
				actor.WithDecider(func(error) actor.Directive { return tt.directive }))))
			sub := sys.Subscribe(64)
			shared := &sigShared{
				made:    make(chan *actor.Signal[sigMsg], 1),
				started: make(chan int, 8),
				runs:    make(chan uint32, 8),
			}
			gen := 0
			ref, err := actor.Spawn(sys, func() actor.Actor[sigMsg] {
				gen++ // producers run inside the actor (or in Spawn), one at a time
				return &sigSupervised{gen: gen, shared: shared}
			})
			require.NoError(t, err)
			require.Equal(t, 1, recv(t, shared.started))
			sig := recv(t, shared.made)

			// Fail between two messages, with one queued behind the failure.
			release := sigBlock(t, ref)
			sig.Raise(sigPanic | 1)
			after := make(chan struct{})
			require.NoError(t, ref.Send(func(*actor.Context[sigMsg]) { close(after) }))
			release()

			var failure actor.Failure
			for e := range sub.C() {
				if f, ok := e.(actor.Failure); ok {
					failure = f
					break
				}
			}
			require.Equal(t, ref.PID(), failure.Actor)
			require.Equal(t, tt.directive, failure.Directive)
			var pe *actor.PanicError
			require.ErrorAs(t, failure.Err, &pe)
			require.ErrorIs(t, failure.Err, errSigBoom)

			if tt.directive == actor.Stop {
				ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
				defer cancel()
				got, err := ref.PID().Terminated().Await(ctx)
				require.NoError(t, err)
				require.ErrorIs(t, got.Reason, errSigBoom)
				require.EqualValues(t, 1, sys.Metrics().DeadLetters, "the message queued behind the failure")
				sig.Raise(2)
				require.EqualValues(t, 1, sys.Metrics().DeadLetters, "a raise of a stopped actor is no dead letter")
				require.Empty(t, shared.runs)
				return
			}

			recv(t, after)
			m := sys.Metrics()
			if tt.directive == actor.Restart {
				require.Equal(t, 2, recv(t, shared.started), "a fresh instance")
				require.EqualValues(t, 1, m.ActorsRestarted)
			} else {
				require.Zero(t, m.ActorsRestarted)
			}
			require.Zero(t, m.DeadLetters, "a failed signal loses no message")

			// The panicking run took its flags: the next run sees only
			// what was raised since.
			sig.Raise(2)
			require.Equal(t, uint32(2), recv(t, shared.runs))
			sigDo(t, ref, func(*actor.Context[sigMsg]) {})
			require.Empty(t, shared.runs, "one run per raise here")
			require.Empty(t, shared.started, "no further restart")
		})
	}
}

// TestSignalAfterStop: once the actor has stopped, a raise does nothing:
// no run, no panic, no dead letter, no event; a raise that reaches the
// actor after its stop is dropped as silently.
func TestSignalAfterStop(t *testing.T) {
	const sigStopFlag = uint32(1) << 7 // makes the callback stop the actor
	tests := []struct {
		name     string
		stop     func(t *testing.T, ref actor.Ref[sigMsg], sig *actor.Signal[sigMsg])
		wantRuns int
	}{
		{
			name: "stopped while idle",
			stop: func(t *testing.T, ref actor.Ref[sigMsg], _ *actor.Signal[sigMsg]) { ref.Stop() },
		},
		{
			// Raise promises a run to an actor that has not stopped, and
			// system messages keep their order: the run comes first.
			name: "raised before a stop, while busy",
			stop: func(t *testing.T, ref actor.Ref[sigMsg], sig *actor.Signal[sigMsg]) {
				release := sigBlock(t, ref)
				sig.Raise(1)
				ref.Stop()
				release()
			},
			wantRuns: 1,
		},
		{
			name: "raised after a stop, while busy",
			stop: func(t *testing.T, ref actor.Ref[sigMsg], sig *actor.Signal[sigMsg]) {
				release := sigBlock(t, ref)
				ref.Stop()
				sig.Raise(1) // reaches an actor that will have stopped
				release()
			},
		},
		{
			name: "stopped by its callback",
			stop: func(t *testing.T, ref actor.Ref[sigMsg], sig *actor.Signal[sigMsg]) {
				sig.Raise(sigStopFlag)
			},
			wantRuns: 1,
		},
	}
	for _, tt := range tests {
		for _, pl := range sigPlacements {
			t.Run(tt.name+"/"+pl.name, func(t *testing.T) {
				sys := newSystem(t)
				sub := sys.Subscribe(64)
				ref := sigSpawn(t, sys, pl.opts...)
				var runs atomic.Int64
				sig := sigNew(t, ref, func(ctx *actor.Context[sigMsg], f uint32) {
					runs.Add(1)
					if f&sigStopFlag != 0 {
						ctx.Stop()
					}
				})
				tt.stop(t, ref, sig)
				ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
				defer cancel()
				_, err := ref.PID().Terminated().Await(ctx)
				require.NoError(t, err)

				var wg sync.WaitGroup
				for g := range 4 {
					raise := sigRaisers[g%len(sigRaisers)].raise
					wg.Go(func() {
						for k := range 100 {
							raise(sys, sig, uint32(1)<<(k%31))
						}
					})
				}
				require.NotPanics(t, func() { sig.Raise(1); raiseHere(sys, sig, 2) })
				wg.Wait()
				require.EqualValues(t, tt.wantRuns, runs.Load())
				require.Zero(t, sys.Metrics().DeadLetters)
				require.Empty(t, sub.C(), "no event at all") // publishing is synchronous
			})
		}
	}
}

// TestSignalRunsCountAsMessages: each run counts as one processed message
// in Metrics, as a message does: a raise that makes no run adds nothing,
// and a run that panics is not counted, as a message whose handler
// panicked is not ("user messages whose handler returned"). synctest makes
// every turn finish (and add its count) before the test reads Metrics.
func TestSignalRunsCountAsMessages(t *testing.T) {
	for _, pl := range sigPlacements {
		t.Run(pl.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				// A failed actor restarts after 100 ms, so that a raise can
				// reach it while it waits for its supervisor.
				sys := newSystem(t, actor.WithSystemSupervisor(actor.OneForOne(actor.WithBackoff(100*ms, 100*ms))))
				ref := sigSpawn(t, sys, pl.opts...)
				var runs int // inside the actor
				var sig *actor.Signal[sigMsg]
				sig = sigNew(t, ref, func(_ *actor.Context[sigMsg], f uint32) {
					if f&sigPanic != 0 {
						panic(errSigBoom)
					}
					runs++
					if f&1 != 0 {
						sig.Raise(2) // one more run
					}
				})
				processed := func() uint64 {
					synctest.Wait()
					return sys.Metrics().MessagesProcessed
				}
				step := func(name string, want uint64, do func()) {
					t.Helper()
					before := processed()
					do()
					require.Equal(t, want, processed()-before, name)
				}
				step("a run", 1, func() { sig.Raise(4) })
				step("a run on the raiser's goroutine", 1, func() { raiseHere(sys, sig, 4) })
				step("a run that raises again", 2, func() { sig.Raise(1) })
				step("empty raises", 0, func() { sig.Raise(0); sig.Raise(sigReserved) })
				step("many raises while busy: the message and one run", 2, func() {
					release := sigBlock(t, ref)
					for k := range 100 {
						sig.Raise(uint32(4) << (k % 8))
					}
					release()
				})
				step("a message that panics", 0, func() {
					require.NoError(t, ref.Send(func(*actor.Context[sigMsg]) { panic(errSigBoom) }))
					time.Sleep(time.Second) // past the restart
				})
				step("a run that panics", 0, func() {
					sig.Raise(sigPanic)
					time.Sleep(time.Second)
				})
				step("a run that panics, then one raised before the restart", 1, func() {
					sig.Raise(sigPanic)
					synctest.Wait() // failed, waiting for the restart
					sig.Raise(4)
					time.Sleep(time.Second)
				})
				var got int
				step("a message", 1, func() {
					sigDo(t, ref, func(*actor.Context[sigMsg]) { got = runs })
				})
				require.Equal(t, 1+1+2+1+1, got, "the runs counted are the runs made")
				require.EqualValues(t, 3, sys.Metrics().ActorsRestarted)
			})
		})
	}
}

// TestSignalResetsReceiveTimeout: a run counts as a message received, so
// it re-arms the receive timeout for a full period.
func TestSignalResetsReceiveTimeout(t *testing.T) {
	tests := []struct {
		name   string
		raises []time.Duration // when the test raises
		want   []stamp
	}{
		{
			name: "no raise",
			want: []stamp{{"idle", 100 * ms}},
		},
		{
			name:   "a run defers the timeout",
			raises: []time.Duration{60 * ms},
			want:   []stamp{{"run 1", 60 * ms}, {"idle", 160 * ms}},
		},
		{
			name:   "runs keep deferring it",
			raises: []time.Duration{60 * ms, 120 * ms, 180 * ms},
			want:   []stamp{{"run 1", 60 * ms}, {"run 1", 120 * ms}, {"run 1", 180 * ms}, {"idle", 280 * ms}},
		},
		{
			name:   "a run re-arms it after it fired",
			raises: []time.Duration{500 * ms},
			want:   []stamp{{"idle", 100 * ms}, {"run 1", 500 * ms}, {"idle", 600 * ms}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sys := newSystem(t)
				rec := newRecorder()
				ref := sigSpawn(t, sys)
				var sig *actor.Signal[sigMsg]
				sigDo(t, ref, func(ctx *actor.Context[sigMsg]) {
					sig = actor.NewSignal(ctx, actor.SignalFunc[sigMsg](func(_ *actor.Context[sigMsg], f uint32) {
						rec.add(fmt.Sprintf("run %d", f))
					}))
					ctx.SetReceiveTimeout(100*ms, func(*actor.Context[sigMsg]) { rec.add("idle") })
				})
				for _, at := range tt.raises {
					rec.sleepUntil(at)
					sig.Raise(1)
				}
				rec.sleepUntil(time.Second)
				require.Equal(t, tt.want, rec.all())
			})
		})
	}
}

// TestRaiseHereTurnsCount: a turn run by RaiseHere, off the dispatcher, is
// counted in Metrics.Turns as a worker's would be.
func TestRaiseHereTurnsCount(t *testing.T) {
	sys := newSystem(t)
	ref := sigSpawn(t, sys)
	ran := 0
	sig := sigNew(t, ref, func(*actor.Context[sigMsg], uint32) { ran++ })
	// Wait until its turn has ended: the mailbox is idle.
	require.Eventually(t, func() bool {
		for _, a := range sys.Snapshot() {
			if a.Path == ref.PID().String() {
				return a.State == actor.StateIdle
			}
		}
		return false
	}, testutil.Guard, time.Millisecond)
	before := sys.Metrics().Turns
	raiseHere(sys, sig, 1)
	require.Equal(t, 1, ran, "the idle actor ran on this goroutine, before RaiseHere returned")
	require.Equal(t, before+1, sys.Metrics().Turns)
}

// TestRaiseHereAllocatesNothing: a RaiseHere that runs an idle actor's
// turn on its Host allocates nothing, as the package documentation says:
// the Host holds the Signal for the turn, no system message carries it.
func TestRaiseHereAllocatesNothing(t *testing.T) {
	sys := newSystem(t)
	ref := sigSpawn(t, sys)
	ran := 0 // on this goroutine: every run below is here
	sig := sigNew(t, ref, func(*actor.Context[sigMsg], uint32) { ran++ })
	waitIdle(t, sys)
	h := sys.NewHost("test", nil)
	defer h.Close()
	allocs := testing.AllocsPerRun(100, func() { sig.RaiseHere(h, 1) })
	require.Zero(t, allocs)
	require.Equal(t, 101, ran, "every raise ran here, before RaiseHere returned")
}

// TestRaiseHereHostServesManyTypes: one Host runs the turns of actors of
// different message types, in turn, each with its own Signal, handler
// and context.
func TestRaiseHereHostServesManyTypes(t *testing.T) {
	sys := newSystem(t)
	var (
		strs   actor.Ref[string]
		ints   actor.Ref[int]
		sigS   *actor.Signal[string]
		sigI   *actor.Signal[int]
		got    []string // appended on this goroutine, by the runs below
		made   = make(chan struct{}, 2)
		record = func(what string, self bool, f uint32) {
			got = append(got, fmt.Sprintf("%s %d %v", what, f, self))
		}
	)
	strs, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], _ string) {
		sigS = actor.NewSignal(ctx, actor.SignalFunc[string](func(c *actor.Context[string], f uint32) {
			record("string", c.Self() == strs, f)
		}))
		made <- struct{}{}
	})
	require.NoError(t, err)
	ints, err = actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		sigI = actor.NewSignal(ctx, actor.SignalFunc[int](func(c *actor.Context[int], f uint32) {
			record("int", c.Self() == ints, f)
		}))
		made <- struct{}{}
	})
	require.NoError(t, err)
	require.NoError(t, strs.Send("make"))
	require.NoError(t, ints.Send(1))
	recv(t, made)
	recv(t, made)
	waitIdle(t, sys)

	h := sys.NewHost("test", nil)
	defer h.Close()
	var want []string
	for k := range 50 {
		f := uint32(k%7 + 1)
		require.True(t, sigS.RaiseHere(h, f))
		require.True(t, sigI.RaiseHere(h, f<<8))
		want = append(want, fmt.Sprintf("string %d true", f), fmt.Sprintf("int %d true", f<<8))
	}
	require.Equal(t, want, got, "each run here, before RaiseHere returned, in its own actor")
}
