package codec_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
)

// lengthPrefixedConfig is one combination of the wire-format options.
type lengthPrefixedConfig struct {
	name     string
	width    int
	order    binary.ByteOrder
	includes bool
}

func (cfg lengthPrefixedConfig) options(extra ...codec.LengthPrefixedOption) []codec.LengthPrefixedOption {
	return append([]codec.LengthPrefixedOption{
		codec.WithHeaderWidth(cfg.width),
		codec.WithByteOrder(cfg.order),
		codec.WithLengthIncludesHeader(cfg.includes),
	}, extra...)
}

// lengthPrefixedConfigs returns every header width, byte order and
// header-counting combination.
func lengthPrefixedConfigs() []lengthPrefixedConfig {
	var cfgs []lengthPrefixedConfig
	orders := []struct {
		name  string
		order binary.ByteOrder
	}{{"big", binary.BigEndian}, {"little", binary.LittleEndian}, {"native", binary.NativeEndian}}
	for _, width := range []int{1, 2, 4, 8} {
		for _, o := range orders {
			for _, includes := range []bool{false, true} {
				cfgs = append(cfgs, lengthPrefixedConfig{
					name:  fmt.Sprintf("width=%d/%s/includes=%t", width, o.name, includes),
					width: width, order: o.order, includes: includes,
				})
			}
		}
	}
	return cfgs
}

func TestLengthPrefixedRoundTrip(t *testing.T) {
	for _, cfg := range lengthPrefixedConfigs() {
		t.Run(cfg.name, func(t *testing.T) {
			c := newLengthPrefixed(t, cfg.options()...)
			maxFrame := c.Options().MaxFrame
			payloads := [][]byte{
				{}, []byte("a"), []byte("hello, world"), {}, bytes.Repeat([]byte{0xff}, 200),
				bytes.Repeat([]byte("m"), min(maxFrame, 1000)),
			}
			stream := encodeAll(t, c, payloads)

			want := 0
			for _, p := range payloads {
				want += cfg.width + len(p)
			}
			require.Len(t, stream, want)

			got, err := feed(t, c, stream, func() int { return len(stream) })
			require.NoError(t, err)
			require.Equal(t, payloads, got)
		})
	}
}

