package codec_test

import (
	"errors"
	"io"
	"math"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

// TestAppendErrors fails to encode what a codec cannot carry, recovers a
// panicking marshaler, and leaves dst as it was.
func TestAppendErrors(t *testing.T) {
	tests := []struct {
		name  string
		give  any
		codec string // "" for both
		want  string
	}{
		{"channel", make(chan int), "", "chan"},
		{"function", func() {}, "", "func"},
		{"panicking marshaler", Boom{}, "", "panic: boom"},
		{"NaN", math.NaN(), "json", "NaN"},
		{"Inf in a nested struct", Message{Kids: []Inner{{}}, Ptr: &Inner{}, Inner: Inner{Score: math.Inf(1)}}, "json", "+Inf"},
	}
	for _, c := range codecs(t) {
		for _, tt := range tests {
			if tt.codec != "" && tt.codec != c.Name() {
				continue
			}
			t.Run(c.Name()+"/"+tt.name, func(t *testing.T) {
				dst := make([]byte, 4, 64)
				copy(dst, "keep")
				out, err := c.Append(dst, tt.give)
				require.ErrorIs(t, err, codec.ErrEncode)
				require.NotErrorIs(t, err, codec.ErrDecode)
				require.ErrorContains(t, err, tt.want)
				require.Equal(t, "keep", string(out))
				var e *codec.Error
				require.ErrorAs(t, err, &e)
				require.Equal(t, codec.OpEncode, e.Op)
				require.Equal(t, c.Name(), e.Codec)
			})
		}
	}
}

// TestDecodeBadTarget fails, without panicking, to decode into something
// that is not a non-nil pointer.
func TestDecodeBadTarget(t *testing.T) {
	for _, c := range codecs(t) {
		for _, give := range []any{nil, Inner{}, (*Inner)(nil)} {
			err := c.Decode([]byte("{}"), give)
			require.ErrorIs(t, err, codec.ErrDecode, "%s: %T", c.Name(), give)
		}
	}
}

// TestErrorCause keeps the underlying library's error for errors.As.
func TestErrorCause(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	var m Message
	err = c.Decode([]byte{0xa2, 0x62, 'I', 'D', 0x01, 0x62, 'I', 'D', 0x02}, &m)
	var dup *cbor.DupMapKeyError
	require.ErrorAs(t, err, &dup)
	require.ErrorIs(t, err, codec.ErrDecode)
	require.EqualError(t, err, `codec: cbor decode "codec_test.Message": cbor: found duplicate map key "ID" at map element index 1`)
}

// TestErrorMessage formats every field of Error, and unwraps to the
// operation's sentinel and the cause.
func TestErrorMessage(t *testing.T) {
	tests := []struct {
		name   string
		give   *codec.Error
		want   string
		wantIs []error
	}{
		{
			name:   "decode",
			give:   &codec.Error{Op: codec.OpDecode, Codec: "cbor", Type: "chat.Message", Err: io.ErrUnexpectedEOF},
			want:   `codec: cbor decode "chat.Message": unexpected EOF`,
			wantIs: []error{codec.ErrDecode, io.ErrUnexpectedEOF},
		},
		{
			name:   "encode too large",
			give:   &codec.Error{Op: codec.OpEncode, Codec: "json", Err: codec.ErrTooLarge},
			want:   `codec: json encode: message too large`,
			wantIs: []error{codec.ErrEncode, codec.ErrTooLarge},
		},
		{
			name:   "bare",
			give:   &codec.Error{Op: codec.OpDecode},
			want:   `codec: decode: failed`,
			wantIs: []error{codec.ErrDecode},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.EqualError(t, tt.give, tt.want)
			for _, want := range tt.wantIs {
				require.ErrorIs(t, tt.give, want)
			}
			require.False(t, errors.Is(tt.give, codec.ErrUnknownType))
		})
	}
}

// TestAppendAllocs encodes into a buffer with room without allocating
// for the buffer, as the package documentation says.
func TestAppendAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under -race")
	}
	var msg any = benchChat() // boxed once, outside the measurement
	for _, c := range codecs(t) {
		buf := make([]byte, 0, 1024)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := c.Append(buf, msg); err != nil {
				panic(err)
			}
		})
		require.Zero(t, allocs, c.Name())
	}
}
