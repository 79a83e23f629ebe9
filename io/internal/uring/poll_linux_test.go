package uring_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/internal/uring"
)

// socketPair returns a connected pair of non-blocking stream sockets,
// closed when the test ends.
func socketPair(t *testing.T) (a, b int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

// TestPollMultishotEdges: a multishot poll reports readiness present when
// it is armed, then once per change, as an edge-triggered epoll does; an
// update changes its events and a remove ends it.
func TestPollMultishotEdges(t *testing.T) {
	r := newRing(t, 8)
	a, b := socketPair(t)
	_, err := unix.Write(a, []byte("x"))
	require.NoError(t, err)
	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepPollMultishot(b, unix.POLLIN, 1)
	c := waitCompletions(t, r, 1)[0]
	require.Equal(t, uint64(1), c.UserData)
	require.NotZero(t, c.Res&unix.POLLIN, "ready when armed")
	require.NotZero(t, c.Flags&uring.FlagMore)

	time.Sleep(10 * time.Millisecond)
	require.Empty(t, completions(r), "no new edge while the data stays unread")
	_, err = unix.Write(a, []byte("y"))
	require.NoError(t, err)
	c = waitCompletions(t, r, 1)[0]
	require.NotZero(t, c.Res&unix.POLLIN, "an edge per arrival")

	sqe, err = r.SQE()
	require.NoError(t, err)
	sqe.PrepPollUpdate(1, unix.POLLOUT, 2)
	got := waitCompletions(t, r, 2)
	byData := map[uint64]uring.Completion{got[0].UserData: got[0], got[1].UserData: got[1]}
	require.Equal(t, int32(0), byData[2].Res, "the update")
	require.Equal(t, int32(unix.POLLOUT), byData[1].Res&(unix.POLLIN|unix.POLLOUT), "writable now, and only that is asked")

	sqe, err = r.SQE()
	require.NoError(t, err)
	sqe.PrepPollRemove(1, 3)
	got = waitCompletions(t, r, 2)
	byData = map[uint64]uring.Completion{got[0].UserData: got[0], got[1].UserData: got[1]}
	require.Equal(t, int32(0), byData[3].Res, "the remove")
	require.Equal(t, -int32(unix.ECANCELED), byData[1].Res)
	require.Zero(t, byData[1].Flags&uring.FlagMore, "disarmed")
}

// TestSendWaitsForRoom: a send on a full non-blocking socket does not
// fail with EAGAIN: it completes once the peer makes room.
func TestSendWaitsForRoom(t *testing.T) {
	r := newRing(t, 8)
	a, b := socketPair(t)
	big := make([]byte, 1<<20)
	filled, err := unix.Write(a, big)
	require.NoError(t, err)
	require.Less(t, filled, len(big), "the socket buffer is full")
	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepSend(a, big[:1000], 1)
	_, err = r.Submit(0)
	require.NoError(t, err)
	time.Sleep(20 * time.Millisecond)
	require.Empty(t, completions(r), "waiting for room")
	drained := 0
	for drained < filled {
		n, err := unix.Read(b, big)
		require.NoError(t, err)
		drained += n
	}
	c := waitCompletions(t, r, 1)[0]
	require.Equal(t, int32(1000), c.Res)
}

// TestConcurrentSubmitters: goroutines taking entries under a lock and
// entering on their own, while another waits in Enter, lose nothing.
func TestConcurrentSubmitters(t *testing.T) {
	r := newRing(t, 64)
	const per, goroutines = 200, 4
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range per {
				mu.Lock()
				sqe, err := r.SQE()
				for err == uring.ErrFull {
					n := r.Flush()
					mu.Unlock()
					_, _ = r.Enter(n, 0)
					mu.Lock()
					sqe, err = r.SQE()
				}
				sqe.PrepNop(uint64(g*per + i))
				n := r.Flush()
				mu.Unlock()
				if _, err := r.Enter(n, 0); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	seen := make(map[uint64]bool)
	deadline := time.Now().Add(10 * time.Second)
	for len(seen) < per*goroutines && time.Now().Before(deadline) {
		_, err := r.EnterWait(0, 10*time.Millisecond)
		require.NoError(t, err)
		r.Completions(func(c uring.Completion) {
			require.False(t, seen[c.UserData], "completed twice: %d", c.UserData)
			seen[c.UserData] = true
		})
	}
	wg.Wait()
	require.Len(t, seen, per*goroutines)
}
