package codec_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
)

// FuzzLengthPrefixedDecode decodes arbitrary bytes with a codec chosen by
// flags (bits 0-1: header width 1, 2, 4 or 8; bit 2: little endian; bit 3:
// length includes header) and maxFrame (zero: the default; otherwise
// capped at what the header can express). The seed corpus is in
// testdata/fuzz/FuzzLengthPrefixedDecode.
func FuzzLengthPrefixedDecode(f *testing.F) {
	f.Add(byte(0), uint16(0), []byte{0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0, 0})
	f.Add(byte(1), uint16(3), []byte{0, 3, 'a', 'b', 'c', 0, 4, 'a'})
	f.Add(byte(3), uint16(0), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add(byte(8), uint16(0), []byte{0, 0, 0, 3, 0, 0, 0, 4})
	f.Add(byte(4+2), uint16(100), []byte{2, 0, 0, 0, 'h', 'i'})
	f.Fuzz(func(t *testing.T, flags byte, maxFrame uint16, data []byte) {
		width := []int{1, 2, 4, 8}[flags&3]
		order := binary.ByteOrder(binary.BigEndian)
		if flags&4 != 0 {
			order = binary.LittleEndian
		}
		includes := flags&8 != 0
		limit := int(maxFrame)
		if width == 1 {
			limit = min(limit, 255-btoi(includes))
		}
		c := newLengthPrefixed(t, codec.WithHeaderWidth(width), codec.WithByteOrder(order),
			codec.WithLengthIncludesHeader(includes), codec.WithMaxFrame(limit))

		consumed := checkDecodeRoundTrip(t, c, data, true)

		// An oversized or malformed header is reported as soon as the
		// header is in, whatever follows.
		if len(data)-consumed >= width {
			_, _, errHeader := c.Decode(data[consumed : consumed+width])
			_, _, errAll := c.Decode(data[consumed:])
			require.Equal(t, errAll != nil, errHeader != nil)
		}
		checkEncodeData(t, c, data)
	})
}

// FuzzLineDecode decodes arbitrary bytes with a codec chosen by flags
// (bits 0-1: delimiter '\n', 0, ';' or '\r'; bit 2: strip CR, ignored
// with the delimiter '\r') and maxLine (zero: the default). The seed
// corpus is in testdata/fuzz/FuzzLineDecode.
func FuzzLineDecode(f *testing.F) {
	f.Add(byte(0), uint16(0), []byte("hello\nworld\n\n"))
	f.Add(byte(4), uint16(5), []byte("12345\r\n12345\r\r\n\r\n\n"))
	f.Add(byte(0), uint16(3), []byte("1234"))
	f.Add(byte(1), uint16(0), []byte("a\x00b\x00"))
	f.Add(byte(3), uint16(2), []byte("ab\r\r"))
	f.Fuzz(func(t *testing.T, flags byte, maxLine uint16, data []byte) {
		delim := []byte{'\n', 0, ';', '\r'}[flags&3]
		strip := flags&4 != 0 && delim != '\r'
		c := newLine(t, codec.WithDelimiter(delim), codec.WithStripCR(strip), codec.WithMaxLine(int(maxLine)))
		limit := c.Options().MaxLine

		consumed := checkDecodeRoundTrip(t, c, data, !strip)

		// Memory stays bounded: whatever is left undecoded without an
		// error is no longer than the longest line on the wire.
		if _, _, err := c.Decode(data[consumed:]); err == nil {
			require.LessOrEqual(t, len(data)-consumed, limit+1+btoi(strip))
		}
		checkEncodeData(t, c, data)
	})
}

// checkDecodeRoundTrip decodes data frame by frame, checking the Decoder
// contract, then encodes the frames again and decodes them back. When
// canonical, the encoding must reproduce the consumed bytes exactly. It
// returns the number of bytes consumed.
func checkDecodeRoundTrip(t *testing.T, c codec.Codec, data []byte, canonical bool) int {
	checkPrefixes(t, c, data)
	frames, consumed := decodeAll(t, c, data)

	var again []byte
	for _, f := range frames {
		var err error
		again, err = c.AppendFrame(again, f)
		require.NoError(t, err, "a decoded frame must encode")
	}
	if canonical {
		require.True(t, bytes.Equal(data[:consumed], again), "re-encoding is not canonical: %q became %q", data[:consumed], again)
	}
	frames2, consumed2 := decodeAll(t, c, again)
	require.Equal(t, len(again), consumed2)
	require.Equal(t, frames, frames2)
	_, _, err := c.Decode(again[consumed2:])
	require.NoError(t, err)
	return consumed
}

// checkPrefixes checks that Decode's answer does not depend on how the
// stream was split into reads: every prefix of data decodes to "need more"
// or to exactly what data decodes to.
func checkPrefixes(t *testing.T, c codec.Decoder, data []byte) {
	data = data[:min(len(data), 4096)]
	want, wantN, wantErr := c.Decode(data)
	for k := range len(data) {
		frame, n, err := c.Decode(data[:k])
		if n == 0 && err == nil {
			continue
		}
		require.Equal(t, wantN, n, "prefix of %d bytes", k)
		require.Equal(t, want, frame, "prefix of %d bytes", k)
		require.Equal(t, wantErr == nil, err == nil, "prefix of %d bytes", k)
		if err != nil {
			require.Equal(t, errors.Is(wantErr, codec.ErrMalformed), errors.Is(err, codec.ErrMalformed))
		}
	}
}

// decodeAll decodes frames from the start of data until Decode needs more
// bytes or fails, checking the Decoder and SizeHinter contracts.
func decodeAll(t *testing.T, c codec.Codec, data []byte) (frames [][]byte, consumed int) {
	hinter := c.(codec.SizeHinter)
	for {
		rest := data[consumed:]
		hint := hinter.SizeHint(rest)
		require.Positive(t, hint)
		frame, n, err := c.Decode(rest)
		if err != nil {
			var fe *codec.FrameError
			require.ErrorAs(t, err, &fe)
			require.True(t, errors.Is(err, codec.ErrFrameTooLarge) || errors.Is(err, codec.ErrMalformed), "unexpected sentinel: %v", err)
			require.Equal(t, c.Name(), fe.Codec)
			require.Equal(t, codec.OpDecode, fe.Op)
			require.Zero(t, n)
			require.Nil(t, frame)
			return frames, consumed
		}
		if n == 0 {
			require.Nil(t, frame)
			require.Greater(t, hint, len(rest))
			return frames, consumed
		}
		require.LessOrEqual(t, n, len(rest))
		require.Equal(t, n, hint)
		require.NotNil(t, frame)
		require.True(t, within(frame, rest[:n]), "frame is not a sub-slice of the bytes consumed")
		frames = append(frames, frame)
		consumed += n
	}
}

// checkEncodeData frames data as one payload: it either fails with a
// *FrameError for a payload over the limit or one the format cannot carry,
// or decodes back to data.
func checkEncodeData(t *testing.T, c codec.Codec, data []byte) {
	dst := []byte("x")
	out, err := c.AppendFrame(dst, data)
	if err != nil {
		var fe *codec.FrameError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, codec.OpEncode, fe.Op)
		require.Equal(t, uint64(len(data)), fe.Claimed)
		require.Equal(t, dst, out)
		return
	}
	frame, n, err := c.Decode(out[1:])
	require.NoError(t, err)
	require.Equal(t, len(out)-1, n)
	require.True(t, bytes.Equal(data, frame))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
