package uring_test

import (
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/internal/uring"
)

// TestWaitTimeout: with nothing to complete, Wait returns false after its
// timeout.
func TestWaitTimeout(t *testing.T) {
	r := newRing(t, 4)
	start := time.Now()
	ready, err := r.Wait(20 * time.Millisecond)
	require.NoError(t, err)
	require.False(t, ready)
	require.GreaterOrEqual(t, time.Since(start), 15*time.Millisecond)
}

// TestWaitWokenByEventfd: a loop waiting on its ring is woken by another
// goroutine writing to an eventfd that a multishot poll watches.
func TestWaitWokenByEventfd(t *testing.T) {
	r := newRing(t, 4)
	efd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	require.NoError(t, err)
	defer unix.Close(efd)
	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepPollMultishot(efd, unix.POLLIN, 77)
	_, err = r.Submit(0)
	require.NoError(t, err)

	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		time.Sleep(20 * time.Millisecond)
		_, _ = unix.Write(efd, binary.NativeEndian.AppendUint64(nil, 1))
	})
	start := time.Now()
	ready, err := r.Wait(10 * time.Second)
	require.NoError(t, err)
	require.True(t, ready)
	require.Less(t, time.Since(start), 5*time.Second)
	got := completions(r)
	require.Len(t, got, 1)
	require.Equal(t, uint64(77), got[0].UserData)
	require.NotZero(t, got[0].Flags&uring.FlagMore, "armed for the next wake-up")
}

// TestCancelAndClose: cancelling an armed receive completes it with
// -ECANCELED; a close through the ring closes the descriptor.
func TestCancelAndClose(t *testing.T) {
	r := newRing(t, 8)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fds[0])
	in := make([]byte, 8)
	recv, err := r.SQE()
	require.NoError(t, err)
	recv.PrepRecv(fds[1], in, 1)
	_, err = r.Submit(0)
	require.NoError(t, err)

	cancel, err := r.SQE()
	require.NoError(t, err)
	cancel.PrepCancel(1, 2)
	got := waitCompletions(t, r, 2)
	res := map[uint64]int32{}
	for _, c := range got {
		res[c.UserData] = c.Res
	}
	require.Equal(t, map[uint64]int32{1: -int32(unix.ECANCELED), 2: 0}, res)

	cl, err := r.SQE()
	require.NoError(t, err)
	cl.PrepClose(fds[1], 3)
	c := waitCompletions(t, r, 1)[0]
	require.Equal(t, int32(0), c.Res)
	_, err = unix.FcntlInt(uintptr(fds[1]), unix.F_GETFD, 0)
	require.ErrorIs(t, err, unix.EBADF, "closed by the ring")
}