func TestLengthPrefixedWireFormat(t *testing.T) {
	tests := []struct {
		name string
		give []codec.LengthPrefixedOption
		want []byte
	}{
		{"default", nil, []byte{0, 0, 0, 2, 'h', 'i'}},
		{"width 1", []codec.LengthPrefixedOption{codec.WithHeaderWidth(1)}, []byte{2, 'h', 'i'}},
		{"width 2 big", []codec.LengthPrefixedOption{codec.WithHeaderWidth(2)}, []byte{0, 2, 'h', 'i'}},
		{"width 2 little", []codec.LengthPrefixedOption{codec.WithHeaderWidth(2), codec.WithByteOrder(binary.LittleEndian)}, []byte{2, 0, 'h', 'i'}},
		{"width 4 little", []codec.LengthPrefixedOption{codec.WithByteOrder(binary.LittleEndian)}, []byte{2, 0, 0, 0, 'h', 'i'}},
		{"width 4 includes", []codec.LengthPrefixedOption{codec.WithLengthIncludesHeader(true)}, []byte{0, 0, 0, 6, 'h', 'i'}},
		{"width 8 big", []codec.LengthPrefixedOption{codec.WithHeaderWidth(8)}, []byte{0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'}},
		{"width 8 little includes", []codec.LengthPrefixedOption{codec.WithHeaderWidth(8), codec.WithByteOrder(binary.LittleEndian), codec.WithLengthIncludesHeader(true)}, []byte{10, 0, 0, 0, 0, 0, 0, 0, 'h', 'i'}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLengthPrefixed(t, tt.give...)
			got, err := c.AppendFrame([]byte("prefix"), []byte("hi"))
			require.NoError(t, err)
			require.Equal(t, append([]byte("prefix"), tt.want...), got)

			head, err := c.AppendHeader(nil, 2)
			require.NoError(t, err)
			require.Equal(t, tt.want[:len(tt.want)-2], head)

			frame, n, err := c.Decode(tt.want)
			require.NoError(t, err)
			require.Equal(t, len(tt.want), n)
			require.Equal(t, []byte("hi"), frame)
		})
	}
}

func TestLengthPrefixedDecode(t *testing.T) {
	const limit = 10
	be32 := func(v uint32, payload string) []byte {
		return append(binary.BigEndian.AppendUint32(nil, v), payload...)
	}
	tests := []struct {
		name        string
		give        []byte
		wantFrame   []byte
		wantN       int
		wantErr     error
		wantClaimed uint64
	}{
		{name: "empty buffer"},
		{name: "partial header", give: []byte{0, 0, 0}},
		{name: "zero-length frame", give: be32(0, ""), wantFrame: []byte{}, wantN: 4},
		{name: "zero-length frame then more", give: be32(0, "\x00\x00"), wantFrame: []byte{}, wantN: 4},
		{name: "partial payload", give: be32(5, "abcd")},
		{name: "frame then the next", give: be32(3, "abcdef"), wantFrame: []byte("abc"), wantN: 7},
		{name: "max length accepted", give: be32(limit, "0123456789"), wantFrame: []byte("0123456789"), wantN: 4 + limit},
		{name: "max length header alone waits", give: be32(limit, "")},
		{name: "max+1 rejected at header", give: be32(limit+1, ""), wantErr: codec.ErrFrameTooLarge, wantClaimed: limit + 1},
		{name: "max+1 rejected with payload", give: be32(limit+1, "0123456789a"), wantErr: codec.ErrFrameTooLarge, wantClaimed: limit + 1},
		{name: "all ones", give: be32(math.MaxUint32, ""), wantErr: codec.ErrFrameTooLarge, wantClaimed: math.MaxUint32},
	}
	c := newLengthPrefixed(t, codec.WithMaxFrame(limit))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame, n, err := c.Decode(tt.give)
			require.Equal(t, tt.wantN, n)
			require.Equal(t, tt.wantFrame, frame)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.True(t, within(frame, tt.give))
				return
			}
			fe := requireFrameError(t, err, codec.NameLengthPrefixed, codec.OpDecode, tt.wantErr)
			require.Equal(t, limit, fe.Limit)
			require.Equal(t, tt.wantClaimed, fe.Claimed)
		})
	}
}

func TestLengthPrefixedHostileHeaders(t *testing.T) {
	tests := []struct {
		name        string
		give        []codec.LengthPrefixedOption
		header      []byte
		wantErr     error
		wantClaimed uint64
	}{
		{
			name:   "8-byte length above MaxInt",
			give:   []codec.LengthPrefixedOption{codec.WithHeaderWidth(8)},
			header: binary.BigEndian.AppendUint64(nil, math.MaxInt64+1), wantErr: codec.ErrFrameTooLarge, wantClaimed: math.MaxInt64 + 1,
		},
		{
			name:   "8-byte length of all ones",
			give:   []codec.LengthPrefixedOption{codec.WithHeaderWidth(8)},
			header: binary.BigEndian.AppendUint64(nil, math.MaxUint64), wantErr: codec.ErrFrameTooLarge, wantClaimed: math.MaxUint64,
		},
		{
			name:   "8-byte length of all ones counting the header",
			give:   []codec.LengthPrefixedOption{codec.WithHeaderWidth(8), codec.WithLengthIncludesHeader(true)},
			header: binary.BigEndian.AppendUint64(nil, math.MaxUint64), wantErr: codec.ErrFrameTooLarge, wantClaimed: math.MaxUint64 - 8,
		},
		{
			name:   "8-byte little-endian length above the max",
			give:   []codec.LengthPrefixedOption{codec.WithHeaderWidth(8), codec.WithByteOrder(binary.LittleEndian)},
			header: binary.LittleEndian.AppendUint64(nil, codec.DefaultMaxFrame+1), wantErr: codec.ErrFrameTooLarge, wantClaimed: codec.DefaultMaxFrame + 1,
		},
		{
			name:   "length shorter than the header it counts",
			give:   []codec.LengthPrefixedOption{codec.WithLengthIncludesHeader(true)},
			header: []byte{0, 0, 0, 3}, wantErr: codec.ErrMalformed, wantClaimed: 3,
		},
		{
			name:   "zero length counting the header",
			give:   []codec.LengthPrefixedOption{codec.WithHeaderWidth(2), codec.WithLengthIncludesHeader(true)},
			header: []byte{0, 0}, wantErr: codec.ErrMalformed, wantClaimed: 0,
		},
		{
			name:   "1-byte header above a small max",
			give:   []codec.LengthPrefixedOption{codec.WithHeaderWidth(1), codec.WithMaxFrame(100)},
			header: []byte{101}, wantErr: codec.ErrFrameTooLarge, wantClaimed: 101,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLengthPrefixed(t, tt.give...)
			// Byte by byte: nothing is reported until the header is whole,
			// and the error comes with the header, before any payload.
			for i := range len(tt.header) - 1 {
				frame, n, err := c.Decode(tt.header[:i+1])
				require.NoError(t, err)
				require.Zero(t, n)
				require.Nil(t, frame)
			}
			_, n, err := c.Decode(tt.header)
			require.Zero(t, n)
			fe := requireFrameError(t, err, codec.NameLengthPrefixed, codec.OpDecode, tt.wantErr)
			require.Equal(t, tt.wantClaimed, fe.Claimed)
			require.Equal(t, c.Options().MaxFrame, fe.Limit)
			require.Equal(t, len(tt.header), c.SizeHint(tt.header))
		})
	}
}

func TestLengthPrefixedEncodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		give    []codec.LengthPrefixedOption
		size    int
		wantErr error
	}{
		{"payload over the max", []codec.LengthPrefixedOption{codec.WithMaxFrame(10)}, 11, codec.ErrFrameTooLarge},
		{"1-byte header overflow", []codec.LengthPrefixedOption{codec.WithHeaderWidth(1)}, 256, codec.ErrFrameTooLarge},
		{"1-byte header overflow counting the header", []codec.LengthPrefixedOption{codec.WithHeaderWidth(1), codec.WithLengthIncludesHeader(true)}, 255, codec.ErrFrameTooLarge},
		{"2-byte header overflow", []codec.LengthPrefixedOption{codec.WithHeaderWidth(2)}, 1 << 16, codec.ErrFrameTooLarge},
		{"default max", nil, codec.DefaultMaxFrame + 1, codec.ErrFrameTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLengthPrefixed(t, tt.give...)
			dst := []byte("kept")

			got, err := c.AppendFrame(dst, make([]byte, tt.size))
			fe := requireFrameError(t, err, codec.NameLengthPrefixed, codec.OpEncode, tt.wantErr)
			require.Equal(t, uint64(tt.size), fe.Claimed)
			require.Equal(t, c.Options().MaxFrame, fe.Limit)
			require.Equal(t, dst, got)

			got, err = c.AppendHeader(dst, tt.size)
			requireFrameError(t, err, codec.NameLengthPrefixed, codec.OpEncode, tt.wantErr)
			require.Equal(t, dst, got)

			// One byte less fits.
			got, err = c.AppendFrame(nil, make([]byte, tt.size-1))
			require.NoError(t, err)
			require.Len(t, got, c.Options().HeaderWidth+tt.size-1)
		})
	}

	t.Run("negative header size", func(t *testing.T) {
		c := newLengthPrefixed(t)
		got, err := c.AppendHeader(nil, -1)
		requireFrameError(t, err, codec.NameLengthPrefixed, codec.OpEncode, codec.ErrMalformed)
		require.Empty(t, got)
	})
}

func TestLengthPrefixedSizeHint(t *testing.T) {
	c := newLengthPrefixed(t, codec.WithHeaderWidth(2), codec.WithMaxFrame(100))
	tests := []struct {
		name string
		give []byte
		want int
	}{
		{"empty", nil, 2},
		{"half a header", []byte{0}, 2},
		{"header", []byte{0, 50}, 52},
		{"header and some payload", []byte{0, 50, 1, 2, 3}, 52},
		{"whole frame and more", append([]byte{0, 1, 'x'}, 0, 9), 3},
		{"rejected header", []byte{0xff, 0xff}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, c.SizeHint(tt.give))
		})
	}
}

