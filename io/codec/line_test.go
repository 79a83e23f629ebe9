package codec_test

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
)

// lineConfig is one combination of the line codec's wire-format options.
type lineConfig struct {
	name  string
	delim byte
	strip bool
}

func lineConfigs() []lineConfig {
	return []lineConfig{
		{"newline", '\n', false},
		{"newline/strip CR", '\n', true},
		{"NUL", 0, false},
		{"NUL/strip CR", 0, true},
		{"semicolon", ';', false},
	}
}

func (cfg lineConfig) options(extra ...codec.LineOption) []codec.LineOption {
	return append([]codec.LineOption{codec.WithDelimiter(cfg.delim), codec.WithStripCR(cfg.strip)}, extra...)
}

func TestLineRoundTrip(t *testing.T) {
	const limit = 300
	for _, cfg := range lineConfigs() {
		t.Run(cfg.name, func(t *testing.T) {
			c := newLine(t, cfg.options(codec.WithMaxLine(limit))...)
			payloads := [][]byte{
				{}, []byte("a"), []byte("hello, world"), {}, []byte("ends in CR\r"), []byte("\r"),
				[]byte("\r\r"), []byte("mid\rline"), bytes.Repeat([]byte("m"), limit),
			}
			stream := encodeAll(t, c, payloads)

			got, err := feed(t, c, stream, func() int { return len(stream) })
			require.NoError(t, err)
			require.Equal(t, payloads, got)
		})
	}
}

func TestLineWireFormat(t *testing.T) {
	tests := []struct {
		name string
		give []codec.LineOption
		want string
	}{
		{"default", nil, "hi\n"},
		{"strip CR writes CR", []codec.LineOption{codec.WithStripCR(true)}, "hi\r\n"},
		{"NUL", []codec.LineOption{codec.WithDelimiter(0)}, "hi\x00"},
		{"CR delimiter", []codec.LineOption{codec.WithDelimiter('\r')}, "hi\r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLine(t, tt.give...)
			got, err := c.AppendFrame([]byte("prefix"), []byte("hi"))
			require.NoError(t, err)
			require.Equal(t, "prefix"+tt.want, string(got))
		})
	}
}

func TestLineDecode(t *testing.T) {
	const limit = 8
	tests := []struct {
		name        string
		strip       bool
		give        string
		wantFrame   []byte
		wantN       int
		wantErr     error
		wantClaimed uint64
	}{
		{name: "empty buffer"},
		{name: "partial line", give: "abc"},
		{name: "delimiter only", give: "\n", wantFrame: []byte{}, wantN: 1},
		{name: "delimiters only", give: "\n\n\n", wantFrame: []byte{}, wantN: 1},
		{name: "line then the next", give: "ab\ncd", wantFrame: []byte("ab"), wantN: 3},
		{name: "CR kept", give: "ab\r\n", wantFrame: []byte("ab\r"), wantN: 4},
		{name: "line exactly at max", give: "12345678\n", wantFrame: []byte("12345678"), wantN: 9},
		{name: "max bytes without delimiter wait", give: "12345678"},
		{name: "max+1 without delimiter rejected", give: "123456789", wantErr: codec.ErrFrameTooLarge, wantClaimed: 9},
		{name: "max+1 with delimiter rejected", give: "123456789\n", wantErr: codec.ErrFrameTooLarge, wantClaimed: 9},
		{name: "far too long", give: strings.Repeat("x", 100) + "\n", wantErr: codec.ErrFrameTooLarge, wantClaimed: 9},
		{name: "CR at max+1 without strip", give: "12345678\r\n", wantErr: codec.ErrFrameTooLarge, wantClaimed: 9},

		{name: "strip/delimiter only", strip: true, give: "\n", wantFrame: []byte{}, wantN: 1},
		{name: "strip/CR and delimiter", strip: true, give: "\r\n", wantFrame: []byte{}, wantN: 2},
		{name: "strip/one CR only", strip: true, give: "\r\r\n", wantFrame: []byte("\r"), wantN: 3},
		{name: "strip/CR mid-line kept", strip: true, give: "a\rb\n", wantFrame: []byte("a\rb"), wantN: 4},
		{name: "strip/line exactly at max", strip: true, give: "12345678\r\nx", wantFrame: []byte("12345678"), wantN: 10},
		{name: "strip/max and CR wait", strip: true, give: "12345678\r"},
		{name: "strip/max and CR then more", strip: true, give: "12345678\rx", wantErr: codec.ErrFrameTooLarge, wantClaimed: 10},
		{name: "strip/max+1 without delimiter rejected", strip: true, give: "123456789", wantErr: codec.ErrFrameTooLarge, wantClaimed: 9},
		{name: "strip/max+1 with delimiter rejected", strip: true, give: "123456789\n", wantErr: codec.ErrFrameTooLarge, wantClaimed: 9},
		{name: "strip/max+1 ending in CR rejected", strip: true, give: "1234567\r\r\r\n", wantErr: codec.ErrFrameTooLarge, wantClaimed: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLine(t, codec.WithMaxLine(limit), codec.WithStripCR(tt.strip))
			give := []byte(tt.give)
			frame, n, err := c.Decode(give)
			require.Equal(t, tt.wantN, n)
			require.Equal(t, tt.wantFrame, frame)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.True(t, within(frame, give))
				if n == 0 {
					require.Greater(t, c.SizeHint(give), len(give))
				} else {
					require.Equal(t, n, c.SizeHint(give))
				}
				return
			}
			fe := requireFrameError(t, err, codec.NameLine, codec.OpDecode, tt.wantErr)
			require.Equal(t, limit, fe.Limit)
			require.Equal(t, tt.wantClaimed, fe.Claimed)
			require.LessOrEqual(t, c.SizeHint(give), limit+2)
		})
	}
}

