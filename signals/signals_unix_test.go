//go:build unix

package signals_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/signals"
)

// raise sends sig to this process.
func raise(t *testing.T, sig syscall.Signal) {
	t.Helper()
	require.NoError(t, syscall.Kill(os.Getpid(), sig))
}

// TestNotify: signals reach an actor as messages until stop.
func TestNotify(t *testing.T) {
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	defer sys.Shutdown(context.Background())
	type reload struct{ sig os.Signal }
	got := make(chan os.Signal, 4)
	server, err := actor.SpawnFunc(sys, func(_ *actor.Context[reload], m reload) { got <- m.sig })
	require.NoError(t, err)

	stop := signals.Notify(server, func(s os.Signal) reload { return reload{s} }, syscall.SIGUSR1)
	raise(t, syscall.SIGUSR1)
	require.Equal(t, os.Signal(syscall.SIGUSR1), testutil.Recv(t, got, "the first signal"))
	raise(t, syscall.SIGUSR1)
	require.Equal(t, os.Signal(syscall.SIGUSR1), testutil.Recv(t, got, "the second signal"))
	stop()
	stop()

	// After stop, SIGUSR1 must not reach the actor; a relay that is still
	// listening keeps the process alive through it.
	other, stopOther := signals.Next(syscall.SIGUSR1)
	defer stopOther()
	raise(t, syscall.SIGUSR1)
	_, err = other.Await(context.Background())
	require.NoError(t, err)
	select {
	case s := <-got:
		t.Fatalf("the actor got %v after stop", s)
	case <-time.After(50 * time.Millisecond):
	}
}

// TestNext: the future completes with the first signal; stop before any
// signal leaves it pending and ends the goroutine.
func TestNext(t *testing.T) {
	f, stop := signals.Next(syscall.SIGUSR2)
	raise(t, syscall.SIGUSR2)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sig, err := f.Await(ctx)
	require.NoError(t, err)
	require.Equal(t, os.Signal(syscall.SIGUSR2), sig)
	stop()

	pending, stop := signals.Next(syscall.SIGUSR2)
	stop()
	_, _, done := pending.Result()
	require.False(t, done)
}

// TestNotifyWrapPanics: a wrap that panics loses its signal, not the
// process, and the next signal is relayed.
func TestNotifyWrapPanics(t *testing.T) {
	got := make(chan os.Signal, 2)
	panicked := make(chan struct{})
	first := true
	stop := signals.Notify(sendFunc(func(s os.Signal) error { got <- s; return nil }), func(s os.Signal) os.Signal {
		if first {
			first = false
			close(panicked)
			panic("bad wrap")
		}
		return s
	}, syscall.SIGUSR1)
	defer stop()
	raise(t, syscall.SIGUSR1)
	testutil.Recv(t, panicked, "the panicking wrap")
	raise(t, syscall.SIGUSR1) // one at a time: pending signals of a kind merge
	require.Equal(t, os.Signal(syscall.SIGUSR1), testutil.Recv(t, got, "the second signal"))
}

type sendFunc func(os.Signal) error

func (f sendFunc) Send(s os.Signal) error { return f(s) }
