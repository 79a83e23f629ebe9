package uring_test

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/internal/uring"
)

// waitCompletions submits nothing and waits for n completions.
func waitCompletions(t *testing.T, r *uring.Ring, n int) []uring.Completion {
	t.Helper()
	var got []uring.Completion
	deadline := time.Now().Add(10 * time.Second)
	for len(got) < n {
		require.True(t, time.Now().Before(deadline), "waiting for %d completions, have %v", n, got)
		got = append(got, completions(r)...)
		if len(got) < n {
			_, err := r.Submit(1)
			require.NoError(t, err)
		}
	}
	return got
}

// TestRecvMultishot: one armed receive takes a provided buffer per
// arrival of data, stays armed, and ends at end of stream; a buffer given
// back is used again; an idle socket holds no buffer.
func TestRecvMultishot(t *testing.T) {
	r := newRing(t, 8)
	br, err := r.RegisterBufRing(7, 2)
	if err != nil {
		t.Skip("provided buffer rings:", err)
	}
	defer func() { require.NoError(t, br.Close()) }()
	bufs := [][]byte{make([]byte, 16), make([]byte, 16)}
	for id, b := range bufs {
		br.Add(uint16(id), b)
	}
	br.Publish()

	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fds[1])
	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepRecvMultishot(fds[1], br.Group(), 9)
	_, err = r.Submit(0)
	require.NoError(t, err)
	require.Empty(t, completions(r), "an idle socket: no completion, no buffer taken")

	var used []uint16
	for _, msg := range []string{"one", "two", "three"} {
		_, err := unix.Write(fds[0], []byte(msg))
		require.NoError(t, err)
		c := waitCompletions(t, r, 1)[0]
		require.Equal(t, uint64(9), c.UserData)
		require.Equal(t, int32(len(msg)), c.Res)
		require.NotZero(t, c.Flags&uring.FlagMore, "still armed")
		id, ok := c.BufferID()
		require.True(t, ok)
		require.Equal(t, msg, string(br.Buffer(id)[:c.Res]))
		used = append(used, id)
		br.Add(id, br.Buffer(id)) // consumed: give it back
		br.Publish()
	}
	require.Len(t, used, 3)

	require.NoError(t, unix.Close(fds[0]))
	c := waitCompletions(t, r, 1)[0]
	require.Equal(t, int32(0), c.Res, "end of stream")
	require.Zero(t, c.Flags&uring.FlagMore, "no longer armed")
}

// TestAcceptMultishot: one armed accept completes once per connection.
func TestAcceptMultishot(t *testing.T) {
	r := newRing(t, 8)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	raw, err := ln.(*net.TCPListener).SyscallConn()
	require.NoError(t, err)
	var lfd int
	require.NoError(t, raw.Control(func(fd uintptr) { lfd = int(fd) }))

	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepAcceptMultishot(lfd, 5)
	_, err = r.Submit(0)
	require.NoError(t, err)

	for i := range 3 {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err, strconv.Itoa(i))
		defer c.Close()
		got := waitCompletions(t, r, 1)[0]
		require.Equal(t, uint64(5), got.UserData)
		require.GreaterOrEqual(t, got.Res, int32(0), "a file descriptor")
		require.NotZero(t, got.Flags&uring.FlagMore)
		flags, err := unix.FcntlInt(uintptr(got.Res), unix.F_GETFL, 0)
		require.NoError(t, err)
		require.NotZero(t, flags&unix.O_NONBLOCK)
		require.NoError(t, unix.Close(int(got.Res)))
	}
}

// TestRegisterBufRingErrors: sizes that are not powers of two are
// refused before the kernel sees them.
func TestRegisterBufRingErrors(t *testing.T) {
	r := newRing(t, 8)
	for _, n := range []uint16{0, 3, 1<<15 + 1} {
		_, err := r.RegisterBufRing(1, n)
		require.Error(t, err, n)
	}
}

// TestRecvOutOfBuffers: with no buffer left in the group, an armed
// receive ends with -ENOBUFS instead of queueing data somewhere: memory
// stays what the ring was given.
func TestRecvOutOfBuffers(t *testing.T) {
	r := newRing(t, 8)
	br, err := r.RegisterBufRing(3, 1)
	if err != nil {
		t.Skip("provided buffer rings:", err)
	}
	defer func() { require.NoError(t, br.Close()) }()
	br.Add(0, make([]byte, 8))
	br.Publish()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	sqe, err := r.SQE()
	require.NoError(t, err)
	sqe.PrepRecvMultishot(fds[1], br.Group(), 1)
	_, err = r.Submit(0)
	require.NoError(t, err)

	_, err = unix.Write(fds[0], []byte("first"))
	require.NoError(t, err)
	first := waitCompletions(t, r, 1)[0]
	require.Equal(t, int32(5), first.Res)
	_, err = unix.Write(fds[0], []byte("second")) // the only buffer is still ours
	require.NoError(t, err)
	second := waitCompletions(t, r, 1)[0]
	require.Equal(t, -int32(unix.ENOBUFS), second.Res)
	require.Zero(t, second.Flags&uring.FlagMore, "the receive has ended: arm it again once a buffer is back")
}
