package reactor_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/io/reactor"
)

// codecCase is a codec with a small limit, and bytes it rejects.
type codecCase struct {
	name    string
	codec   codec.Codec
	bad     []byte
	wantErr error
}

func codecCases(t *testing.T) []codecCase {
	t.Helper()
	const limit = 1024
	lp, err := codec.NewLengthPrefixed(codec.WithMaxFrame(limit))
	require.NoError(t, err)
	lpHeader, err := codec.NewLengthPrefixed(codec.WithMaxFrame(limit), codec.WithLengthIncludesHeader(true))
	require.NoError(t, err)
	line, err := codec.NewLine(codec.WithMaxLine(limit))
	require.NoError(t, err)
	return []codecCase{
		{name: "length-prefixed", codec: lp, bad: binary.BigEndian.AppendUint32(nil, 1<<20), wantErr: codec.ErrFrameTooLarge},
		{name: "length-prefixed counting its header", codec: lpHeader, bad: binary.BigEndian.AppendUint32(nil, 2), wantErr: codec.ErrMalformed},
		{name: "line", codec: line, bad: bytes.Repeat([]byte("a"), 2*limit), wantErr: codec.ErrFrameTooLarge},
	}
}

// frameEchoIO echoes every frame with WriteFrame.
func frameEchoIO(*reactor.Conn) ioFunc {
	return func(c *reactor.Conn, ev reactor.Event) {
		if f, ok := ev.(reactor.Frame); ok {
			_ = c.WriteFrame(f.Data)
		}
	}
}

// TestCodecFrames sends frames split at every byte, and many in one
// segment: each arrives as one Frame event, and the handler's WriteFrame
// echoes it whole.
func TestCodecFrames(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, cc := range codecCases(t) {
			t.Run(cc.name, func(t *testing.T) {
				e := newEnv(t, ec)
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(frameEchoIO), reactor.WithCodec(cc.codec))
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())

				var payloads [][]byte
				for i := range 40 {
					payloads = append(payloads, []byte(fmt.Sprintf("frame %d %s", i, bytes.Repeat([]byte("x"), i*23%1000))))
				}
				payloads = append(payloads, []byte{}) // an empty frame
				var wire []byte
				for _, p := range payloads {
					wire, err = cc.codec.AppendFrame(wire, p)
					require.NoError(t, err)
				}
				split := len(wire) / 8 // byte by byte up to here, the rest at once
				for i := range split {
					_, err = c.Write(wire[i : i+1])
					require.NoError(t, err)
				}
				_, err = c.Write(wire[split:])
				require.NoError(t, err)

				for i, got := range readFrames(t, c, cc.codec, len(payloads)) {
					require.Equal(t, string(payloads[i]), string(got), "frame %d", i)
				}
			})
		}
	})
}

// readFrames reads n frames from c.
func readFrames(t *testing.T, c net.Conn, cd codec.Codec, n int) [][]byte {
	t.Helper()
	var frames [][]byte
	var buf []byte
	tmp := make([]byte, 4096)
	for len(frames) < n {
		f, k, err := cd.Decode(buf)
		require.NoError(t, err)
		if k > 0 {
			frames = append(frames, bytes.Clone(f))
			buf = buf[k:]
			continue
		}
		m, err := c.Read(tmp)
		require.NoError(t, err, "after %d frames", len(frames))
		buf = append(buf, tmp[:m]...)
	}
	return frames
}

// TestCodecBadFrame sends a frame the codec rejects: only that connection
// closes, with the codec's *codec.FrameError, while another connection of
// the same Listener goes on.
func TestCodecBadFrame(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, cc := range codecCases(t) {
			t.Run(cc.name, func(t *testing.T) {
				e := newEnv(t, ec)
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(frameEchoIO), reactor.WithCodec(cc.codec))
				require.NoError(t, err)
				good := dialTCP(t, ln.Addr().String())
				roundTrip := func(payload string) {
					t.Helper()
					frame, err := cc.codec.AppendFrame(nil, []byte(payload))
					require.NoError(t, err)
					_, err = good.Write(frame)
					require.NoError(t, err)
					require.Equal(t, payload, string(readFrames(t, good, cc.codec, 1)[0]))
				}
				roundTrip("before")

				bad := dialTCP(t, ln.Addr().String())
				_, err = bad.Write(cc.bad)
				require.NoError(t, err)
				err = e.tr.nextClosed(t)
				var fe *codec.FrameError
				require.True(t, errors.As(err, &fe), "Closed{%v}: want a *codec.FrameError", err)
				require.Equal(t, codec.OpDecode, fe.Op)
				require.ErrorIs(t, err, cc.wantErr)
				_, _ = io.ReadAll(bad) // end of stream, or a reset: the server dropped unread input

				roundTrip("after")
			})
		}
	})
}

// TestWriteFrameTooLarge has the handler write a frame over the codec's
// limit: WriteFrame fails with the codec's error and writes nothing, and
// the connection goes on.
func TestWriteFrameTooLarge(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		cc := codecCases(t)[0]
		e := newEnv(t, ec)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(frameEchoIO), reactor.WithCodec(cc.codec))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		ref := e.tr.nextRef(t)
		var bigErr, okErr error
		do(t, ref, func(c *reactor.Conn) {
			bigErr = c.WriteFrame(make([]byte, 2048))
			okErr = c.WriteFrame([]byte("fits"))
		})
		var fe *codec.FrameError
		require.True(t, errors.As(bigErr, &fe), "WriteFrame: %v, want a *codec.FrameError", bigErr)
		require.Equal(t, codec.OpEncode, fe.Op)
		require.ErrorIs(t, bigErr, codec.ErrFrameTooLarge)
		require.NoError(t, okErr)
		require.Equal(t, "fits", string(readFrames(t, c, cc.codec, 1)[0]))
	})
}

// TestCodecFrameCutShort closes the client's side in the middle of a
// frame: the connection closes with an error wrapping io.ErrUnexpectedEOF
// that names the codec, after the whole frames before it were echoed.
func TestCodecFrameCutShort(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, cc := range codecCases(t) {
			t.Run(cc.name, func(t *testing.T) {
				e := newEnv(t, ec)
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(frameEchoIO), reactor.WithCodec(cc.codec))
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())
				whole, err := cc.codec.AppendFrame(nil, []byte("whole"))
				require.NoError(t, err)
				cut, err := cc.codec.AppendFrame(nil, []byte("cut short"))
				require.NoError(t, err)
				_, err = c.Write(append(whole, cut[:len(cut)-1]...))
				require.NoError(t, err)
				require.Equal(t, "whole", string(readFrames(t, c, cc.codec, 1)[0]))
				require.NoError(t, c.CloseWrite())

				err = e.tr.nextClosed(t)
				require.ErrorIs(t, err, io.ErrUnexpectedEOF)
				require.ErrorContains(t, err, cc.codec.Name())
				require.ErrorContains(t, err, fmt.Sprint(len(cut)-1, " bytes"))
			})
		}
	})
}
