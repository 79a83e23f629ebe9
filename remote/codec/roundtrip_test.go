package codec_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

// TestRoundTrip encodes values of several shapes with each codec and
// decodes them back into equal values.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		give any
	}{
		{"message", fullMessage()},
		{"zero message", Message{}},
		{"empty containers", Message{Tags: []string{}, Counts: map[string]int{}, Kids: []Inner{}, Blob: []byte{}}},
		{"extreme ints", Message{ID: math.MinInt64, Seq: math.MaxUint32, Delta: math.MinInt8}},
		{"nested struct", Inner{Name: "only", Score: -1e300}},
		{"bytes", []byte("\x00raw\xffbytes")},
		{"map", map[string]int{"a": 1, "b": 2, "c": 3}},
		{"time", time.Date(1969, 7, 20, 20, 17, 40, 1, time.UTC)},
		{"string", "plain"},
		{"int", int64(-42)},
		{"pointer", &Inner{Name: "boxed"}},
	}
	for _, c := range codecs(t) {
		for _, tt := range tests {
			t.Run(c.Name()+"/"+tt.name, func(t *testing.T) {
				r := codec.NewRegistry(c)
				require.NoError(t, registerLike(r, tt.give))

				prefix := []byte("prefix")
				id, out, err := r.Encode(prefix, tt.give)
				require.NoError(t, err)
				require.Equal(t, "prefix", string(out[:len(prefix)]), "Encode must append")
				name, ok := r.NameOf(tt.give)
				require.True(t, ok)
				require.Equal(t, codec.ID(name), id)

				got, err := r.Decode(id, out[len(prefix):])
				require.NoError(t, err)
				require.Equal(t, tt.give, got)
			})
		}
	}
}

// registerLike registers the dynamic type of v under a name of its own.
func registerLike(r *codec.Registry, v any) error {
	switch v.(type) {
	case Message:
		return codec.Register[Message](r, "test.Message")
	case Inner:
		return codec.Register[Inner](r, "test.Inner")
	case []byte:
		return codec.Register[[]byte](r, "test.Bytes")
	case map[string]int:
		return codec.Register[map[string]int](r, "test.Map")
	case time.Time:
		return codec.Register[time.Time](r, "test.Time")
	case string:
		return codec.Register[string](r, "test.String")
	case int64:
		return codec.Register[int64](r, "test.Int")
	case *Inner:
		return codec.Register[*Inner](r, "test.InnerPtr")
	}
	panic("no case for this type")
}

// TestTimeZone keeps the instant and the offset of a time outside UTC.
func TestTimeZone(t *testing.T) {
	give := time.Date(2025, 1, 2, 3, 4, 5, 6, time.FixedZone("CET", 3600))
	for _, c := range codecs(t) {
		t.Run(c.Name(), func(t *testing.T) {
			data, err := c.Append(nil, give)
			require.NoError(t, err)
			var got time.Time
			require.NoError(t, c.Decode(data, &got))
			require.True(t, give.Equal(got), "got %v, want %v", got, give)
			_, offset := got.Zone()
			require.Equal(t, 3600, offset)
		})
	}
}

// TestSchemaEvolution decodes a newer version of a message, with a field
// added and one removed, into the older one.
func TestSchemaEvolution(t *testing.T) {
	type V2 struct {
		ID    int64
		Added []string
		Text  string
	}
	type V1 struct {
		ID      int64
		Text    string
		Removed int
	}
	for _, c := range codecs(t) {
		t.Run(c.Name(), func(t *testing.T) {
			data, err := c.Append(nil, V2{ID: 1, Added: []string{"x"}, Text: "t"})
			require.NoError(t, err)
			var got V1
			require.NoError(t, c.Decode(data, &got))
			require.Equal(t, V1{ID: 1, Text: "t"}, got)
		})
	}
}

// TestJSONDeterministic encodes a map with its keys sorted, always.
func TestJSONDeterministic(t *testing.T) {
	c, err := codec.JSON()
	require.NoError(t, err)
	m := map[string]int{}
	for _, k := range []string{"d", "b", "a", "c", "e", "f", "g", "h"} {
		m[k] = len(k)
	}
	want, err := c.Append(nil, m)
	require.NoError(t, err)
	require.Equal(t, `{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1}`, string(want))
	for range 20 {
		got, err := c.Append(nil, m)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
}

// TestCBORStructsDeterministic encodes a struct without maps to the same
// bytes every time: fields go in declaration order.
func TestCBORStructsDeterministic(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	msg := fullMessage()
	msg.Counts = nil
	want, err := c.Append(nil, msg)
	require.NoError(t, err)
	for range 20 {
		got, err := c.Append(nil, msg)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
}

// TestCBORNumericTime decodes a time sent as seconds since the epoch, as
// RFC 8949 allows, but a time past year 9999 cannot be sent back: both
// codecs write times as RFC 3339 text, which has four-digit years.
func TestCBORNumericTime(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	var m Message
	require.NoError(t, c.Decode(field("At", 0x1a, 0x65, 0, 0, 0), &m))
	require.Equal(t, time.Unix(0x65000000, 0).UTC(), m.At.UTC())

	require.NoError(t, c.Decode(field("At", 0x1b, 0, 0, 0x01, 0, 0, 0, 0, 0), &m))
	require.Greater(t, m.At.Year(), 9999)
	for _, c := range codecs(t) {
		_, err = c.Append(nil, m)
		require.ErrorIs(t, err, codec.ErrEncode)
		require.ErrorContains(t, err, "outside of range [0,9999]")
	}
}
