package blocking_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/blocking"
	"github.com/actorio/actorio/internal/testutil"
)

// guard bounds every wait so that a deadlock fails the test instead of
// hanging it.
const guard = testutil.Guard

// logBuffer collects a log that goroutines under test write to.
type logBuffer = testutil.LogBuffer

// newPool returns a pool whose log goes to the returned buffer, closed when
// the test ends unless the test did.
func newPool(t *testing.T, limit int) (*blocking.Pool, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	p, err := blocking.New(limit, slog.New(slog.NewTextHandler(logs, nil)))
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), guard)
		defer cancel()
		if err := p.Close(ctx); err != nil {
			t.Errorf("Close at cleanup: %v", err)
		}
	})
	return p, logs
}

// closePool closes p and requires that every task ran in time.
func closePool(t *testing.T, p *blocking.Pool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	require.NoError(t, p.Close(ctx))
}

// await fails the test if ch is not closed within the guard time.
func await(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	testutil.Recv(t, ch, what)
}

// blocker is a task that blocks until released.
type blocker struct {
	started chan struct{} // closed when the task starts
	release chan struct{} // closed by the test to end the task
}

func newBlocker() *blocker {
	return &blocker{started: make(chan struct{}), release: make(chan struct{})}
}

func (b *blocker) run() {
	close(b.started)
	<-b.release
}

// submitBlockers submits n blockers to p and waits until all have started.
func submitBlockers(t *testing.T, p *blocking.Pool, n int) []*blocker {
	t.Helper()
	bs := make([]*blocker, n)
	for i := range bs {
		bs[i] = newBlocker()
		require.NoError(t, p.Submit(bs[i].run))
	}
	for _, b := range bs {
		await(t, b.started, "a blocking task to start")
	}
	return bs
}

func releaseAll(bs []*blocker) {
	for _, b := range bs {
		close(b.release)
	}
}
