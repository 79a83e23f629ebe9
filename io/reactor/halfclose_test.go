package reactor_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// halfCloseReport is what the half-close handlers saw.
type halfCloseReport struct {
	request    string
	peerClosed int
	readErr    error // Conn.Read in PeerClosed
	writeErr   error // Conn.Write of the reply
	lateErr    error // Conn.Write in PeerClosed, without half-close
}

// TestPeerHalfClose has a client send a request and close its side; the
// handler replies after PeerClosed with WithHalfClose(true). Without it,
// the handler replies before PeerClosed (and adds a last word while
// handling it), and the connection closes after flushing its output.
func TestPeerHalfClose(t *testing.T) {
	tests := []struct {
		name      string
		halfClose bool
		size      int // of the reply
	}{
		{name: "reply after PeerClosed", halfClose: true, size: 256 << 10},
		{name: "queued reply flushed", halfClose: false, size: 4 << 20},
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, ec)
				reply := bulk[:tt.size]
				want := reply
				if !tt.halfClose {
					want = append(bytes.Clone(reply), "late"...)
				}
				reports := make(chan halfCloseReport, 1)
				newIO := func(*reactor.Conn) ioFunc {
					var rep halfCloseReport
					return func(c *reactor.Conn, ev reactor.Event) {
						switch ev.(type) {
						case reactor.Readable:
							rep.request += string(c.Next(c.Buffered()))
							if !tt.halfClose && rep.request == "request" {
								_, rep.writeErr = c.Write(reply)
							}
						case reactor.PeerClosed:
							rep.peerClosed++
							_, rep.readErr = c.Read(make([]byte, 1))
							if tt.halfClose {
								_, rep.writeErr = c.Write(reply)
								_ = c.Close()
							} else {
								_, rep.lateErr = c.Write([]byte("late"))
							}
						case reactor.Closed:
							reports <- rep
						}
					}
				}
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO),
					reactor.WithHalfClose(tt.halfClose), reactor.WithMaxOutbound(16<<20))
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())
				_, err = c.Write([]byte("request"))
				require.NoError(t, err)
				require.NoError(t, c.CloseWrite())
				got, err := io.ReadAll(c)
				require.NoError(t, err)
				require.True(t, bytes.Equal(want, got), "received %d bytes, want %d", len(got), len(want))

				require.NoError(t, e.tr.nextClosed(t))
				rep := recv(t, reports, "the handler's report")
				require.Equal(t, "request", rep.request)
				require.Equal(t, 1, rep.peerClosed)
				require.ErrorIs(t, rep.readErr, io.EOF)
				require.NoError(t, rep.writeErr)
				require.NoError(t, rep.lateErr)
			})
		}
	})
}

// TestConnCloseWrite has the handler write and then half-close its side:
// the client reads everything and then end of stream, while it can still
// write to the handler. With much output the half-close waits for it.
func TestConnCloseWrite(t *testing.T) {
	tests := []struct {
		name  string
		size  int  // written before CloseWrite
		later bool // CloseWrite in a later turn, while the output is being written
	}{
		{name: "nothing queued", size: 5},
		{name: "output queued", size: 4 << 20},
		{name: "output being written", size: 4 << 20, later: true},
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, ec)
				input := make(chan string, 16)
				newIO := func(*reactor.Conn) ioFunc {
					return func(c *reactor.Conn, ev reactor.Event) {
						if _, ok := ev.(reactor.Readable); ok {
							input <- string(c.Next(c.Buffered()))
						}
					}
				}
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO), reactor.WithMaxOutbound(16<<20))
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())
				ref := e.tr.nextRef(t)
				var writeErr, shutErr, againErr, lateErr error
				do(t, ref, func(c *reactor.Conn) { _, writeErr = c.Write(bulk[:tt.size]) })
				if tt.later {
					do(t, ref, func(*reactor.Conn) {}) // another turn
				}
				do(t, ref, func(c *reactor.Conn) {
					shutErr = c.CloseWrite()
					againErr = c.CloseWrite()
					_, lateErr = c.Write([]byte("late"))
				})
				require.NoError(t, writeErr)
				require.NoError(t, shutErr)
				require.ErrorIs(t, againErr, reactor.ErrClosed)
				require.ErrorIs(t, lateErr, reactor.ErrClosed)

				got, err := io.ReadAll(c)
				require.NoError(t, err)
				require.True(t, bytes.Equal(bulk[:tt.size], got), "received %d bytes, want %d", len(got), tt.size)
				_, err = c.Write([]byte("ping"))
				require.NoError(t, err)
				require.Equal(t, "ping", recv(t, input, "the handler to read after CloseWrite"))
				require.NoError(t, c.Close())
				require.NoError(t, e.tr.nextClosed(t))
			})
		}
	})
}

// TestPeerClosedAfterInput has a client send a little and close its side
// at once, so that the input and the end of stream arrive together: the
// handler gets the input, then PeerClosed, and the connection closes.
func TestPeerClosedAfterInput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, size := range []int{1, 100, 5000} {
			t.Run(fmt.Sprint(size, " bytes"), func(t *testing.T) {
				e := newEnv(t, ec)
				got := make(chan int, 1)
				newIO := func(*reactor.Conn) ioFunc {
					n := 0
					return func(c *reactor.Conn, ev reactor.Event) {
						switch ev.(type) {
						case reactor.Readable:
							n += c.Discard(c.Buffered())
						case reactor.PeerClosed:
							got <- n
						}
					}
				}
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO))
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())
				_, err = c.Write(bulk[:size])
				require.NoError(t, err)
				require.NoError(t, c.CloseWrite())
				require.Equal(t, size, recv(t, got, "PeerClosed"))
				require.NoError(t, e.tr.nextClosed(t))
				requireEOF(t, c, "the server closed")
			})
		}
	})
}
