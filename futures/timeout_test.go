package futures_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/futures"
)

func TestTimeoutError(t *testing.T) {
	require.ErrorIs(t, futures.ErrTimeout, context.DeadlineExceeded)
	var te interface{ Timeout() bool }
	require.ErrorAs(t, futures.ErrTimeout, &te)
	require.True(t, te.Timeout())
}

func TestTimeout(t *testing.T) {
	tests := []struct {
		name       string
		d          time.Duration
		completeAt time.Duration // < 0: never; 0: before Timeout is called
		giveErr    error
		wantV      int
		wantErr    error
		wantAt     time.Duration
	}{
		{name: "complete before", d: time.Second, completeAt: 0, wantV: 1},
		{name: "failed before", d: time.Second, completeAt: 0, giveErr: errBoom, wantErr: errBoom},
		{name: "completes in time", d: time.Second, completeAt: 500 * time.Millisecond, wantV: 1, wantAt: 500 * time.Millisecond},
		{name: "fails in time", d: time.Second, completeAt: 500 * time.Millisecond, giveErr: errBoom, wantErr: errBoom, wantAt: 500 * time.Millisecond},
		{name: "times out", d: time.Second, completeAt: 2 * time.Second, wantErr: futures.ErrTimeout, wantAt: time.Second},
		{name: "never completes", d: time.Second, completeAt: -1, wantErr: context.DeadlineExceeded, wantAt: time.Second},
		{name: "zero duration", d: 0, completeAt: -1, wantErr: futures.ErrTimeout},
		{name: "negative duration", d: -time.Second, completeAt: time.Second, wantErr: futures.ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p, f := futures.NewPromise[int]()
				if tt.completeAt == 0 {
					_ = p.Complete(1, tt.giveErr)
				}
				start := time.Now()
				out := futures.Timeout(f, tt.d)
				if tt.completeAt > 0 {
					time.AfterFunc(tt.completeAt, func() { _ = p.Complete(1, tt.giveErr) })
				}
				v, err := out.Await(context.Background())
				require.Equal(t, tt.wantAt, time.Since(start))
				if tt.wantErr == nil {
					require.NoError(t, err)
					require.Equal(t, tt.wantV, v)
				} else {
					require.ErrorIs(t, err, tt.wantErr)
				}
				if errors.Is(err, futures.ErrTimeout) && tt.d > 0 {
					require.Equal(t, "futures: timed out after "+tt.d.String(), err.Error())
				}
				require.Zero(t, futures.Waiting(f), "Timeout released its registration")
				synctest.Wait() // let a late completion run before the bubble ends
			})
		})
	}
}

func TestTimeoutOnCompleteFutureReturnsItAndMakesNoTimer(t *testing.T) {
	var clock manualClock
	f := futures.Resolved(1)
	require.Equal(t, f, futures.Timeout(f, time.Second, futures.WithClock(&clock)))
	made, _, _ := clock.counts()
	require.Zero(t, made)
}

func TestTimeoutReleasesEverything(t *testing.T) {
	t.Run("source first stops the timer", func(t *testing.T) {
		var clock manualClock
		p, f := futures.NewPromise[int]()
		out := futures.Timeout(f, time.Second, futures.WithClock(&clock))
		require.Equal(t, 1, futures.Waiting(f))
		require.NoError(t, p.Resolve(2))
		requireResult(t, out, 2, nil)
		made, stopped, _ := clock.counts()
		require.Equal(t, 1, made)
		require.Equal(t, 1, stopped)
		require.Zero(t, clock.fireAll())
	})
	t.Run("timer first unlinks from the source", func(t *testing.T) {
		var clock manualClock
		p, f := futures.NewPromise[int]()
		for range 1000 {
			out := futures.Timeout(f, time.Second, futures.WithClock(&clock))
			require.Equal(t, 1, clock.fireAll())
			requireResult(t, out, 0, futures.ErrTimeout)
		}
		require.Zero(t, futures.Waiting(f), "a long-pending source holds no expired Timeout")
		require.NoError(t, p.Resolve(1), "the source is not cancelled")
	})
	t.Run("timer fires during registration", func(t *testing.T) {
		p, f := futures.NewPromise[int]()
		out := futures.Timeout(f, time.Second, futures.WithClock(firingClock{}))
		requireResult(t, out, 0, futures.ErrTimeout)
		require.Zero(t, futures.Waiting(f))
		require.NoError(t, p.Resolve(1))
	})
	t.Run("source completes during registration", func(t *testing.T) {
		p, f := futures.NewPromise[int]()
		clock := &completingClock{complete: func() { _ = p.Resolve(3) }}
		out := futures.Timeout(f, time.Second, futures.WithClock(clock))
		requireResult(t, out, 3, nil)
		require.True(t, clock.timer.stopped)
	})
}

