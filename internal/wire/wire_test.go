package wire_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDoSetsTheContextOfTheCallingGoroutineOnly(t *testing.T) {
	require.Nil(t, wire.Current())
	err := wire.Do("outer", func() error {
		require.Equal(t, "outer", wire.Current())
		done := make(chan any)
		go func() { done <- wire.Current() }()
		require.Nil(t, <-done, "another goroutine has no context")
		require.NoError(t, wire.Do("inner", func() error {
			require.Equal(t, "inner", wire.Current())
			return nil
		}))
		require.Equal(t, "outer", wire.Current(), "restored after a nested Do")
		return errors.New("returned")
	})
	require.EqualError(t, err, "returned")
	require.Nil(t, wire.Current())
}

func TestDoRestoresAfterAPanic(t *testing.T) {
	require.Panics(t, func() {
		_ = wire.Do("c", func() error { panic("boom") })
	})
	require.Nil(t, wire.Current())
}

func TestManyGoroutines(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			for range 1000 {
				_ = wire.Do(i, func() error {
					if wire.Current() != i {
						t.Errorf("goroutine %d sees %v", i, wire.Current())
					}
					return nil
				})
			}
		})
	}
	wg.Wait()
}

func BenchmarkDo(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		_ = wire.Do(1, func() error { _ = wire.Current(); return nil })
	}
}

// The fallback key of platforms without workerid.G: the goroutine ID.
func TestGoid(t *testing.T) {
	id := wire.Goid()
	require.NotZero(t, id)
	require.Equal(t, id, wire.Goid())
	other := make(chan uint64)
	go func() { other <- wire.Goid() }()
	require.NotEqual(t, id, <-other)
}
