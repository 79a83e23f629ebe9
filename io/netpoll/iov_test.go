//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

func TestReadvWritevScatterGather(t *testing.T) {
	tests := []struct {
		name  string
		give  []string // written with one Writev
		sizes []int    // buffers given to one Readv
		want  []string // what each buffer holds afterwards
	}{
		{
			name:  "gather then one buffer",
			give:  []string{"hello", ", ", "world"},
			sizes: []int{64},
			want:  []string{"hello, world"},
		},
		{
			name:  "one write scattered",
			give:  []string{"abcdefgh"},
			sizes: []int{3, 0, 2, 10},
			want:  []string{"abc", "", "de", "fgh"},
		},
		{
			name:  "empty buffers are skipped",
			give:  []string{"", "x", "", "yz"},
			sizes: []int{1, 2},
			want:  []string{"x", "yz"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := socketPair(t, unix.SOCK_STREAM)
			var give [][]byte
			total := 0
			for _, s := range tt.give {
				give = append(give, []byte(s))
				total += len(s)
			}
			n, err := netpoll.Writev(a, give)
			require.NoError(t, err)
			require.Equal(t, total, n)

			bufs := make([][]byte, len(tt.sizes))
			for i, size := range tt.sizes {
				bufs[i] = make([]byte, size)
			}
			n, err = netpoll.Readv(b, bufs)
			require.NoError(t, err)
			require.Equal(t, total, n)
			for i, want := range tt.want {
				require.Equal(t, want, string(bufs[i][:len(want)]), "buffer %d", i)
			}
		})
	}
}

func TestReadvWouldBlockAndEOF(t *testing.T) {
	a, b := socketPair(t, unix.SOCK_STREAM)
	buf := [][]byte{make([]byte, 8)}

	n, err := netpoll.Readv(b, buf)
	require.ErrorIs(t, err, netpoll.ErrWouldBlock)
	require.Zero(t, n)

	require.NoError(t, unix.Close(a))
	n, err = netpoll.Readv(b, buf)
	require.NoError(t, err)
	require.Zero(t, n, "end of file is 0, nil")
}

func TestNoRoomIsNoCall(t *testing.T) {
	// fd -1 would fail with EBADF: no system call is made.
	for _, bufs := range [][][]byte{nil, {}, {nil, {}}} {
		n, err := netpoll.Readv(-1, bufs)
		require.NoError(t, err)
		require.Zero(t, n)
		n, err = netpoll.Writev(-1, bufs)
		require.NoError(t, err)
		require.Zero(t, n)
	}
}

func TestWritevWouldBlockThenEPIPE(t *testing.T) {
	a, b := socketPair(t, unix.SOCK_STREAM)
	chunk := make([]byte, 64<<10)
	for i := 0; ; i++ {
		require.Less(t, i, 4096, "never blocked")
		_, err := netpoll.Writev(a, [][]byte{chunk})
		if errors.Is(err, netpoll.ErrWouldBlock) {
			break
		}
		require.NoError(t, err)
	}
	require.NoError(t, unix.Close(b))
	_, err := netpoll.Writev(a, [][]byte{chunk})
	require.ErrorIs(t, err, syscall.EPIPE)
}

func TestSyscallErrorsAreWrapped(t *testing.T) {
	_, err := netpoll.Readv(-1, [][]byte{make([]byte, 1)})
	require.ErrorIs(t, err, syscall.EBADF)
	var se *os.SyscallError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "readv", se.Syscall)

	_, err = netpoll.Writev(-1, [][]byte{make([]byte, 1)})
	require.ErrorIs(t, err, syscall.EBADF)
	require.ErrorAs(t, err, &se)
	require.Equal(t, "writev", se.Syscall)
}

func TestIovecsCappedAtIOVMax(t *testing.T) {
	a, b := socketPair(t, unix.SOCK_STREAM)
	ones := make([][]byte, 2000)
	for i := range ones {
		ones[i] = []byte{'w'}
	}
	n, err := netpoll.Writev(a, ones)
	require.NoError(t, err, "more than IOV_MAX buffers must not fail with EINVAL")
	require.Equal(t, 1024, n)

	for i := range ones {
		ones[i] = []byte{0}
	}
	n, err = netpoll.Readv(b, ones)
	require.NoError(t, err)
	require.Equal(t, 1024, n)
	got := make([]string, 0, n)
	for _, o := range ones[:n] {
		got = append(got, string(o))
	}
	require.Equal(t, strings.Repeat("w", 1024), strings.Join(got, ""))
	require.Equal(t, byte(0), ones[1024][0], "buffers past IOV_MAX are untouched")
}
