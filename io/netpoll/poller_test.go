//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

func TestZeroPollerIsClosed(t *testing.T) {
	var p netpoll.Poller
	require.ErrorIs(t, p.Add(0, netpoll.Readable, 1), netpoll.ErrClosed)
	require.ErrorIs(t, p.Modify(0, netpoll.Readable, 1), netpoll.ErrClosed)
	require.ErrorIs(t, p.Remove(0), netpoll.ErrClosed)
	require.ErrorIs(t, p.Wake(), netpoll.ErrClosed)
	_, err := p.Wait(make([]netpoll.Event, 1), 0)
	require.ErrorIs(t, err, netpoll.ErrClosed)
	require.ErrorIs(t, p.Close(), netpoll.ErrClosed)
}

func TestClosedPollerRefusesEverything(t *testing.T) {
	a, _ := socketPair(t, unix.SOCK_STREAM)
	p, err := netpoll.New()
	require.NoError(t, err)
	require.NoError(t, p.Add(a, netpoll.Readable, 1))
	require.NoError(t, p.Close())

	tests := []struct {
		name string
		op   func() error
	}{
		{"Add", func() error { return p.Add(a, netpoll.Readable, 2) }},
		{"Modify", func() error { return p.Modify(a, netpoll.Writable, 2) }},
		{"Remove", func() error { return p.Remove(a) }},
		{"Wake", p.Wake},
		{"Wait", func() error { _, err := p.Wait(make([]netpoll.Event, 1), 0); return err }},
		{"Close", p.Close},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.op(), netpoll.ErrClosed)
		})
	}
}

func TestCloseUnblocksWait(t *testing.T) {
	p, err := netpoll.New()
	require.NoError(t, err)
	done := waitAsync(p, -1)
	time.Sleep(quiet)
	require.NoError(t, p.Close())
	r := receive(t, done)
	require.ErrorIs(t, r.err, netpoll.ErrClosed)
	require.Zero(t, r.n)
}

func TestInvalidArguments(t *testing.T) {
	p := newPoller(t)
	a, _ := socketPair(t, unix.SOCK_STREAM)
	tests := []struct {
		name string
		op   func() error
	}{
		{"Add negative fd", func() error { return p.Add(-1, netpoll.Readable, 1) }},
		{"Add no interest", func() error { return p.Add(a, 0, 1) }},
		{"Add unknown interest", func() error { return p.Add(a, 4, 1) }},
		{"Add NoToken", func() error { return p.Add(a, netpoll.Readable, netpoll.NoToken) }},
		{"Modify negative fd", func() error { return p.Modify(-1, netpoll.Readable, 1) }},
		{"Modify no interest", func() error { return p.Modify(a, 0, 1) }},
		{"Modify NoToken", func() error { return p.Modify(a, netpoll.Writable, netpoll.NoToken) }},
		{"Remove negative fd", func() error { return p.Remove(-1) }},
		{"Wait empty slice", func() error { _, err := p.Wait(nil, 0); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.op(), netpoll.ErrInvalid)
		})
	}
	// Nothing was registered by the refused calls.
	require.ErrorIs(t, p.Remove(a), syscall.ENOENT)
}

func TestKernelErrorsAreWrapped(t *testing.T) {
	p := newPoller(t)
	a, _ := socketPair(t, unix.SOCK_STREAM)

	require.ErrorIs(t, p.Remove(a), syscall.ENOENT, "not registered")

	closed, _ := socketPair(t, unix.SOCK_STREAM)
	require.NoError(t, unix.Close(closed))
	err := p.Add(closed, netpoll.Readable, 1)
	require.ErrorIs(t, err, syscall.EBADF)
	require.ErrorContains(t, err, "netpoll: add fd")

	if runtime.GOOS == "linux" { // kqueue turns these into a Modify and an Add
		require.NoError(t, p.Add(a, netpoll.Readable, 1))
		require.ErrorIs(t, p.Add(a, netpoll.Readable, 1), syscall.EEXIST)
		b, _ := socketPair(t, unix.SOCK_STREAM)
		require.ErrorIs(t, p.Modify(b, netpoll.Readable, 1), syscall.ENOENT)
	}
}

func TestConcurrentWaitIsBusy(t *testing.T) {
	p := newPoller(t)
	done := waitAsync(p, -1)
	events := make([]netpoll.Event, 1)
	busy := false
	for deadline := time.Now().Add(patience); !busy && time.Now().Before(deadline); {
		// Until the other Wait has started, this one polls and returns.
		_, err := p.Wait(events, 0)
		if err == netpoll.ErrBusy {
			busy = true
			break
		}
		require.NoError(t, err)
		time.Sleep(time.Millisecond)
	}
	require.True(t, busy, "a second Wait never saw the first")
	require.NoError(t, p.Wake())
	require.NoError(t, receive(t, done).err)
}

func TestMaxEventsBoundsWait(t *testing.T) {
	p := newPoller(t, netpoll.WithMaxEvents(1))
	want := map[netpoll.Token]bool{}
	for i := range 3 {
		a, _ := socketPair(t, unix.SOCK_STREAM)
		tok := netpoll.MakeToken(uint32(i), 1)
		require.NoError(t, p.Add(a, netpoll.Writable, tok))
		want[tok] = true
	}
	events := make([]netpoll.Event, 8)
	got := map[netpoll.Token]bool{}
	for range 3 {
		n, err := p.Wait(events, patience)
		require.NoError(t, err)
		require.Equal(t, 1, n, "MaxEvents caps each Wait")
		got[events[0].Token] = true
	}
	require.Equal(t, want, got, "events beyond MaxEvents wait for the next Wait")
	requireQuiet(t, p)
}

func TestNewAndCloseReleaseFDs(t *testing.T) {
	warmNet(t)
	p, err := netpoll.New() // any one-time allocation happens here
	require.NoError(t, err)
	require.NoError(t, p.Close())

	base := openFDs(t)
	pollers := make([]*netpoll.Poller, 100)
	for i := range pollers {
		pollers[i], err = netpoll.New()
		require.NoError(t, err)
	}
	require.GreaterOrEqual(t, openFDs(t), base+len(pollers), "each poller holds at least one fd")
	for _, p := range pollers {
		require.NoError(t, p.Close())
	}
	require.Equal(t, base, openFDs(t))
}
