//go:build unix

package remote_test

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote"
)

// A node paused for longer than DownAfter (SIGSTOP) is declared down; when
// it resumes, the other node tells it so, and it lets that node go in
// turn and counts itself quarantined, instead of running on unaware.
func TestPausedNodeLearnsItWasDeclaredDown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(askRegistry(t)), remote.WithHeartbeat(heartbeat, downAfter))
	child, _, lines := startChildLines(t, a.URL())
	ref := lookup[Get](t, a, "store")
	terminated := ref.PID().Terminated()
	require.NoError(t, child.Process.Signal(syscall.SIGSTOP))
	term, err := terminated.Await(t.Context())
	require.NoError(t, err)
	require.ErrorIs(t, term.Reason, remote.ErrNodeDown)
	require.NoError(t, child.Process.Signal(syscall.SIGCONT))
	require.Equal(t, "quarantined", recv(t, lines))
	require.EqualValues(t, 0, a.Metrics().Members, "still down for a")
}
