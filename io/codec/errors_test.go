package codec_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
)

func TestFrameErrorMessages(t *testing.T) {
	lp := newLengthPrefixed(t, codec.WithMaxFrame(10))
	lpIncl := newLengthPrefixed(t, codec.WithLengthIncludesHeader(true))
	line := newLine(t, codec.WithMaxLine(4))
	decodeErr := func(c codec.Decoder, buf string) error {
		_, _, err := c.Decode([]byte(buf))
		return err
	}
	encodeErr := func(c codec.Encoder, payload string) error {
		_, err := c.AppendFrame(nil, []byte(payload))
		return err
	}
	headerErr := func(size int) error {
		_, err := lp.AppendHeader(nil, size)
		return err
	}
	tests := []struct {
		name string
		give error
		want string
	}{
		{"length-prefixed decode too large", decodeErr(lp, "\x00\x00\x01\x00"),
			"codec: length-prefixed decode: frame too large: header claims 256 bytes, limit 10"},
		{"length-prefixed decode malformed", decodeErr(lpIncl, "\x00\x00\x00\x02"),
			"codec: length-prefixed decode: malformed frame: length 2 is shorter than the 4-byte header it counts"},
		{"length-prefixed encode too large", encodeErr(lp, "0123456789a"),
			"codec: length-prefixed encode: frame too large: payload of 11 bytes, limit 10"},
		{"length-prefixed negative header", headerErr(-3),
			"codec: length-prefixed encode: malformed frame: negative payload size -3"},
		{"line decode no delimiter", decodeErr(line, "abcdef"),
			"codec: line decode: frame too large: no delimiter in the first 5 bytes, limit 4"},
		{"line encode too large", encodeErr(line, "abcde"),
			"codec: line encode: frame too large: payload of 5 bytes, limit 4"},
		{"line encode delimiter", encodeErr(line, "a\nb"),
			`codec: line encode: malformed frame: payload contains the delimiter '\n' at offset 1`},
		{"made by a caller", &codec.FrameError{Codec: "mine", Op: codec.OpDecode, Limit: 7, Claimed: 9, Err: codec.ErrFrameTooLarge},
			"codec: mine decode: frame too large: 9 bytes, limit 7"},
		{"made by a caller without fields", &codec.FrameError{},
			"codec: frame error: 0 bytes, limit 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.EqualError(t, tt.give, tt.want)
		})
	}
}

func TestFrameErrorUnwrap(t *testing.T) {
	lp := newLengthPrefixed(t, codec.WithMaxFrame(10))
	_, _, err := lp.Decode([]byte{0, 0, 0, 11})
	wrapped := fmt.Errorf("conn 7: %w", err)

	require.ErrorIs(t, wrapped, codec.ErrFrameTooLarge)
	require.NotErrorIs(t, wrapped, codec.ErrMalformed)
	var fe *codec.FrameError
	require.True(t, errors.As(wrapped, &fe))
	require.Equal(t, codec.ErrFrameTooLarge, fe.Unwrap())
	require.Equal(t, codec.NameLengthPrefixed, fe.Codec)
	require.Equal(t, codec.OpDecode, fe.Op)
	require.Equal(t, 10, fe.Limit)
	require.Equal(t, uint64(11), fe.Claimed)
}
