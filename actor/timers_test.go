package actor_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
	"weak"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/leakcheck"
	"github.com/actorio/actorio/timer"
)

const ms = time.Millisecond

// stamp is a message an actor received and when, on the bubble's clock.
type stamp struct {
	msg string
	at  time.Duration
}

// recorder collects stamps from an actor.
type recorder struct {
	start time.Time
	mu    sync.Mutex
	got   []stamp
}

func newRecorder() *recorder { return &recorder{start: time.Now()} }

func (r *recorder) add(msg string) {
	r.mu.Lock()
	r.got = append(r.got, stamp{msg, time.Since(r.start)})
	r.mu.Unlock()
}

func (r *recorder) all() []stamp {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]stamp(nil), r.got...)
}

// sleepUntil sleeps until at on r's clock, then lets every goroutine of the
// bubble (timer drivers, dispatcher workers) catch up.
func (r *recorder) sleepUntil(at time.Duration) {
	time.Sleep(at - time.Since(r.start))
	synctest.Wait()
}

// TestAfter: the message arrives once, at its deadline.
func TestAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t)
		rec := newRecorder()
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
			rec.add(msg)
			if msg == "arm" {
				ctx.After(50*ms, "fired")
			}
		})
		require.NoError(t, err)
		require.NoError(t, ref.Send("arm"))
		rec.sleepUntil(time.Second)
		require.Equal(t, []stamp{{"arm", 0}, {"fired", 50 * ms}}, rec.all())
		require.Zero(t, sys.Timers().Pending())
	})
}

// TestEvery: ticks arrive every period until the Ticker is stopped.
func TestEvery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t)
		rec := newRecorder()
		stopped := make(chan bool, 2)
		var k *actor.Ticker
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
			rec.add(msg)
			switch msg {
			case "arm":
				k = ctx.Every(10*ms, "tick", timer.WithMissedTickBehavior(timer.Skip))
			case "stop":
				stopped <- k.Stop()
				stopped <- k.Stop()
			}
		})
		require.NoError(t, err)
		require.NoError(t, ref.Send("arm"))
		rec.sleepUntil(35 * ms)
		require.NoError(t, ref.Send("stop"))
		rec.sleepUntil(time.Second)
		require.True(t, <-stopped)
		require.False(t, <-stopped, "a second Stop")
		require.Equal(t, []stamp{{"arm", 0}, {"tick", 10 * ms}, {"tick", 20 * ms}, {"tick", 30 * ms}, {"stop", 35 * ms}},
			rec.all())
		require.Zero(t, sys.Timers().Pending())
	})
}

// TestTimerStop: Stop reports true exactly when it kept the message from
// the actor, including once the message is queued behind a busy handler,
// as Go 1.23's Stop of a channel timer does.
func TestTimerStop(t *testing.T) {
	tests := []struct {
		name      string
		stopAt    []time.Duration // when the actor stops its timer, due at 50 ms
		busyFrom  time.Duration   // if not zero, the actor's handler is busy from then ...
		busyUntil time.Duration   // ... until then, and stops the timer when it is done
		want      []bool
		wantFired bool
	}{
		{name: "before the deadline", stopAt: []time.Duration{20 * ms}, want: []bool{true}},
		{name: "twice", stopAt: []time.Duration{20 * ms, 30 * ms}, want: []bool{true, false}},
		{name: "after it was handled", stopAt: []time.Duration{60 * ms}, want: []bool{false}, wantFired: true},
		{name: "while it is queued", busyFrom: 40 * ms, busyUntil: 70 * ms, want: []bool{true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sys := newSystem(t)
				rec := newRecorder()
				var tm *actor.Timer
				var got []bool
				ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
					switch msg {
					case "arm":
						tm = ctx.After(50*ms, "fired")
					case "stop":
						got = append(got, tm.Stop())
					case "busy":
						time.Sleep(tt.busyUntil - tt.busyFrom) // the timer fires meanwhile
						got = append(got, tm.Stop())
					default:
						rec.add(msg)
					}
				})
				require.NoError(t, err)
				require.NoError(t, ref.Send("arm"))
				for _, at := range tt.stopAt {
					rec.sleepUntil(at)
					require.NoError(t, ref.Send("stop"))
				}
				if tt.busyFrom > 0 {
					rec.sleepUntil(tt.busyFrom)
					require.NoError(t, ref.Send("busy"))
				}
				rec.sleepUntil(time.Second)
				require.NoError(t, sys.Shutdown(context.Background())) // orders got before the reads
				require.Equal(t, tt.want, got)
				if tt.wantFired {
					require.Equal(t, []stamp{{"fired", 50 * ms}}, rec.all())
				} else {
					require.Empty(t, rec.all())
				}
			})
		})
	}
}

