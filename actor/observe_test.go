package actor_test

import (
	"bytes"
	"log/slog"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// TestMetricsAfterWorkload: counters are exact after a known workload, and
// the histograms are consistent with them.
func TestMetricsAfterWorkload(t *testing.T) {
	const actors, perActor = 5, 200
	sys := newSystem(t, actor.WithWorkers(2))
	done := make(chan struct{}, actors*perActor)
	for range actors {
		ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], _ int) { done <- struct{}{} })
		require.NoError(t, err)
		for i := range perActor {
			require.NoError(t, ref.Send(i))
		}
	}
	for range actors * perActor {
		recv(t, done)
	}

	// One actor blocked in its handler with 10 messages queued behind.
	gate, entered := make(chan struct{}), make(chan struct{}, 1)
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(gate) }) }) // before the system's
	blocked, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n == 0 {
			entered <- struct{}{}
			<-gate
		}
	})
	require.NoError(t, err)
	for i := range 11 {
		require.NoError(t, blocked.Send(i))
	}
	recv(t, entered)
	stopped, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	stopped.Stop()
	_, err = stopped.PID().Terminated().Await(t.Context())
	require.NoError(t, err)
	_ = stopped.Send(1) // a dead letter, reason "stopped"
	sys.Timers().AfterFunc(time.Hour, func() {})

	// The stop is counted just after Terminated completes.
	require.Eventually(t, func() bool { return sys.Metrics().ActorsStopped == 1 }, 10*time.Second, time.Millisecond)
	m := sys.Metrics()
	require.Equal(t, uint64(actors+2), m.ActorsStarted)
	require.Equal(t, uint64(1), m.ActorsStopped)
	require.Equal(t, uint64(actors+1), m.ActorsAlive)
	require.Equal(t, uint64(1), m.DeadLetters)
	require.Equal(t, uint64(1), m.DeadLettersByReason["stopped"])
	require.Equal(t, 1, m.TimersPending)
	require.Equal(t, 2, m.Workers)
	require.GreaterOrEqual(t, m.WorkersBusy, 1)
	// The estimate may still count the message being handled.
	require.GreaterOrEqual(t, m.MailboxMax, 10)
	require.LessOrEqual(t, m.MailboxMax, 11)
	require.Equal(t, m.MailboxMax, m.MailboxTotal, "the other mailboxes are empty")
	require.Equal(t, m.ActorsAlive, m.MailboxDepth.Count(), "one entry per live actor")
	require.Equal(t, uint64(actors), m.MailboxDepth[0], "the idle actors' mailboxes are empty")
	require.Len(t, m.MailboxDepth, 5, "10 or 11 messages fall in bucket 4")
	require.Zero(t, m.SlowHandlers)

	once.Do(func() { close(gate) })
	require.Eventually(t, func() bool {
		m = sys.Metrics()
		return m.MessagesProcessed == actors*perActor+11 && m.WorkersBusy == 0 && m.MailboxMax == 0
	}, 10*time.Second, time.Millisecond)
	sampled := m.TurnNanos.Count()
	require.LessOrEqual(t, sampled, m.Turns/64)
	require.GreaterOrEqual(t, sampled+uint64(m.Workers), m.Turns/64)
	require.Equal(t, sampled > 0, m.TurnNanosSum > 0)
}

