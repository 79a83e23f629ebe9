package futures_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

func TestPendingFuturesStartNoGoroutines(t *testing.T) {
	const n = 1000
	var clock manualClock
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	before := runtime.NumGoroutine()

	ps := make([]futures.Promise[int], n)
	fs := make([]futures.Future[int], n)
	for i := range ps {
		ps[i], fs[i] = futures.NewPromise[int]()
		fs[i] = futures.Map(fs[i], func(v int) (int, error) { return v + 1, nil })
		fs[i] = futures.Timeout(fs[i], time.Hour, futures.WithClock(&clock))
		fs[i] = futures.WithContext(ctx, fs[i])
		fs[i].OnComplete(func(int, error) {})
	}
	all := futures.All(fs...)
	require.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines of earlier tests may still be ending, none may start")

	for i, p := range ps {
		require.NoError(t, p.Resolve(i))
	}
	v, err := all.Await(context.Background())
	require.NoError(t, err)
	require.Len(t, v, n)
	require.Equal(t, n, v[n-1])
	made, stopped, _ := clock.counts()
	require.Equal(t, n, made)
	require.Equal(t, n, stopped)
}

func TestLongChainCompletes(t *testing.T) {
	p, f := futures.NewPromise[int]()
	for range 10_000 {
		f = futures.Map(f, func(v int) (int, error) { return v + 1, nil })
	}
	require.NoError(t, p.Resolve(0))
	v, err := f.Await(context.Background())
	require.NoError(t, err)
	require.Equal(t, 10_000, v)
}
