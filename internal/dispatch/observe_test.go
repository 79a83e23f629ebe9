package dispatch_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/dispatch"
)

// TestWorkerObservability: workers know their index and goroutine id, and
// time one turn in TurnSample.
func TestWorkerObservability(t *testing.T) {
	d, _ := newDispatcher(t, 2)
	const turns = 10 * dispatch.TurnSample
	done := make(chan struct{})
	d.Schedule(&counter{want: turns, done: func() { close(done) }})
	await(t, done, "turns")
	stop(t, d)
	for i, w := range d.Workers() {
		require.Equal(t, i, w.ID)
		require.NotZero(t, w.GoID.Load())
		var sampled uint64
		for b := range w.TurnNanos {
			sampled += w.TurnNanos[b].Load()
		}
		require.Equal(t, w.Turns.Load()/dispatch.TurnSample, sampled)
	}
	require.EqualValues(t, turns, sumTurns(d))
}