// TestTimerStopFromOutside: a Timer handed to another goroutine stops a
// message queued behind a busy handler.
func TestTimerStopFromOutside(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t)
		rec := newRecorder()
		handles := make(chan *actor.Timer, 1)
		gate := make(chan struct{})
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
			switch msg {
			case "arm":
				handles <- ctx.After(10*ms, "fired")
			case "block":
				<-gate
			default:
				rec.add(msg)
			}
		})
		require.NoError(t, err)
		require.NoError(t, ref.Send("arm"))
		tm := <-handles
		require.NoError(t, ref.Send("block"))
		rec.sleepUntil(20 * ms) // fired, and queued behind "block"
		require.Zero(t, sys.Timers().Pending())
		require.True(t, tm.Stop())
		require.False(t, tm.Stop())
		close(gate)
		require.NoError(t, ref.Send("after"))
		rec.sleepUntil(time.Second)
		require.Equal(t, []stamp{{"after", 20 * ms}}, rec.all())
	})
}

// TestStopCancelsTimers: when an actor stops, its pending timers are
// cancelled and the ticks, timeouts and one-shot messages already queued
// are discarded: the only dead letter is the message that others sent.
func TestStopCancelsTimers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t)
		dead := deadLetters(t, sys)
		gate := make(chan struct{})
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
			switch msg {
			case "arm":
				for range 100 {
					ctx.After(time.Hour, "late")
				}
				ctx.After(10*ms, "soon")
				ctx.Every(ms, "tick")
				ctx.SetReceiveTimeout(5*ms, "idle")
			case "block":
				<-gate
			}
		})
		require.NoError(t, err)
		require.NoError(t, ref.Send("arm"))
		synctest.Wait()
		require.Equal(t, 103, sys.Timers().Pending(), "100 late, soon, the ticker and the receive timeout")
		require.NoError(t, ref.Send("block"))
		time.Sleep(50 * ms) // ticks and "soon" queue up behind "block"
		synctest.Wait()
		require.NoError(t, ref.Send("sent by others"))
		ref.Stop()
		close(gate)
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		require.Zero(t, sys.Timers().Pending())
		require.NoError(t, sys.Shutdown(context.Background()))

		var letters []any
		for d := range dead {
			letters = append(letters, d.Message)
		}
		require.Equal(t, []any{"sent by others"}, letters)
		m := sys.Metrics()
		require.Equal(t, uint64(1), m.DeadLetters)
		require.Equal(t, uint64(2), m.MessagesProcessed, "arm and block; the queued timer messages were discarded")
	})
}

// instance is an actor whose timers carry the number of the instance that
// armed them, to catch a restarted instance receiving its predecessor's.
type instance struct {
	gen  int
	seen chan<- string
}

type timed struct {
	kind string
	gen  int
}

func (a *instance) Started(ctx *actor.Context[timed]) {
	ctx.Every(10*ms, timed{"tick", a.gen})
	ctx.After(25*ms, timed{"once", a.gen})
	ctx.SetReceiveTimeout(15*ms, timed{"idle", a.gen})
}

func (a *instance) Receive(ctx *actor.Context[timed], m timed) {
	if m.kind == "boom" {
		panic("boom")
	}
	if m.gen != a.gen {
		a.seen <- fmt.Sprintf("instance %d got %s of instance %d", a.gen, m.kind, m.gen)
		return
	}
	a.seen <- fmt.Sprintf("%d:%s", a.gen, m.kind)
}

// TestRestartCancelsTimers: the old instance's ticker, one-shot timer and
// receive timeout are cancelled by a restart, and what they had queued
// while the actor waited for its backoff is discarded.
func TestRestartCancelsTimers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t, actor.WithSystemSupervisor(actor.OneForOne(actor.WithBackoff(100*ms, time.Second))))
		seen := make(chan string, 1000)
		gen := 0
		ref, err := actor.Spawn(sys, func() actor.Actor[timed] {
			gen++
			return &instance{gen: gen, seen: seen}
		})
		require.NoError(t, err)
		time.Sleep(5 * ms)
		require.NoError(t, ref.Send(timed{kind: "boom"})) // at 5 ms; restarts at 105 ms
		time.Sleep(time.Second)
		synctest.Wait()
		require.NoError(t, sys.Shutdown(context.Background()))
		close(seen)
		var got []string
		for s := range seen {
			got = append(got, s)
		}
		// The first instance failed at 5 ms, before any of its timers
		// fired; its ticks kept coming (and were dropped) until 105 ms.
		want := []string{"2:tick", "2:idle", "2:tick", "2:once"} // at 115, 120, 125 and 130 ms
		require.Equal(t, want, got[:len(want)])
		for _, s := range got {
			require.Regexp(t, `^2:(tick|once|idle)$`, s)
		}
		require.Equal(t, 1, countOf(got, "2:once"))
		require.Equal(t, 1, countOf(got, "2:idle"), "once per idle period: ticks do not re-arm it")
	})
}

