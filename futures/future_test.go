package futures_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/workerid"
)

func TestResolvedAndFailed(t *testing.T) {
	require.Equal(t, result[int]{5, nil, true}, peek(futures.Resolved(5)))
	require.Equal(t, result[int]{0, errBoom, true}, peek(futures.Failed[int](errBoom)))
	require.Equal(t, result[int]{0, futures.ErrNilRejection, true}, peek(futures.Failed[int](nil)))
}

func TestAwait(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		give    func() futures.Future[int]
		wantV   int
		wantErr error
	}{
		{"complete", context.Background(), func() futures.Future[int] { return futures.Resolved(1) }, 1, nil},
		{"failed", context.Background(), func() futures.Future[int] { return futures.Failed[int](errBoom) }, 0, errBoom},
		{"complete beats a cancelled ctx", cancelled, func() futures.Future[int] { return futures.Resolved(2) }, 2, nil},
		{"pending with a cancelled ctx", cancelled, func() futures.Future[int] { _, f := pending[int](); return f }, 0, context.Canceled},
		{"completed later", context.Background(), func() futures.Future[int] {
			p, f := pending[int]()
			go func() { _ = p.Resolve(3) }()
			return f
		}, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.give().Await(tt.ctx)
			require.Equal(t, tt.wantV, v)
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.wantErr)
			}
		})
	}
}

func TestAwaitCancelledWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, f := pending[int]()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := f.Await(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, time.Second, time.Since(start))
		require.NoError(t, p.Resolve(1), "a cancelled Await leaves the future untouched")
	})
}

func TestAwaitOnWorker(t *testing.T) {
	type outcome struct {
		pendingErr  error
		completeV   int
		completeErr error
	}
	done := make(chan outcome)
	go workerid.Run(func() {
		var o outcome
		_, f := pending[int]()
		// f never completes: Await returning at all shows it refused.
		_, o.pendingErr = f.Await(context.Background())
		o.completeV, o.completeErr = futures.Resolved(4).Await(context.Background())
		done <- o
	})
	select {
	case o := <-done:
		require.ErrorIs(t, o.pendingErr, futures.ErrAwaitOnWorker)
		require.Contains(t, o.pendingErr.Error(), "actor.Await")
		require.Contains(t, o.pendingErr.Error(), "PipeTo")
		require.NoError(t, o.completeErr, "a complete future is fine on a worker")
		require.Equal(t, 4, o.completeV)
	case <-time.After(10 * time.Second):
		t.Fatal("Await blocked a worker")
	}
}

func TestDone(t *testing.T) {
	p, f := pending[int]()
	require.False(t, futures.HasDoneChan(f), "no channel until someone asks")
	f.OnComplete(func(int, error) {})
	_, _, _ = f.Result()
	require.False(t, futures.HasDoneChan(f))

	ch := f.Done()
	require.True(t, futures.HasDoneChan(f))
	require.Equal(t, ch, f.Done(), "one channel per future")
	select {
	case <-ch:
		t.Fatal("closed before completion")
	default:
	}
	require.NoError(t, p.Resolve(1))
	<-ch
	<-f.Done()

	done := futures.Resolved(1)
	<-done.Done()
	require.False(t, futures.HasDoneChan(done), "a complete future needs no channel of its own")
}

func TestResult(t *testing.T) {
	p, f := pending[int]()
	require.Equal(t, result[int]{}, peek(f))
	require.NoError(t, p.Complete(8, errBoom))
	require.Equal(t, result[int]{8, errBoom, true}, peek(f))
}

func TestOnComplete(t *testing.T) {
	t.Run("runs later in order on the completer", func(t *testing.T) {
		p, f := pending[int]()
		var got []int
		for i := range 3 {
			f.OnComplete(func(v int, err error) {
				require.NoError(t, err)
				got = append(got, v*10+i)
			})
		}
		require.Empty(t, got)
		require.NoError(t, p.Resolve(1))
		require.Equal(t, []int{10, 11, 12}, got, "before Resolve returns")
		require.ErrorIs(t, p.Resolve(2), futures.ErrAlreadyCompleted)
		require.Equal(t, []int{10, 11, 12}, got, "exactly once")
	})
	t.Run("runs inline when complete", func(t *testing.T) {
		var got error
		futures.Failed[int](errBoom).OnComplete(func(_ int, err error) { got = err })
		require.ErrorIs(t, got, errBoom)
	})
	t.Run("a panic hurts neither the completer nor the others", func(t *testing.T) {
		p, f := pending[int]()
		var after bool
		f.OnComplete(func(int, error) { panic("callback") })
		f.OnComplete(func(int, error) { after = true })
		require.NotPanics(t, func() { require.NoError(t, p.Resolve(1)) })
		require.True(t, after)
		require.NotPanics(t, func() { f.OnComplete(func(int, error) { panic("inline") }) })
	})
	t.Run("nil is ignored", func(t *testing.T) {
		p, f := pending[int]()
		f.OnComplete(nil)
		require.Zero(t, futures.Waiting(f))
		require.NoError(t, p.Resolve(1))
	})
	t.Run("a callback may register another", func(t *testing.T) {
		p, f := pending[int]()
		var inner bool
		f.OnComplete(func(int, error) { f.OnComplete(func(int, error) { inner = true }) })
		require.NoError(t, p.Resolve(1))
		require.True(t, inner)
	})
}
