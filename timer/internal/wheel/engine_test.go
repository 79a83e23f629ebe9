package wheel

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

type funcTarget func()

func (f funcTarget) Fire() { f() }

// TestDriverSleepsUntilNextSlot: a driver with one timer an hour out (a
// level-3 slot) must wake for the few slots it cascades through, not once
// per tick; an idle driver must not wake at all.
func TestDriverSleepsUntilNextSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := New(Config{Shards: 1})
		var firedAt time.Duration
		e.Schedule(&Entry{}, funcTarget(func() { firedAt = e.Now() }), time.Hour)
		time.Sleep(2 * time.Hour)
		e.Stop()
		require.Equal(t, time.Hour, firedAt)
		require.LessOrEqual(t, e.shards[0].polls, 8, "one pass per cascade step, plus the fire")
	})
	synctest.Test(t, func(t *testing.T) {
		e := New(Config{Shards: 1})
		time.Sleep(time.Hour)
		e.Stop()
		require.LessOrEqual(t, e.shards[0].polls, 1)
	})
}

// TestBatchesAreBounded fires more entries at one tick than fit in a
// batch; all of them must fire, each exactly once.
func TestBatchesAreBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 3*batchSize + 7
		e := New(Config{Shards: 1})
		fired := 0
		entries := make([]Entry, n)
		for i := range entries {
			e.Schedule(&entries[i], funcTarget(func() { fired++ }), time.Millisecond)
		}
		time.Sleep(time.Second)
		e.Stop()
		require.Equal(t, n, fired)
	})
}
