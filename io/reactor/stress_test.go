package reactor_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/io/reactor"
)

// chaosBlob is the line the chaos handler answers "B" with.
var chaosBlob = bytes.Repeat([]byte("b"), 256<<10)

// chaosIO acts on each line by its first byte: 'e' echoes the line, 'B'
// writes a 256 KiB line, 'C' closes, 'H' half-closes, 'P' panics.
func chaosIO(*reactor.Conn) ioFunc {
	return func(c *reactor.Conn, ev reactor.Event) {
		f, ok := ev.(reactor.Frame)
		if !ok || len(f.Data) == 0 {
			return
		}
		switch f.Data[0] {
		case 'e':
			_ = c.WriteFrame(f.Data)
		case 'B':
			_ = c.WriteFrame(chaosBlob)
		case 'C':
			_ = c.Close()
		case 'H':
			_ = c.CloseWrite()
		case 'P':
			panic("chaos")
		}
	}
}

// TestStressChaos runs clients that each do a random series of checked
// echoes, big replies read in part or not at all, server-side closes and
// half-closes, panicking handlers, peer resets and half-closes: every
// connection still gets exactly one Closed, nothing leaks (goleak), the
// race detector sees nothing, every echo that comes back is intact, and
// Shutdown (newEnv's cleanup) returns with connections still open, some in
// the middle of a 256 KiB write.
func TestStressChaos(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		clients := 200
		if ec.engine == reactor.EnginePortable {
			clients = 50
		}
		e := newEnv(t, ec, reactor.WithFlushTimeout(200*time.Millisecond))
		lines, err := codec.NewLine(codec.WithMaxLine(1 << 20))
		require.NoError(t, err)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(chaosIO),
			reactor.WithCodec(lines), reactor.WithMaxOutbound(1<<20))
		require.NoError(t, err)

		var wg sync.WaitGroup
		errs := make(chan error, clients)
		for i := range clients {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(i), 42))
				if err := chaosClient(ln.Addr().String(), rng, uint64(i)); err != nil {
					errs <- fmt.Errorf("client %d: %w", i, err)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
	})
}

// chaosClient is one client of TestStressChaos. It returns an error for
// an echo that came back wrong, or for a server that neither answered
// nor closed in time; ends of stream and resets are what the chaos is for.
func chaosClient(addr string, rng *rand.Rand, seed uint64) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(waitFor))
	in := bufio.NewReader(c)
	drain := func() error { // until the server closes
		_, err := io.Copy(io.Discard, in)
		return timeoutOnly(err)
	}
	for step := range 1 + rng.IntN(8) {
		switch rng.IntN(10) {
		case 0:
			_, _ = c.Write([]byte("C\n"))
			return drain()
		case 1: // the server half-closes; this side can still write
			_, _ = c.Write([]byte("H\n"))
			if err := drain(); err != nil {
				return err
			}
			_, err := c.Write([]byte("eafter\n"))
			return err
		case 2: // a big reply, read in part
			_, _ = c.Write([]byte("B\n"))
			_, _ = io.CopyN(io.Discard, in, int64(rng.IntN(len(chaosBlob))))
		case 3:
			_, _ = c.Write([]byte("P\n"))
			return drain()
		case 4: // a reset
			_ = c.(*net.TCPConn).SetLinger(0)
			return nil
		case 5:
			_ = c.(*net.TCPConn).CloseWrite()
			return drain()
		default: // a checked echo, behind whatever is still coming
			want := "e" + hex.EncodeToString(pattern(seed<<8|uint64(step), 1+rng.IntN(4<<10)))
			if _, err := c.Write([]byte(want + "\n")); err != nil {
				return nil // the server went away, its queue full of blobs
			}
			for {
				line, err := in.ReadString('\n')
				if err != nil {
					return timeoutOnly(err)
				}
				line = strings.TrimSuffix(line, "\n")
				if strings.Trim(line, "b") == "" {
					continue // (the rest of) a blob
				}
				if line != want {
					return fmt.Errorf("echo came back as %.20q..., want %.20q...", line, want)
				}
				break
			}
		}
	}
	return nil
}

// timeoutOnly keeps only a timeout: the server neither answered nor
// closed in time.
func timeoutOnly(err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return err
	}
	return nil
}