// TestSnapshotTree: the snapshot of a small tree has the expected paths,
// parents, states and details.
func TestSnapshotTree(t *testing.T) {
	sys := newSystem(t, actor.WithWorkers(2))
	gate, entered := make(chan struct{}), make(chan struct{})
	defer close(gate)
	created := make(chan struct{})
	parent, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], msg string) {
		_, err := actor.SpawnFunc(ctx, func(*actor.Context[int], int) {}, actor.WithName("idle-child"))
		require.NoError(t, err)
		_, err = actor.SpawnFunc(ctx, func(_ *actor.Context[string], msg string) {
			if msg == "block" {
				entered <- struct{}{}
				<-gate
			}
		}, actor.WithName("busy-child"))
		require.NoError(t, err)
		created <- struct{}{}
	}, actor.WithName("parent"))
	require.NoError(t, err)
	require.NoError(t, parent.Send("spawn"))
	recv(t, created)

	busy, err := actor.Lookup[string](sys, "busy-child")
	require.NoError(t, err)
	require.NoError(t, busy.Send("block"))
	require.NoError(t, busy.Send("queued"))
	recv(t, entered)

	// A child that failed and waits an hour for its restart: suspended.
	sup, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) {
		_, err := actor.SpawnFunc(ctx, func(*actor.Context[int], int) { panic("boom") }, actor.WithName("failed"))
		require.NoError(t, err)
		created <- struct{}{}
	}, actor.WithName("supervisor"), actor.WithSupervisor(actor.OneForOne(actor.WithBackoff(time.Hour, time.Hour))))
	require.NoError(t, err)
	require.NoError(t, sup.Send(0))
	recv(t, created)
	failed, err := actor.Lookup[int](sys, "failed")
	require.NoError(t, err)
	require.NoError(t, failed.Send(1))

	// A watcher of the idle child.
	idle, err := sys.LookupPID("idle-child")
	require.NoError(t, err)
	watching := make(chan struct{})
	_, err = actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		ctx.Watch(idle, func(actor.Terminated) int { return 0 })
		close(watching)
	}, actor.WithName("watcher"))
	require.NoError(t, err)
	w, _ := actor.Lookup[int](sys, "watcher")
	require.NoError(t, w.Send(0))
	recv(t, watching)

	type row struct{ Path, Parent, State, Type string }
	want := []row{
		{"/parent", "/", "idle", "string"},
		{"/parent/busy-child", "/parent", "running", "string"},
		{"/parent/idle-child", "/parent", "idle", "int"},
		{"/supervisor", "/", "idle", "int"},
		{"/supervisor/failed", "/supervisor", "suspended", "int"},
		{"/watcher", "/", "idle", "int"},
	}
	var got []row
	// Eventually: the turns that set this up may still be ending.
	require.Eventually(t, func() bool {
		got = got[:0]
		byPath := map[string]actor.ActorInfo{}
		for _, a := range sys.Snapshot() {
			got = append(got, row{a.Path, a.Parent, string(a.State), a.MessageType})
			byPath[a.Path] = a
		}
		sort.Slice(got, func(i, j int) bool { return got[i].Path < got[j].Path })
		return byPath["/parent/idle-child"].Watchers == 1 && byPath["/parent/busy-child"].Mailbox >= 1 &&
			assert.ObjectsAreEqual(want, got)
	}, 10*time.Second, time.Millisecond, "got %v", got)

	var buf bytes.Buffer
	require.NoError(t, sys.Dump(&buf))
	require.Contains(t, buf.String(), "  /parent/busy-child running msg=string")
	require.Contains(t, buf.String(), "/parent/idle-child idle msg=int mailbox=0 watchers=1")
	require.Len(t, strings.Split(strings.TrimSpace(buf.String()), "\n"), 6)
}

// TestSnapshotDepthFirst: the snapshot lists each actor's descendants
// right after it, which Dump and the console rely on: walking it with a
// stack of ancestors, every actor finds its parent on the stack.
func TestSnapshotDepthFirst(t *testing.T) {
	sys := newSystem(t)
	const fanout, depth = 3, 3
	spawned := make(chan struct{}, 64)
	var grow func(ctx *actor.Context[int], level int)
	grow = func(ctx *actor.Context[int], level int) {
		for range fanout {
			ref, err := actor.SpawnFunc(ctx, grow)
			if err != nil {
				panic(err)
			}
			spawned <- struct{}{}
			if level+1 < depth {
				_ = ref.Send(level + 1)
			}
		}
	}
	for range fanout {
		ref, err := actor.SpawnFunc(sys, grow)
		require.NoError(t, err)
		spawned <- struct{}{}
		require.NoError(t, ref.Send(1))
	}
	want := fanout + fanout*fanout + fanout*fanout*fanout
	for range want {
		recv(t, spawned)
	}
	snap := sys.Snapshot()
	require.Len(t, snap, want)
	stack := []string{"/"}
	for _, a := range snap {
		for len(stack) > 0 && stack[len(stack)-1] != a.Parent {
			stack = stack[:len(stack)-1]
		}
		require.NotEmpty(t, stack, "%s comes after its parent's subtree has ended", a.Path)
		stack = append(stack, a.Path)
	}
}