// TestLineRejectedAsSoonAsTooLong feeds an endless line one byte at a
// time: it is rejected at the first byte that proves it too long.
func TestLineRejectedAsSoonAsTooLong(t *testing.T) {
	for _, strip := range []bool{false, true} {
		t.Run("strip="+strconv.FormatBool(strip), func(t *testing.T) {
			const limit = 64
			c := newLine(t, codec.WithMaxLine(limit), codec.WithStripCR(strip))
			buf := []byte{}
			for i := range limit {
				buf = append(buf, byte('a'+i%26))
				_, n, err := c.Decode(buf)
				require.NoError(t, err)
				require.Zero(t, n)
			}
			_, _, err := c.Decode(append(buf, 'x'))
			fe := requireFrameError(t, err, codec.NameLine, codec.OpDecode, codec.ErrFrameTooLarge)
			require.Equal(t, uint64(limit+1), fe.Claimed)
		})
	}
}

func TestLineEncodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		give    []codec.LineOption
		payload string
		wantErr error
	}{
		{"delimiter inside", nil, "a\nb", codec.ErrMalformed},
		{"delimiter at the end", nil, "ab\n", codec.ErrMalformed},
		{"delimiter alone", nil, "\n", codec.ErrMalformed},
		{"NUL inside", []codec.LineOption{codec.WithDelimiter(0)}, "a\x00", codec.ErrMalformed},
		{"over the max", []codec.LineOption{codec.WithMaxLine(4)}, "12345", codec.ErrFrameTooLarge},
		{"over the default max", nil, strings.Repeat("x", codec.DefaultMaxLine+1), codec.ErrFrameTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLine(t, tt.give...)
			dst := []byte("kept")
			got, err := c.AppendFrame(dst, []byte(tt.payload))
			fe := requireFrameError(t, err, codec.NameLine, codec.OpEncode, tt.wantErr)
			require.Equal(t, uint64(len(tt.payload)), fe.Claimed)
			require.Equal(t, c.Options().MaxLine, fe.Limit)
			require.Equal(t, dst, got)
		})
	}
}

func TestNewLineOptions(t *testing.T) {
	valid := []struct {
		name string
		give []codec.LineOption
		want codec.LineOptions
	}{
		{"defaults", nil, codec.LineOptions{Delimiter: '\n', MaxLine: codec.DefaultMaxLine}},
		{"all set", []codec.LineOption{codec.WithDelimiter(0), codec.WithStripCR(true), codec.WithMaxLine(1)},
			codec.LineOptions{Delimiter: 0, StripCR: true, MaxLine: 1}},
		{"CR delimiter", []codec.LineOption{codec.WithDelimiter('\r')}, codec.LineOptions{Delimiter: '\r', MaxLine: codec.DefaultMaxLine}},
		{"later options win", []codec.LineOption{codec.WithMaxLine(3), codec.WithMaxLine(0)}, codec.LineOptions{Delimiter: '\n', MaxLine: codec.DefaultMaxLine}},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			c := newLine(t, tt.give...)
			require.Equal(t, tt.want, c.Options())
			require.Equal(t, codec.NameLine, c.Name())
		})
	}

	invalid := []struct {
		name string
		give []codec.LineOption
	}{
		{"negative max", []codec.LineOption{codec.WithMaxLine(-1)}},
		{"max at MaxInt", []codec.LineOption{codec.WithMaxLine(math.MaxInt)}},
		{"strip CR with CR delimiter", []codec.LineOption{codec.WithDelimiter('\r'), codec.WithStripCR(true)}},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			c, err := codec.NewLine(tt.give...)
			require.ErrorIs(t, err, codec.ErrInvalidOption)
			require.Nil(t, c)
		})
	}
	c, err := codec.NewLine(nil)
	require.NoError(t, err, "a nil option sets nothing, as in every package")
	require.NotNil(t, c)
}
