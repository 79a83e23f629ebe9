package dispatch_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/dispatch"
	"github.com/actorio/actorio/internal/testutil"
)

// guard bounds every wait so that a deadlock fails the test instead of
// hanging it.
const guard = testutil.Guard

// logBuffer collects a log that goroutines under test write to.
type logBuffer = testutil.LogBuffer

// newDispatcher starts a dispatcher with n workers whose log goes to the
// returned buffer, and stops it when the test ends unless the test did.
func newDispatcher(t *testing.T, n int) (*dispatch.Dispatcher, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	d, err := dispatch.New(n, slog.New(slog.NewTextHandler(logs, nil)))
	require.NoError(t, err)
	require.Len(t, d.Workers(), n)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), guard)
		defer cancel()
		if err := d.Stop(ctx); err != nil {
			t.Errorf("Stop at cleanup: %v", err)
		}
	})
	return d, logs
}

// stop stops d and requires that every worker exited in time.
func stop(t *testing.T, d *dispatch.Dispatcher) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	require.NoError(t, d.Stop(ctx))
}

// await fails the test if ch is not closed within the guard time.
func await(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	testutil.Recv(t, ch, what)
}

// awaitGroup is await for a WaitGroup.
func awaitGroup(t *testing.T, wg *sync.WaitGroup, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	await(t, done, what)
}

// runFunc adapts a function to dispatch.Runnable.
type runFunc func(w *dispatch.Worker) bool

func (f runFunc) Run(w *dispatch.Worker) bool { return f(w) }

// blocker is a runnable whose one turn blocks until released.
type blocker struct {
	entered chan struct{} // closed when the turn starts
	release chan struct{} // closed by the test to end the turn
}

func newBlocker() *blocker {
	return &blocker{entered: make(chan struct{}), release: make(chan struct{})}
}

func (b *blocker) Run(*dispatch.Worker) bool {
	close(b.entered)
	<-b.release
	return false
}

// sumTurns adds up the Turns counters of d's workers.
func sumTurns(d *dispatch.Dispatcher) int64 {
	var n int64
	for _, w := range d.Workers() {
		n += int64(w.Turns.Load())
	}
	return n
}

// afterGuard fires when a bounded wait has waited too long.
func afterGuard() <-chan time.Time { return time.After(guard) }
