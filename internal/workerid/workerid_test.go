package workerid_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/workerid"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestEnterMarksOnlyTheCallingGoroutine(t *testing.T) {
	require.False(t, workerid.IsWorker())

	entered := make(chan struct{})
	release := make(chan struct{})
	done := make(chan bool)
	go func() {
		leave := workerid.Enter()
		close(entered)
		<-release
		inside := workerid.IsWorker()
		leave()
		done <- inside && !workerid.IsWorker()
	}()
	<-entered
	require.False(t, workerid.IsWorker(), "another goroutine's mark must not leak to this one")
	close(release)
	require.True(t, <-done)
}
