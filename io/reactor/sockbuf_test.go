package reactor_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
	"github.com/actorio/actorio/mailbox"
)

// TestSocketBuffersBoundKernelMemory: a peer that connects and never
// reads. The server writes until its Conn must queue: what the kernel
// took until then is what the peer can pin in it. With a 16 KiB send
// buffer (WithSocketBuffers) that stays well under 1 MiB; without, the
// kernel grows its buffers to megabytes (logged for comparison).
func TestSocketBuffersBoundKernelMemory(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tc := range []struct {
			name  string
			opts  []reactor.ConnOption
			bound int
		}{
			{name: "default"},
			{name: "16 KiB", opts: []reactor.ConnOption{reactor.WithSocketBuffers(4<<10, 16<<10)}, bound: 1 << 20},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, ec)
				took := make(chan int, 1)
				chunk := pattern(1, 64<<10)
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(func(c *reactor.Conn) ioFunc {
					return func(c *reactor.Conn, ev reactor.Event) {
						if _, ok := ev.(reactor.Readable); !ok {
							return
						}
						c.Discard(c.Buffered())
						n := 0
						for c.Outbound() == 0 && n < 64<<20 {
							_, err := c.Write(chunk)
							if err != nil {
								break
							}
							n += len(chunk)
						}
						took <- n - c.Outbound()
					}
				}), append(tc.opts, reactor.WithMaxOutbound(128<<20))...)
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())
				_, err = c.Write([]byte("go"))
				require.NoError(t, err)
				n := recv(t, took, "the server to fill the socket")
				t.Logf("the kernel took %d KiB before the server had to queue", n>>10)
				if tc.bound > 0 {
					require.Less(t, n, tc.bound)
				}
			})
		}
	})
}

// TestConnMailbox: WithMailbox configures the mailbox of the
// connections' actors: here a capacity of 2, which a third message
// finds full while the actor is busy.
func TestConnMailbox(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(nil),
			reactor.WithMailbox(mailbox.Config{Capacity: 2, HighWater: 2, LowWater: 1}))
		require.NoError(t, err)
		dialTCP(t, ln.Addr().String())
		ref := e.tr.nextRef(t)
		entered, gate := make(chan struct{}), make(chan struct{})
		require.NoError(t, ref.Send(func(*reactor.Conn) { close(entered); <-gate }))
		recv(t, entered, "the connection's actor to be busy")
		require.NoError(t, ref.Send(func(*reactor.Conn) {}))
		require.NoError(t, ref.Send(func(*reactor.Conn) {}))
		require.True(t, ref.Crowded())
		require.ErrorIs(t, ref.Send(func(*reactor.Conn) {}), mailbox.ErrMailboxFull)
		close(gate)
		_, err = ref.Ready().Await(context.Background())
		require.NoError(t, err)
		do(t, ref, func(*reactor.Conn) {})
	})
	_, err := reactor.Listen(nil, nil, "tcp", "127.0.0.1:0", reactor.NewHandler[call](nil),
		reactor.WithMailbox(mailbox.Config{Capacity: -1}))
	require.ErrorIs(t, err, mailbox.ErrInvalidConfig)
}
