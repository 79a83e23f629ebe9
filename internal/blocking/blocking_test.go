package blocking_test

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/blocking"
	"github.com/actorio/actorio/internal/leakcheck"
	"github.com/actorio/actorio/internal/testutil"
)

func TestSubmitNeverBlocksWhenEveryRunnerIsBusy(t *testing.T) {
	const (
		limit = 2
		extra = 1000
	)
	p, _ := newPool(t, limit)
	blockers := submitBlockers(t, p, limit)

	var ran atomic.Int64
	submitted := make(chan struct{})
	errs := make(chan error, extra)
	go func() {
		defer close(submitted)
		for range extra {
			errs <- p.Submit(func() { ran.Add(1) })
		}
	}()
	await(t, submitted, "1,000 submissions behind blocked tasks")
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	running, waiting := p.Stats()
	require.Equal(t, limit, running)
	require.Equal(t, extra, waiting)
	require.Zero(t, ran.Load(), "tasks ran while every runner was blocked")

	releaseAll(blockers)
	closePool(t, p)
	require.Equal(t, int64(extra), ran.Load())
}

func TestTasksRunInSubmissionOrderWithLimitOne(t *testing.T) {
	const n = 500
	p, _ := newPool(t, 1)
	blockers := submitBlockers(t, p, 1) // so that the rest queue up first

	var mu sync.Mutex
	var order []int
	for i := range n {
		require.NoError(t, p.Submit(func() {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, i)
		}))
	}
	releaseAll(blockers)
	closePool(t, p)

	require.Len(t, order, n)
	for i, got := range order {
		require.Equal(t, i, got, "task %d", i)
	}
}

func TestAtMostLimitTasksRunAtOnce(t *testing.T) {
	const more = 300
	tests := []struct {
		name  string
		limit int
	}{
		{name: "limit 1", limit: 1},
		{name: "limit 2", limit: 2},
		{name: "limit 5", limit: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := newPool(t, tt.limit)
			var now, peak, started atomic.Int64
			enter := func() {
				started.Add(1)
				n := now.Add(1)
				for {
					m := peak.Load()
					if n <= m || peak.CompareAndSwap(m, n) {
						break
					}
				}
			}
			leave := func() { now.Add(-1) }

			// limit tasks can run at once: all of these start and block.
			blockers := make([]*blocker, tt.limit)
			for i := range blockers {
				b := newBlocker()
				blockers[i] = b
				require.NoError(t, p.Submit(func() { enter(); b.run(); leave() }))
			}
			for _, b := range blockers {
				await(t, b.started, "a blocking task to start")
			}
			for range more {
				require.NoError(t, p.Submit(func() { enter(); runtime.Gosched(); leave() }))
			}
			time.Sleep(5 * time.Millisecond) // a chance for one task too many to start
			require.Equal(t, int64(tt.limit), started.Load(), "tasks started while limit tasks block")

			releaseAll(blockers)
			closePool(t, p)
			require.Equal(t, int64(tt.limit+more), started.Load())
			require.Equal(t, int64(tt.limit), peak.Load(), "most tasks running at once")
		})
	}
}

func TestStatsReportsRunningAndWaiting(t *testing.T) {
	p, _ := newPool(t, 3)
	running, waiting := p.Stats()
	require.Equal(t, [2]int{0, 0}, [2]int{running, waiting}, "new pool")

	blockers := submitBlockers(t, p, 2)
	running, waiting = p.Stats()
	require.Equal(t, [2]int{2, 0}, [2]int{running, waiting}, "two blocked, below the limit")

	blockers = append(blockers, submitBlockers(t, p, 1)...)
	for range 4 {
		require.NoError(t, p.Submit(func() {}))
	}
	running, waiting = p.Stats()
	require.Equal(t, [2]int{3, 4}, [2]int{running, waiting}, "at the limit with four queued")

	releaseAll(blockers)
	closePool(t, p)
	running, waiting = p.Stats()
	require.Equal(t, [2]int{0, 0}, [2]int{running, waiting}, "closed")
}

func TestPanickingTaskIsLoggedAndLaterTasksRun(t *testing.T) {
	p, logs := newPool(t, 1)
	blockers := submitBlockers(t, p, 1) // both tasks below share one runner
	after := make(chan struct{})
	require.NoError(t, p.Submit(func() { panic("boom in a task") }))
	require.NoError(t, p.Submit(func() { close(after) }))
	releaseAll(blockers)
	await(t, after, "the task after the panic")

	got := logs.String()
	require.Contains(t, got, "panicked")
	require.Contains(t, got, "boom in a task")

	// A task submitted afterwards still runs too.
	again := make(chan struct{})
	require.NoError(t, p.Submit(func() { close(again) }))
	await(t, again, "a task submitted after the panic")
	closePool(t, p)
}

func TestSubmitAfterCloseFailsAndCloseIsIdempotent(t *testing.T) {
	p, _ := newPool(t, 2)
	closePool(t, p)
	require.ErrorIs(t, p.Submit(func() { t.Error("task ran after Close") }), blocking.ErrClosed)
	require.NoError(t, p.Close(context.Background()))
}

func TestCloseWaitsForQueuedTasks(t *testing.T) {
	const queued = 50
	p, _ := newPool(t, 1)
	blockers := submitBlockers(t, p, 1)
	var ran atomic.Int64
	for range queued {
		require.NoError(t, p.Submit(func() { ran.Add(1) }))
	}

	closed := make(chan error, 1)
	go func() { closed <- p.Close(context.Background()) }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned %v while tasks were still queued", err)
	case <-time.After(20 * time.Millisecond): // a chance to return too early
	}
	require.ErrorIs(t, p.Submit(func() {}), blocking.ErrClosed, "Submit while Close waits")

	releaseAll(blockers)
	require.NoError(t, testutil.Recv(t, closed, "Close to return after the tasks ran"))
	require.Equal(t, int64(queued), ran.Load())
}

func TestCloseWithCancelledContextWhileATaskBlocks(t *testing.T) {
	p, _ := newPool(t, 2)
	blockers := submitBlockers(t, p, 1)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, p.Close(ctx), context.Canceled)
	require.ErrorIs(t, p.Submit(func() {}), blocking.ErrClosed)

	// A second Close waits again, and succeeds once the task returns.
	closed := make(chan error, 1)
	go func() { closed <- p.Close(context.Background()) }()
	releaseAll(blockers)
	require.NoError(t, <-closed)
	goleak.VerifyNone(t, leakcheck.Options()...)
}

func TestNewRejectsLimitBelowOne(t *testing.T) {
	tests := []struct {
		name string
		give int
	}{
		{name: "zero", give: 0},
		{name: "negative", give: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := blocking.New(tt.give, slog.New(slog.DiscardHandler))
			require.Error(t, err)
			require.Nil(t, p)
		})
	}
}
