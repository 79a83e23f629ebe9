//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

// TestStressControlWakeWaitClose races Add, Modify, Remove and Wake from
// several goroutines against the event loop's Wait, and Close against all
// of them. Invariants: every call returns nil until Close and ErrClosed
// from then on; every event carries a token that some worker registered;
// the loop ends with ErrClosed. Close comes while the workers are busy:
// they would need far longer than the test to finish their rounds.
func TestStressControlWakeWaitClose(t *testing.T) {
	const workers, rounds, closeAfter = 4, 100_000, 2000
	p, err := netpoll.New()
	require.NoError(t, err)

	var events atomic.Int64
	loopErr := make(chan error, 1)
	go func() {
		buf := make([]netpoll.Event, 32)
		for {
			n, err := p.Wait(buf, -1)
			if err != nil {
				loopErr <- err
				return
			}
			for _, ev := range buf[:n] {
				if ev.Token.Index() >= workers || ev.Token.Gen() >= rounds {
					loopErr <- errors.New("event with a token nobody registered")
					return
				}
			}
			events.Add(int64(n))
		}
	}()

	var progress atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		a, _ := socketPair(t, unix.SOCK_STREAM)
		wg.Go(func() {
			closed := false
			check := func(err error) bool {
				switch {
				case err == nil && !closed:
					return true
				case errors.Is(err, netpoll.ErrClosed):
					closed = true
					return false
				}
				t.Errorf("worker %d: %v after closed=%v", w, err, closed)
				return false
			}
			for r := range rounds {
				tok := netpoll.MakeToken(uint32(w), uint32(r))
				if !check(p.Add(a, netpoll.Readable|netpoll.Writable, tok)) ||
					!check(p.Modify(a, netpoll.Writable, tok)) ||
					!check(p.Wake()) ||
					!check(p.Remove(a)) {
					return
				}
				progress.Add(1)
			}
		})
	}

	for deadline := time.Now().Add(patience); progress.Load() < closeAfter && time.Now().Before(deadline); {
		runtime.Gosched()
	}
	require.NoError(t, p.Close())
	wg.Wait()
	select {
	case err := <-loopErr:
		require.ErrorIs(t, err, netpoll.ErrClosed)
	case <-time.After(patience):
		t.Fatal("event loop did not stop")
	}
	require.Less(t, progress.Load(), int64(workers*rounds), "Close came after the workers finished")
	t.Logf("%d control rounds, %d events before Close", progress.Load(), events.Load())
}