func countOf(xs []string, x string) int {
	n := 0
	for _, s := range xs {
		if s == x {
			n++
		}
	}
	return n
}

// TestReceiveTimeout: the timeout message arrives after d without a
// message from others, once per idle period, never while a handler runs,
// and not at all once cancelled or replaced.
func TestReceiveTimeout(t *testing.T) {
	tests := []struct {
		name  string
		sends []stamp // what the test sends, and when
		want  []stamp // what the actor receives, and when
	}{
		{
			name:  "after idleness",
			sends: []stamp{{"arm", 0}},
			want:  []stamp{{"arm", 0}, {"idle", 100 * ms}},
		},
		{
			name:  "re-armed by messages, for the rest of d",
			sends: []stamp{{"arm", 0}, {"m", 30 * ms}, {"m", 60 * ms}},
			want:  []stamp{{"arm", 0}, {"m", 30 * ms}, {"m", 60 * ms}, {"idle", 160 * ms}},
		},
		{
			name:  "once per idle period, until the next message",
			sends: []stamp{{"arm", 0}, {"m", 500 * ms}},
			want:  []stamp{{"arm", 0}, {"idle", 100 * ms}, {"m", 500 * ms}, {"idle", 600 * ms}},
		},
		{
			name:  "not while a handler runs",
			sends: []stamp{{"arm", 0}, {"slow", 10 * ms}}, // busy until 260 ms
			want:  []stamp{{"arm", 0}, {"slow", 260 * ms}, {"idle", 360 * ms}},
		},
		{
			name:  "own timers do not count",
			sends: []stamp{{"arm", 0}, {"tick every 30ms", 0}},
			want: []stamp{{"arm", 0}, {"tick every 30ms", 0}, {"tick", 30 * ms}, {"tick", 60 * ms},
				{"tick", 90 * ms}, {"idle", 100 * ms}, {"tick", 120 * ms}},
		},
		{
			name:  "a busy turn of its own ticks defers it, but not by a period",
			sends: []stamp{{"arm", 0}, {"slow ticks", 0}}, // ticks at 95 ms, 190 ms..., each taking 10 ms
			want: []stamp{{"arm", 0}, {"slow ticks", 0}, {"slow tick", 105 * ms}, {"idle", 105 * ms},
				{"slow tick", 200 * ms}},
		},
		{
			name:  "cancelled",
			sends: []stamp{{"arm", 0}, {"cancel", 50 * ms}},
			want:  []stamp{{"arm", 0}, {"cancel", 50 * ms}},
		},
		{
			name:  "replaced",
			sends: []stamp{{"arm", 0}, {"replace", 50 * ms}},
			want:  []stamp{{"arm", 0}, {"replace", 50 * ms}, {"other", 80 * ms}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sys := newSystem(t)
				rec := newRecorder()
				var k *actor.Ticker
				ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
					switch msg {
					case "arm":
						ctx.SetReceiveTimeout(100*ms, "idle")
					case "slow":
						time.Sleep(250 * ms)
					case "tick every 30ms":
						k = ctx.Every(30*ms, "tick")
					case "cancel":
						ctx.SetReceiveTimeout(0, "idle")
					case "replace":
						ctx.SetReceiveTimeout(30*ms, "other")
					case "tick":
						if time.Since(rec.start) > 100*ms {
							k.Stop()
						}
					case "slow ticks":
						k = ctx.Every(95*ms, "slow tick")
					case "slow tick":
						time.Sleep(10 * ms)
						if time.Since(rec.start) > 150*ms {
							k.Stop()
						}
					}
					rec.add(msg)
				})
				require.NoError(t, err)
				for _, s := range tt.sends {
					rec.sleepUntil(s.at)
					require.NoError(t, ref.Send(s.msg))
				}
				rec.sleepUntil(2 * time.Second)
				require.Equal(t, tt.want, rec.all())
			})
		})
	}
}

// TestTimersWhileStopping: a stopping actor gets stopped timers, which
// schedule nothing.
func TestTimersWhileStopping(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t)
		results := make(chan bool, 2)
		ref, err := actor.Spawn(sys, func() actor.Actor[string] {
			return &stoppingTimers{results: results}
		})
		require.NoError(t, err)
		ref.Stop()
		require.False(t, <-results, "Timer.Stop")
		require.False(t, <-results, "Ticker.Stop")
		require.Zero(t, sys.Timers().Pending())
	})
}

type stoppingTimers struct{ results chan<- bool }

func (*stoppingTimers) Receive(*actor.Context[string], string) {}

