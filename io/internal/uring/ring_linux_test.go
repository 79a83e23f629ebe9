package uring_test

import (
	"errors"
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/internal/uring"
)

// newRing returns a ring of n entries closed when the test ends, or
// skips the test where the kernel refuses io_uring.
func newRing(t *testing.T, n uint32) *uring.Ring {
	t.Helper()
	r, err := uring.New(n)
	if errors.Is(err, uring.ErrUnsupported) {
		t.Skip(err)
	}
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, r.Close()) })
	return r
}

// completions returns the ready completions.
func completions(r *uring.Ring) []uring.Completion {
	var out []uring.Completion
	r.Completions(func(c uring.Completion) { out = append(out, c) })
	return out
}

func TestSQESize(t *testing.T) {
	require.Equal(t, uintptr(64), unsafe.Sizeof(uring.SQE{}), "io_uring_sqe")
	require.Equal(t, uintptr(16), unsafe.Sizeof(uring.Completion{}), "io_uring_cqe")
}

// TestNop: a no-op goes in and comes back with its user data.
func TestNop(t *testing.T) {
	r := newRing(t, 8)
	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepNop(42)
	n, err := r.Submit(1)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, []uring.Completion{{UserData: 42}}, completions(r))
	require.Empty(t, completions(r), "each completion is seen once")
}

// TestFull: the ring hands out as many entries as it has, then ErrFull,
// and all of them complete in one Submit.
func TestFull(t *testing.T) {
	r := newRing(t, 4)
	for i := range 4 {
		sqe, err := r.SQE()
		require.NoError(t, err)
		sqe.PrepNop(uint64(i))
	}
	_, err := r.SQE()
	require.ErrorIs(t, err, uring.ErrFull)
	n, err := r.Submit(4)
	require.NoError(t, err)
	require.Equal(t, 4, n)
	got := completions(r)
	require.Len(t, got, 4)
	for i, c := range got {
		require.Equal(t, uint64(i), c.UserData)
	}
	_, err = r.SQE()
	require.NoError(t, err, "room again once submitted")
}

// TestSendRecv: a send and a receive on a socket pair, batched in one
// io_uring_enter.
func TestSendRecv(t *testing.T) {
	r := newRing(t, 8)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])

	out, in := []byte("hello, ring"), make([]byte, 64)
	send, err := r.SQE()
	require.NoError(t, err)
	send.PrepSend(fds[0], out, 1)
	recv, err := r.SQE()
	require.NoError(t, err)
	recv.PrepRecv(fds[1], in, 2)
	_, err = r.Submit(2)
	require.NoError(t, err)

	var got []uring.Completion
	for len(got) < 2 {
		got = append(got, completions(r)...)
		if len(got) < 2 {
			_, err = r.Submit(1)
			require.NoError(t, err)
		}
	}
	res := map[uint64]int32{}
	for _, c := range got {
		res[c.UserData] = c.Res
	}
	require.Equal(t, map[uint64]int32{1: int32(len(out)), 2: int32(len(out))}, res)
	require.Equal(t, out, in[:len(out)])

	// A receive on a closed peer completes with 0, and an error is a
	// negated errno.
	require.NoError(t, unix.Close(fds[0]))
	recv, err = r.SQE()
	require.NoError(t, err)
	recv.PrepRecv(fds[1], in, 3)
	bad, err := r.SQE()
	require.NoError(t, err)
	bad.PrepRecv(-1, in, 4)
	_, err = r.Submit(2)
	require.NoError(t, err)
	got = got[:0]
	for len(got) < 2 {
		got = append(got, completions(r)...)
		if len(got) < 2 {
			_, err = r.Submit(1)
			require.NoError(t, err)
		}
	}
	res = map[uint64]int32{}
	for _, c := range got {
		res[c.UserData] = c.Res
	}
	require.Equal(t, int32(0), res[3], "end of stream")
	require.Equal(t, -int32(unix.EBADF), res[4])
}

// TestSubmitFromAnotherThread: a ring's owner may run on any OS thread,
// as a goroutine does: the ring is not tied to the thread that set it up.
func TestSubmitFromAnotherThread(t *testing.T) {
	done := make(chan *uring.Ring)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		r, err := uring.New(4)
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	r := <-done
	if r == nil {
		t.Skip("no ring")
	}
	defer func() { require.NoError(t, r.Close()) }()
	runtime.LockOSThread() // another thread than the one that set it up
	defer runtime.UnlockOSThread()
	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepNop(1)
	_, err = r.Submit(1)
	require.NoError(t, err)
	require.Len(t, completions(r), 1)
}
