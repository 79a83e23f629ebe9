package remote_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote"
)

// The detector declares a node down after DownAfter of silence, not
// before, on the clock it is given: here synctest's.
func TestDetector(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := remote.NewDetector(time.Second, time.Now)
		require.Empty(t, d.Expired())
		d.Heard("a")
		d.Heard("b")
		time.Sleep(600 * time.Millisecond)
		d.Heard("b") // b keeps beating, a falls silent
		d.Heard("c")
		time.Sleep(400 * time.Millisecond)
		require.Empty(t, d.Expired(), "a silent for exactly DownAfter is not down yet")
		time.Sleep(time.Millisecond)
		require.Equal(t, []string{"a"}, d.Expired())
		require.Empty(t, d.Expired(), "declared once")
		time.Sleep(600 * time.Millisecond)
		require.Equal(t, []string{"b", "c"}, d.Expired())
		d.Heard("e")
		d.Forget("e")
		time.Sleep(2 * time.Second)
		require.Empty(t, d.Expired(), "a forgotten node is not declared")
	})
}

// A ticker-driven loop like the node's declares a silent node within
// DownAfter plus one tick.
func TestDetectorBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const tick, downAfter = 100 * time.Millisecond, 500 * time.Millisecond
		d := remote.NewDetector(downAfter, time.Now)
		d.Heard("x")
		start := time.Now()
		ticker := time.NewTicker(tick)
		defer ticker.Stop()
		for range ticker.C {
			if len(d.Expired()) > 0 {
				break
			}
		}
		elapsed := time.Since(start)
		require.Greater(t, elapsed, downAfter)
		require.LessOrEqual(t, elapsed, downAfter+tick)
	})
}
