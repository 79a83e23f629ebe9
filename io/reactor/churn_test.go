package reactor_test

import (
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// churnConns is how many connections TestChurnReleasesFDs opens and
// closes: the full 10,000, measured at 1.1 to 2.2 s under -race on 2
// cores (2,000 took 0.35 s), well within the package's budget, so there
// is no need for the smaller count.
const churnConns = 10000

// churnDialers is how many clients connect at once.
const churnDialers = 8

func TestChurnReleasesFDs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts the entries of /proc/self/fd")
	}
	for _, ec := range engines {
		if ec.engine != reactor.EnginePortable {
			t.Run(ec.name, func(t *testing.T) { testChurn(t, ec) })
		}
	}
}

func testChurn(t *testing.T, ec engineCase) {
	e := newEnv(t, ec)
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(discardIO))
	require.NoError(t, err)
	before, err := openFDs()
	require.NoError(t, err)

	errs := make(chan error, churnDialers)
	var wg sync.WaitGroup
	for d := range churnDialers {
		wg.Go(func() {
			for i := d; i < churnConns; i += churnDialers {
				c, err := net.Dial("tcp", ln.Addr().String())
				if err != nil {
					errs <- err
					return
				}
				if i%2 == 0 { // half of them send a byte first
					_, _ = c.Write([]byte{1})
				}
				if err := c.Close(); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for range churnConns {
		require.NoError(t, e.tr.nextClosed(t), "a client that closes cleanly closes its connection cleanly")
	}
	require.EqualValues(t, churnConns, e.tr.started.Load())
	// The actors close their sockets just after Closed.
	require.Eventually(t, func() bool {
		n, err := openFDs()
		return err == nil && n <= before
	}, waitFor, 10*time.Millisecond, "open fds: %d before the churn", before)
	after, err := openFDs()
	require.NoError(t, err)
	require.Equal(t, before, after)
}

// openFDs counts the process's open file descriptors.
func openFDs() (int, error) {
	ents, err := os.ReadDir("/proc/self/fd")
	return len(ents) - 1, err // less the directory being read
}