func (s *stoppingTimers) Stopping(ctx *actor.Context[string]) {
	tm := ctx.After(ms, "late")
	k := ctx.Every(ms, "tick")
	ctx.SetReceiveTimeout(ms, "idle")
	s.results <- tm.Stop()
	s.results <- k.Stop()
}

// TestEveryPanicsOnNonPositivePeriod: a bad period panics in the handler,
// where it is an ordinary failure.
func TestEveryPanicsOnNonPositivePeriod(t *testing.T) {
	sys := newSystem(t)
	panicked := make(chan any, 1)
	ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], _ string) {
		defer func() { panicked <- recover() }()
		ctx.Every(0, "tick")
	})
	require.NoError(t, err)
	require.NoError(t, ref.Send("go"))
	require.Equal(t, "actor: non-positive period for Every", recv(t, panicked))
}

// TestHandledTimersAreReleased: an actor that keeps calling After does not
// accumulate them: a timer whose message was handled leaves the actor's
// bookkeeping and can be collected.
func TestHandledTimersAreReleased(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 1000
		sys := newSystem(t)
		handles := make(chan weak.Pointer[actor.Timer], n)
		var left atomic.Int32
		left.Store(n)
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
			if left.Add(-1) >= 0 {
				handles <- weak.Make(ctx.After(ms, "again"))
			}
		})
		require.NoError(t, err)
		require.NoError(t, ref.Send("start"))
		time.Sleep(2 * time.Second)
		synctest.Wait()
		require.Len(t, handles, n)
		close(handles)
		runtime.GC()
		runtime.GC()
		live := 0
		for h := range handles {
			if h.Value() != nil {
				live++
			}
		}
		require.Zero(t, live, "handled timers are not kept")
	})
}

func TestWithTimerTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t, actor.WithTimerTick(10*ms))
		rec := newRecorder()
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
			rec.add(msg)
			if msg == "arm" {
				ctx.After(ms, "fired")
			}
		})
		require.NoError(t, err)
		require.NoError(t, ref.Send("arm"))
		rec.sleepUntil(time.Second)
		require.Equal(t, []stamp{{"arm", 0}, {"fired", 10 * ms}}, rec.all(), "rounded up to the tick")
	})
	_, err := actor.NewSystem(actor.WithTimerTick(-ms))
	require.ErrorIs(t, err, actor.ErrInvalidOption)
}

// TestSendAfter100kActors: timer.SendAfter on the system's wheel reaches
// each of 100k actors once, at its own deadline (spread over 50 ms).
func TestSendAfter100kActors(t *testing.T) {
	const n = 100_000
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t)
		start := time.Now()
		arrived := make([]time.Duration, n)
		var wg sync.WaitGroup
		wg.Add(n)
		handler := func(_ *actor.Context[int], i int) {
			arrived[i] = time.Since(start)
			wg.Done()
		}
		rng := rand.New(rand.NewPCG(1, 2))
		due := make([]time.Duration, n)
		for i := range n {
			ref, err := actor.SpawnFunc(sys, handler)
			require.NoError(t, err)
			due[i] = time.Duration(rng.Int64N(int64(50 * ms)))
			timer.SendAfter(sys.Timers(), ref, due[i], i)
		}
		wg.Wait()
		for i, at := range arrived {
			if at < due[i] || at >= due[i]+ms {
				t.Fatalf("actor %d: due at %v, received at %v", i, due[i], at)
			}
		}
		require.NoError(t, sys.Shutdown(context.Background()))
		require.Equal(t, uint64(n), sys.Metrics().MessagesProcessed)
	})
}

// TestShutdownWithMillionPendingTimers runs on the real clock: a system
// with 1M pending timers (900k on its wheel directly, 100k held by 1000
// actors) shuts down promptly and leaves no goroutine behind.
func TestShutdownWithMillionPendingTimers(t *testing.T) {
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	f := func() {}
	for range 900_000 {
		sys.Timers().AfterFunc(time.Hour, f)
	}
	var wg sync.WaitGroup
	wg.Add(1000)
	for range 1000 {
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
			for range 100 {
				ctx.After(time.Hour, 0)
			}
			wg.Done()
		})
		require.NoError(t, err)
		require.NoError(t, ref.Send(1))
	}
	wg.Wait()
	require.Equal(t, 1_000_000, sys.Timers().Pending())
	begin := time.Now()
	require.NoError(t, sys.Shutdown(context.Background()))
	took := time.Since(begin)
	// Reported, not asserted: unit tests do not time things on shared
	// machines. Shutdown stops the wheel shard by shard, not timer by timer.
	t.Logf("Shutdown with 1M pending timers took %v", took)
	require.Zero(t, sys.Timers().Pending())
	require.Zero(t, sys.Metrics().DeadLetters)
	goleak.VerifyNone(t, leakcheck.Options()...)
}