// firingClock fires every timer before AfterFunc returns.
type firingClock struct{}

func (firingClock) AfterFunc(_ time.Duration, f func()) futures.Timer {
	f()
	return &manualTimer{clock: &manualClock{}, fired: true}
}

// completingClock runs complete while scheduling, as if the source
// completed on another goroutine at that moment.
type completingClock struct {
	complete func()
	timer    *manualTimer
}

func (c *completingClock) AfterFunc(time.Duration, func()) futures.Timer {
	c.complete()
	c.timer = &manualTimer{clock: &manualClock{}}
	return c.timer
}

func TestTimeoutRaceBetweenTimerAndSource(t *testing.T) {
	for range 200 {
		p, f := futures.NewPromise[int]()
		out := futures.Timeout(f, time.Microsecond)
		go func() { _ = p.Resolve(1) }()
		v, err := out.Await(context.Background())
		if err == nil {
			require.Equal(t, 1, v)
		} else {
			require.ErrorIs(t, err, futures.ErrTimeout)
		}
		_, _ = f.Await(context.Background())
		require.Zero(t, futures.Waiting(f))
	}
}

func TestWithContext(t *testing.T) {
	t.Run("source first", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p, f := futures.NewPromise[int]()
		out := futures.WithContext(ctx, f)
		require.NoError(t, p.Resolve(1))
		requireResult(t, out, 1, nil)
	})
	t.Run("cancel first", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		p, f := futures.NewPromise[int]()
		out := futures.WithContext(ctx, f)
		cancel()
		_, err := out.Await(context.Background())
		require.ErrorIs(t, err, context.Canceled)
		require.Zero(t, futures.Waiting(f))
		require.NoError(t, p.Resolve(1), "the source is not cancelled")
	})
	t.Run("deadline first", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, f := futures.NewPromise[int]()
			_, err := futures.WithContext(ctx, f).Await(context.Background())
			require.ErrorIs(t, err, context.DeadlineExceeded)
		})
	})
	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, f := futures.NewPromise[int]()
		requireResult(t, futures.WithContext(ctx, f), 0, context.Canceled)
		require.Zero(t, futures.Waiting(f))
	})
	t.Run("already complete wins", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		f := futures.Resolved(1)
		require.Equal(t, f, futures.WithContext(ctx, f))
	})
	t.Run("a context that is never done", func(t *testing.T) {
		_, f := futures.NewPromise[int]()
		require.Equal(t, f, futures.WithContext(context.Background(), f))
	})
	t.Run("source first releases the context", func(t *testing.T) {
		ctx := &customContext{Context: context.Background(), done: make(chan struct{})}
		p, f := futures.NewPromise[int]()
		out := futures.WithContext(ctx, f)
		require.NoError(t, p.Resolve(1))
		requireResult(t, out, 1, nil)
		// A custom context makes context.AfterFunc start a goroutine;
		// stopping it on completion must end that goroutine.
		goleak.VerifyNone(t)
	})
}

// customContext is a context of a type the standard library does not
// know, for which context.AfterFunc starts a goroutine.
type customContext struct {
	context.Context
	done chan struct{}
}

func (c *customContext) Done() <-chan struct{} { return c.done }