// swappedOrder is a binary.ByteOrder that is not one of the standard ones.
type swappedOrder struct{ binary.ByteOrder }

func TestNewLengthPrefixedOptions(t *testing.T) {
	valid := []struct {
		name string
		give []codec.LengthPrefixedOption
		want codec.LengthPrefixedOptions
	}{
		{"defaults", nil, codec.LengthPrefixedOptions{HeaderWidth: 4, ByteOrder: binary.BigEndian, MaxFrame: codec.DefaultMaxFrame}},
		{"width 1 caps the default max", []codec.LengthPrefixedOption{codec.WithHeaderWidth(1)},
			codec.LengthPrefixedOptions{HeaderWidth: 1, ByteOrder: binary.BigEndian, MaxFrame: 255}},
		{"width 1 counting the header", []codec.LengthPrefixedOption{codec.WithHeaderWidth(1), codec.WithLengthIncludesHeader(true)},
			codec.LengthPrefixedOptions{HeaderWidth: 1, ByteOrder: binary.BigEndian, LengthIncludesHeader: true, MaxFrame: 254}},
		{"width 2 caps the default max", []codec.LengthPrefixedOption{codec.WithHeaderWidth(2), codec.WithLengthIncludesHeader(true)},
			codec.LengthPrefixedOptions{HeaderWidth: 2, ByteOrder: binary.BigEndian, LengthIncludesHeader: true, MaxFrame: 65533}},
		{"width 8 native", []codec.LengthPrefixedOption{codec.WithHeaderWidth(8), codec.WithByteOrder(binary.NativeEndian), codec.WithMaxFrame(1 << 30)},
			codec.LengthPrefixedOptions{HeaderWidth: 8, ByteOrder: binary.NativeEndian, MaxFrame: 1 << 30}},
		{"later options win", []codec.LengthPrefixedOption{codec.WithMaxFrame(5), codec.WithMaxFrame(0)},
			codec.LengthPrefixedOptions{HeaderWidth: 4, ByteOrder: binary.BigEndian, MaxFrame: codec.DefaultMaxFrame}},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			c := newLengthPrefixed(t, tt.give...)
			require.Equal(t, tt.want, c.Options())
			require.Equal(t, codec.NameLengthPrefixed, c.Name())
		})
	}

	invalid := []struct {
		name string
		give []codec.LengthPrefixedOption
	}{
		{"width 0", []codec.LengthPrefixedOption{codec.WithHeaderWidth(0)}},
		{"width 3", []codec.LengthPrefixedOption{codec.WithHeaderWidth(3)}},
		{"width 16", []codec.LengthPrefixedOption{codec.WithHeaderWidth(16)}},
		{"nil byte order", []codec.LengthPrefixedOption{codec.WithByteOrder(nil)}},
		{"custom byte order", []codec.LengthPrefixedOption{codec.WithByteOrder(swappedOrder{binary.BigEndian})}},
		{"negative max", []codec.LengthPrefixedOption{codec.WithMaxFrame(-1)}},
		{"max over a 1-byte header", []codec.LengthPrefixedOption{codec.WithHeaderWidth(1), codec.WithMaxFrame(256)}},
		{"max over a 1-byte header counting itself", []codec.LengthPrefixedOption{codec.WithHeaderWidth(1), codec.WithLengthIncludesHeader(true), codec.WithMaxFrame(255)}},
		{"max over a 2-byte header", []codec.LengthPrefixedOption{codec.WithHeaderWidth(2), codec.WithMaxFrame(1 << 16)}},
		{"max at MaxInt", []codec.LengthPrefixedOption{codec.WithHeaderWidth(8), codec.WithMaxFrame(math.MaxInt)}},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			c, err := codec.NewLengthPrefixed(tt.give...)
			require.ErrorIs(t, err, codec.ErrInvalidOption)
			require.Nil(t, c)
		})
	}
	c, err := codec.NewLengthPrefixed(nil)
	require.NoError(t, err, "a nil option sets nothing, as in every package")
	require.NotNil(t, c)
}
