package workerid_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/workerid"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRunMarksOnlyTheCallingGoroutine(t *testing.T) {
	require.False(t, workerid.IsWorker())

	entered := make(chan struct{})
	release := make(chan struct{})
	done := make(chan bool)
	go func() {
		var inside bool
		workerid.Run(func() {
			close(entered)
			<-release
			inside = workerid.IsWorker()
		})
		done <- inside && !workerid.IsWorker()
	}()
	<-entered
	require.False(t, workerid.IsWorker(), "another goroutine's mark must not leak to this one")
	close(release)
	require.True(t, <-done)
}

// TestDeepStack finds the mark below more frames than one runtime.Callers
// batch returns.
func TestDeepStack(t *testing.T) {
	var deep func(n int) bool
	deep = func(n int) bool {
		if n == 0 {
			return workerid.IsWorker()
		}
		return deep(n - 1)
	}
	var got bool
	workerid.Run(func() { got = deep(300) })
	require.True(t, got)
	require.False(t, deep(300))
}

// TestFallbackAgrees checks the portable walk against the same goroutines
// as the platform one.
func TestFallbackAgrees(t *testing.T) {
	var inside bool
	workerid.Run(func() { inside = workerid.CallersIsWorker() })
	require.True(t, inside)
	require.False(t, workerid.CallersIsWorker())
}
