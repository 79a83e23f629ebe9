package reactor_test

import (
	"io"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// TestTimeouts lets each timeout of a connection pass, with real but
// short durations, and checks only the error the connection closes with.
func TestTimeouts(t *testing.T) {
	const short = 30 * time.Millisecond
	tests := []struct {
		name     string
		opts     []reactor.ConnOption
		arm      call // run in the connection's actor once it has started
		wantErr  error
		deadline bool // the error is a deadline's
	}{
		{
			name:    "idle timeout option",
			opts:    []reactor.ConnOption{reactor.WithIdleTimeout(short)},
			arm:     func(*reactor.Conn) {},
			wantErr: reactor.ErrIdleTimeout,
		},
		{
			name:    "SetIdleTimeout",
			arm:     func(c *reactor.Conn) { c.SetIdleTimeout(short) },
			wantErr: reactor.ErrIdleTimeout,
		},
		{
			name:     "SetReadDeadline",
			arm:      func(c *reactor.Conn) { c.SetReadDeadline(time.Now().Add(short)) },
			wantErr:  reactor.ErrReadTimeout,
			deadline: true,
		},
		{
			name: "SetWriteDeadline",
			opts: []reactor.ConnOption{reactor.WithMaxOutbound(32 << 20)},
			arm: func(c *reactor.Conn) {
				// 16 MiB for a client that does not read: more than
				// the socket buffers hold, so some stays queued.
				for off := 0; off < len(bulk); off += 1 << 20 {
					if _, err := c.Write(bulk[off : off+1<<20]); err != nil {
						return
					}
				}
				c.SetWriteDeadline(time.Now().Add(short))
			},
			wantErr:  reactor.ErrWriteTimeout,
			deadline: true,
		},
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, ec)
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(nil), tt.opts...)
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())
				ref := e.tr.nextRef(t)
				require.NoError(t, ref.Send(tt.arm))

				err = e.tr.nextClosed(t)
				require.ErrorIs(t, err, tt.wantErr)
				if tt.deadline {
					require.ErrorIs(t, err, os.ErrDeadlineExceeded)
				}
				_, _ = io.Copy(io.Discard, c) // the server closed: end of stream
			})
		}
	})
}
