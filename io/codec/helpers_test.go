package codec_test

import (
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
)

func newLengthPrefixed(t testing.TB, opts ...codec.LengthPrefixedOption) *codec.LengthPrefixed {
	t.Helper()
	c, err := codec.NewLengthPrefixed(opts...)
	require.NoError(t, err)
	return c
}

func newLine(t testing.TB, opts ...codec.LineOption) *codec.Line {
	t.Helper()
	c, err := codec.NewLine(opts...)
	require.NoError(t, err)
	return c
}

// encodeAll frames every payload with c, one after another.
func encodeAll(t testing.TB, c codec.Encoder, payloads [][]byte) []byte {
	t.Helper()
	var stream []byte
	for _, p := range payloads {
		var err error
		stream, err = c.AppendFrame(stream, p)
		require.NoError(t, err)
	}
	return stream
}

// feed decodes stream as a connection would see it arrive, in chunks of
// the sizes that next returns, checking the Decoder and SizeHinter
// contracts after every call. It returns copies of the frames, and the
// first decode error.
func feed(t testing.TB, d codec.Decoder, stream []byte, next func() int) ([][]byte, error) {
	t.Helper()
	frames := [][]byte{}
	var buf []byte
	start, pos := 0, 0
	for {
		rest := buf[start:]
		frame, n, err := d.Decode(rest)
		if err != nil {
			require.Zero(t, n)
			require.Nil(t, frame)
			return frames, err
		}
		if n > 0 {
			require.LessOrEqual(t, n, len(rest))
			require.NotNil(t, frame)
			require.True(t, within(frame, rest[:n]), "frame is not a sub-slice of the bytes it consumed")
			frames = append(frames, slices.Clone(frame))
			start += n
			continue
		}
		require.Nil(t, frame)
		if h, ok := d.(codec.SizeHinter); ok {
			require.Greater(t, h.SizeHint(rest), len(rest), "SizeHint of an incomplete frame")
		}
		if pos == len(stream) {
			require.Empty(t, rest, "bytes left over at the end of the stream")
			return frames, nil
		}
		// Compact as a connection would, so stale bytes get overwritten.
		buf = append(buf[:0], rest...)
		start = 0
		k := min(max(next(), 1), len(stream)-pos)
		buf = append(buf, stream[pos:pos+k]...)
		pos += k
	}
}

func oneByte() int { return 1 }

func randomChunks(seed uint64, maxChunk int) func() int {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return func() int { return 1 + rng.IntN(maxChunk) }
}

// within reports whether frame lies inside buf and has no spare capacity
// that would let an append overwrite the bytes after it.
func within(frame, buf []byte) bool {
	if cap(frame) != len(frame) {
		return false
	}
	if len(frame) == 0 {
		return true
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(frame)))
	return p >= lo && p+uintptr(len(frame)) <= lo+uintptr(len(buf))
}

// requireFrameError asserts that err is a *FrameError from codec name and
// op wrapping want, and returns it.
func requireFrameError(t testing.TB, err error, name, op string, want error) *codec.FrameError {
	t.Helper()
	var fe *codec.FrameError
	require.ErrorAs(t, err, &fe)
	require.ErrorIs(t, err, want)
	require.Equal(t, name, fe.Codec)
	require.Equal(t, op, fe.Op)
	return fe
}

// readFrames is a connection's read loop: it reads r into buf, compacting
// it when its free space is less than minRead or what SizeHint asks for,
// and calls handle for each frame. It returns nil at a clean io.EOF, and
// io.ErrUnexpectedEOF at an EOF inside a frame.
func readFrames(r io.Reader, d codec.Decoder, buf []byte, minRead int, handle func([]byte)) error {
	hinter, _ := d.(codec.SizeHinter)
	buf = buf[:0]
	start := 0
	for {
		frame, n, err := d.Decode(buf[start:])
		if err != nil {
			return err
		}
		if n > 0 {
			handle(frame)
			start += n
			continue
		}
		need := minRead
		if hinter != nil {
			need = max(need, hinter.SizeHint(buf[start:])-(len(buf)-start))
		}
		if cap(buf)-len(buf) < need { // compact only when out of room
			buf = append(buf[:0], buf[start:]...)
			start = 0
			buf = slices.Grow(buf, need)
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if m > 0 {
			continue
		}
		if errors.Is(err, io.EOF) {
			if len(buf) > start {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}
