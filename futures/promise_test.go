package futures_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

var errBoom = errors.New("boom")

func TestPromiseCompletesOnce(t *testing.T) {
	tests := []struct {
		name    string
		give    func(futures.Promise[int]) error
		wantV   int
		wantErr error
	}{
		{"resolve", func(p futures.Promise[int]) error { return p.Resolve(7) }, 7, nil},
		{"reject", func(p futures.Promise[int]) error { return p.Reject(errBoom) }, 0, errBoom},
		{"reject nil", func(p futures.Promise[int]) error { return p.Reject(nil) }, 0, futures.ErrNilRejection},
		{"complete value", func(p futures.Promise[int]) error { return p.Complete(3, nil) }, 3, nil},
		{"complete keeps partial value", func(p futures.Promise[int]) error { return p.Complete(3, errBoom) }, 3, errBoom},
	}
	seconds := []struct {
		name string
		give func(futures.Promise[int]) error
	}{
		{"resolve", func(p futures.Promise[int]) error { return p.Resolve(99) }},
		{"reject", func(p futures.Promise[int]) error { return p.Reject(errors.New("late")) }},
		{"complete", func(p futures.Promise[int]) error { return p.Complete(99, nil) }},
	}
	for _, tt := range tests {
		for _, second := range seconds {
			t.Run(tt.name+" then "+second.name, func(t *testing.T) {
				p, f := futures.NewPromise[int]()
				require.NoError(t, tt.give(p))
				require.ErrorIs(t, second.give(p), futures.ErrAlreadyCompleted)

				v, err := f.Await(context.Background())
				require.Equal(t, tt.wantV, v)
				if tt.wantErr == nil {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, tt.wantErr)
				}
			})
		}
	}
}

func TestPromiseFutureIsTheSameFuture(t *testing.T) {
	p, f := futures.NewPromise[string]()
	require.Equal(t, f, p.Future())
	require.NoError(t, p.Resolve("x"))
	v, err, ok := p.Future().Result()
	require.True(t, ok)
	require.NoError(t, err)
	require.Equal(t, "x", v)
}

func TestPromiseIsARejecter(t *testing.T) {
	p, f := futures.NewPromise[int]()
	var r futures.Rejecter = p
	require.NoError(t, r.Reject(futures.ErrBrokenPromise))
	require.ErrorIs(t, r.Reject(errBoom), futures.ErrAlreadyCompleted)
	_, err := f.Await(context.Background())
	require.ErrorIs(t, err, futures.ErrBrokenPromise)
}

func TestZeroValues(t *testing.T) {
	var p futures.Promise[int]
	require.ErrorIs(t, p.Resolve(1), futures.ErrAlreadyCompleted)
	require.ErrorIs(t, p.Reject(errBoom), futures.ErrAlreadyCompleted)

	var f futures.Future[int]
	require.Equal(t, f, p.Future())
	_, err := f.Await(context.Background())
	require.ErrorIs(t, err, futures.ErrBrokenPromise)
	require.Equal(t, result[int]{0, futures.ErrBrokenPromise, true}, peek(f))
	<-f.Done()
	var got error
	f.OnComplete(func(_ int, err error) { got = err })
	require.ErrorIs(t, got, futures.ErrBrokenPromise)
	_, err = futures.Map(f, func(int) (int, error) { return 1, nil }).Await(context.Background())
	require.ErrorIs(t, err, futures.ErrBrokenPromise)
}

func TestConcurrentCompletionHasOneWinner(t *testing.T) {
	const rounds, racers = 200, 8
	for range rounds {
		p, f := futures.NewPromise[int]()
		var wins atomic.Int32
		var heard atomic.Int32
		f.OnComplete(func(int, error) { heard.Add(1) })
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range racers {
			wg.Go(func() {
				<-start
				var err error
				switch i % 3 {
				case 0:
					err = p.Resolve(i)
				case 1:
					err = p.Reject(errBoom)
				default:
					err = p.Complete(i, nil)
				}
				if err == nil {
					wins.Add(1)
				} else {
					require.ErrorIs(t, err, futures.ErrAlreadyCompleted)
				}
			})
		}
		readers := make(chan result[int], racers)
		for range racers {
			wg.Go(func() {
				<-start
				v, err := f.Await(context.Background())
				readers <- result[int]{v, err, true}
			})
		}
		close(start)
		wg.Wait()
		close(readers)
		require.EqualValues(t, 1, wins.Load())
		require.EqualValues(t, 1, heard.Load())
		want := peek(f)
		for got := range readers {
			require.Equal(t, want, got, "every reader sees the one result")
		}
	}
}