// TestSnapshotRestarts: a restarted actor reports its restarts.
func TestSnapshotRestarts(t *testing.T) {
	sys := newSystem(t)
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n < 0 {
			panic("negative")
		}
	})
	require.NoError(t, err)
	require.NoError(t, ref.Send(-1))
	require.NoError(t, ref.Send(-1))
	require.Eventually(t, func() bool {
		s := sys.Snapshot()
		return len(s) == 1 && s[0].Restarts == 2 && s[0].State == actor.StateIdle
	}, 10*time.Second, time.Millisecond)
	require.Equal(t, uint64(2), sys.Metrics().ActorsRestarted)
}

// TestProfilerLabels: with the option on, a handler runs with the actor's
// path and message type as goroutine labels; without it, with none.
func TestProfilerLabels(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(strconv.FormatBool(on), func(t *testing.T) {
			sys := newSystem(t, actor.WithProfilerLabels(on))
			got := make(chan string, 1)
			ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], _ int) {
				var buf bytes.Buffer
				_ = pprof.Lookup("goroutine").WriteTo(&buf, 1)
				got <- buf.String()
			}, actor.WithName("labelled"))
			require.NoError(t, err)
			require.NoError(t, ref.Send(1))
			// The handler's own goroutine is the one writing the profile.
			var block string
			for b := range strings.SplitSeq(recv(t, got), "\n\n") {
				if strings.Contains(b, "pprof.writeGoroutine") {
					block = b
				}
			}
			require.NotEmpty(t, block)
			if on {
				require.Contains(t, block, `# labels: {"actor":"/labelled", "message":"int"}`)
			} else {
				require.NotContains(t, block, "# labels:")
			}
		})
	}
}

// stuckHandler blocks until its gate opens; the watchdog test looks for
// its name in the reported stack.
func stuckHandler(gate <-chan struct{}) func(*actor.Context[string], string) {
	return func(*actor.Context[string], string) { <-gate }
}

// TestWatchdog: a handler stuck past the threshold is reported exactly
// once, with its stack, and counted.
func TestWatchdog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t, actor.WithWatchdog(100*time.Millisecond), actor.WithWorkers(2))
		sub := sys.Subscribe(16)
		gate := make(chan struct{})
		ref, err := actor.SpawnFunc(sys, stuckHandler(gate), actor.WithName("stuck"))
		require.NoError(t, err)
		start := time.Now()
		require.NoError(t, ref.Send("hello"))

		var slow actor.SlowHandler
		for e := range sub.C() {
			if s, ok := e.(actor.SlowHandler); ok {
				slow = s
				break
			}
		}
		require.Equal(t, ref.PID(), slow.Actor)
		require.Equal(t, "string", slow.MessageType)
		require.GreaterOrEqual(t, slow.Elapsed, 100*time.Millisecond)
		require.LessOrEqual(t, time.Since(start), 200*time.Millisecond)
		require.Contains(t, string(slow.Stack), "stuckHandler")

		snap := sys.Snapshot()
		require.Len(t, snap, 1)
		require.Equal(t, actor.StateRunning, snap[0].State)
		require.GreaterOrEqual(t, snap[0].TurnRunning, 100*time.Millisecond)

		time.Sleep(time.Second) // still stuck: not reported again
		close(gate)
		require.NoError(t, ref.Send("fast"))
		time.Sleep(time.Second)
		synctest.Wait()
		for {
			select {
			case e := <-sub.C():
				if _, ok := e.(actor.SlowHandler); ok {
					t.Fatal("a second SlowHandler")
				}
				continue
			default:
			}
			break
		}
		require.Equal(t, uint64(1), sys.Metrics().SlowHandlers)
		sub.Close()
	})
}

// TestWatchdogOff: WithWatchdog(0) disables the watchdog.
func TestWatchdogOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys := newSystem(t, actor.WithWatchdog(0))
		gate := make(chan struct{})
		ref, err := actor.SpawnFunc(sys, stuckHandler(gate))
		require.NoError(t, err)
		require.NoError(t, ref.Send("x"))
		time.Sleep(time.Minute)
		require.Zero(t, sys.Metrics().SlowHandlers)
		close(gate)
	})
}

func TestSystemLogger(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	sys := newSystem(t, actor.WithLogger(log))
	require.Same(t, log, sys.Logger())
}
