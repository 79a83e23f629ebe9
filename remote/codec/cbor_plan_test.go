package codec_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

// The flat structs that the CBOR codec encodes and decodes without the
// library's reflection, and structs just outside that shape.
type (
	FlatInts struct {
		I   int
		I8  int8
		I16 int16
		I32 int32
		I64 int64
		U   uint
		U8  uint8
		U16 uint16
		U32 uint32
		U64 uint64
	}
	FlatMixed struct {
		Ok   bool
		Name string
		Data []byte
		N    int64
	}
	FlatEmpty  struct{}
	FlatMarked struct{ Data []byte } // with an unexported marker method
	FlatBool   struct{ B bool }
	// Not flat: a tag, a float, an embedded struct, an unexported field,
	// a named byte type, a field with a custom encoding.
	TaggedFlat struct {
		N int `cbor:"n"`
	}
	FloatFlat    struct{ F float64 }
	EmbedFlat    struct{ FlatBool }
	PrivateFlat  struct{ N, n int }
	NamedBytes   []byte
	NamedFlat    struct{ B NamedBytes }
	CustomField  struct{ B Boom }
	PointerShape struct{ P *FlatBool }
)

func (FlatMarked) isMarked() {}

// Token carries itself as bytes through the binary marshalers, as
// actor.Ref and futures.Promise do (with the text ones beside them,
// which CBOR does not use); "bad" fails both ways.
type Token struct{ s string }

func (t Token) MarshalBinary() ([]byte, error) {
	if t.s == "bad" {
		return nil, errors.New("token: bad")
	}
	return []byte(t.s), nil
}

func (t *Token) UnmarshalBinary(b []byte) error {
	if string(b) == "bad" {
		return errors.New("token: bad")
	}
	t.s = string(b)
	return nil
}

func (t Token) MarshalText() ([]byte, error)  { return []byte("text:" + t.s), nil }
func (t *Token) UnmarshalText(b []byte) error { t.s = "text:" + string(b); return nil }

// PtrToken has MarshalBinary on its pointer only, which the library
// does not use for a value.
type PtrToken struct{ S string }

func (t *PtrToken) MarshalBinary() ([]byte, error) { return []byte(t.S), nil }

type (
	// WithTokens is flat: its Token fields are binary.
	WithTokens struct {
		Data []byte
		Tok  Token
		N    int
		Last Token
	}
	// WithPtrToken is not flat.
	WithPtrToken struct{ P PtrToken }
)

var _ = FlatMarked.isMarked

// flatValues are values of every type above, with the extremes of each
// field.
func flatValues() []any {
	return []any{
		FlatInts{},
		FlatInts{I: math.MinInt, I8: math.MinInt8, I16: math.MinInt16, I32: math.MinInt32, I64: math.MinInt64},
		FlatInts{I: math.MaxInt, I8: math.MaxInt8, I16: math.MaxInt16, I32: math.MaxInt32, I64: math.MaxInt64,
			U: math.MaxUint, U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxUint64},
		FlatInts{I: 23, I8: 24, I16: 255, I32: 256, I64: 65536, U: 23, U8: 24, U16: 256, U32: 65536, U64: 1 << 32},
		FlatInts{I: -24, I8: -25, I16: -256, I32: -257, I64: -65537},
		FlatMixed{},
		FlatMixed{Ok: true, Name: "héllo 😀", Data: []byte{}, N: -1},
		FlatMixed{Name: string(make([]byte, 300)), Data: make([]byte, 70000), N: 1 << 40},
		FlatEmpty{},
		FlatMarked{Data: []byte("payload")},
		FlatBool{B: true},
		TaggedFlat{N: 3},
		FloatFlat{F: math.NaN()},
		EmbedFlat{FlatBool{B: true}},
		PrivateFlat{N: 1},
		NamedFlat{B: NamedBytes("x")},
		CustomField{B: Boom{X: 1}},
		PointerShape{P: &FlatBool{B: true}},
		PointerShape{},
		WithTokens{Data: []byte("d"), Tok: Token{"ref-1"}, N: -2, Last: Token{}},
		WithPtrToken{P: PtrToken{S: "p"}},
	}
}

// flatRegistry registers every type of flatValues with c.
func flatRegistry(t testing.TB, c codec.Codec) *codec.Registry {
	r := codec.NewRegistry(c)
	for _, err := range []error{
		codec.Register[FlatInts](r, "flat.Ints"), codec.Register[FlatMixed](r, "flat.Mixed"),
		codec.Register[FlatEmpty](r, "flat.Empty"), codec.Register[FlatMarked](r, "flat.Marked"),
		codec.Register[FlatBool](r, "flat.Bool"), codec.Register[TaggedFlat](r, "flat.Tagged"),
		codec.Register[FloatFlat](r, "flat.Float"), codec.Register[EmbedFlat](r, "flat.Embed"),
		codec.Register[PrivateFlat](r, "flat.Private"), codec.Register[NamedFlat](r, "flat.Named"),
		codec.Register[CustomField](r, "flat.Custom"), codec.Register[PointerShape](r, "flat.Pointer"),
		codec.Register[WithTokens](r, "flat.Tokens"), codec.Register[WithPtrToken](r, "flat.PtrToken"),
	} {
		require.NoError(t, err)
	}
	return r
}

// TestCBORPlanned checks which types get a plan.
func TestCBORPlanned(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	r := flatRegistry(t, c)
	for name, planned := range map[string]bool{
		"flat.Ints": true, "flat.Mixed": true, "flat.Empty": true, "flat.Marked": true, "flat.Bool": true,
		"flat.Tokens": true, "flat.Tagged": false, "flat.Float": false, "flat.Embed": false,
		"flat.Private": false, "flat.Named": false, "flat.Custom": false, "flat.Pointer": false,
		"flat.PtrToken": false,
	} {
		require.Equal(t, planned, codec.Planned(r, name), name)
	}
	j, err := codec.JSON()
	require.NoError(t, err)
	require.False(t, codec.Planned(flatRegistry(t, j), "flat.Ints"), "JSON has no plans")
}

// TestCBORPlanMatchesLibrary checks that the Registry writes the bytes
// the CBOR library writes for each value, and decodes them, and the
// library's own encoding, to an equal value.
func TestCBORPlanMatchesLibrary(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	r := flatRegistry(t, c)
	for _, v := range flatValues() {
		t.Run(reflect.TypeOf(v).Name(), func(t *testing.T) {
			if _, ok := v.(CustomField); ok {
				_, _, err := r.Encode(nil, v)
				require.ErrorIs(t, err, codec.ErrEncode) // Boom's MarshalCBOR panics
				return
			}
			want, err := c.Append(nil, v)
			require.NoError(t, err)
			id, got, err := r.Encode([]byte("prefix"), v)
			require.NoError(t, err)
			require.Equal(t, append([]byte("prefix"), want...), got)
			if _, ok := v.(WithPtrToken); ok {
				return // the library writes what it cannot read back
			}

			back, err := r.Decode(id, want)
			require.NoError(t, err)
			if _, nan := v.(FloatFlat); nan {
				require.True(t, math.IsNaN(back.(FloatFlat).F))
				return
			}
			require.Equal(t, v, back)
			// The decoded value is a copy: it shares no memory with data.
			if m, ok := back.(FlatMixed); ok && len(m.Data) > 0 {
				clear(want)
				require.Equal(t, v, m)
			}
		})
	}
}

// TestCBORPlanFallsBack decodes encodings that a flat struct's plan
// does not read itself (fields in another order, missing, unknown or
// spelled in another case, heads longer than needed) and encodings that
// are wrong: the Registry, through Decode and DecodeAs, must accept and
// refuse exactly what the library does, with the same value.
func TestCBORPlanFallsBack(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	r := flatRegistry(t, c)
	mixed := func(pairs ...any) []byte {
		b := []byte{0xa0 | byte(len(pairs)/2)}
		for _, p := range pairs {
			switch p := p.(type) {
			case string:
				b = append(append(b, 0x60|byte(len(p))), p...)
			case []byte:
				b = append(b, p...)
			}
		}
		return b
	}
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"canonical", mixed("Ok", []byte{0xf5}, "Name", "ab", "Data", []byte{0x41, 7}, "N", []byte{0x20}), true},
		{"reordered", mixed("N", []byte{0x01}, "Ok", []byte{0xf5}, "Name", "x", "Data", []byte{0xf6}), true},
		{"missing", mixed("Name", "only"), true},
		{"unknown field", mixed("Ok", []byte{0xf4}, "Name", "", "Data", []byte{0x40}, "N", []byte{0}, "Zz", []byte{1}), true},
		{"other case", mixed("ok", []byte{0xf5}, "name", "x", "data", []byte{0x40}, "n", []byte{2}), true},
		{"long head", mixed("Ok", []byte{0xf4}, "Name", []byte{0x78, 1, 'y'}, "Data", []byte{0x58, 0}, "N", []byte{0x18, 1}), true},
		{"empty map", []byte{0xa0}, true},
		{"trailing byte", append(mixed("Ok", []byte{0xf5}, "Name", "", "Data", []byte{0x40}, "N", []byte{0}), 0), false},
		{"truncated", mixed("Ok", []byte{0xf5}, "Name", []byte{0x62, 'a'}), false},
		{"invalid UTF-8", mixed("Ok", []byte{0xf5}, "Name", []byte{0x61, 0xff}, "Data", []byte{0x40}, "N", []byte{0}), false},
		{"wrong type", mixed("Ok", []byte{0x01}, "Name", "", "Data", []byte{0x40}, "N", []byte{0}), false},
		{"int too large", mixed("Ok", []byte{0xf4}, "Name", "", "Data", []byte{0x40},
			"N", []byte{0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0}), false},
		{"int too small", mixed("Ok", []byte{0xf4}, "Name", "", "Data", []byte{0x40},
			"N", []byte{0x3b, 0x80, 0, 0, 0, 0, 0, 0, 0}), false},
		{"indefinite bytes", mixed("Ok", []byte{0xf4}, "Name", "", "Data", []byte{0x5f, 0x41, 1, 0xff}, "N", []byte{0}), false},
		{"duplicate field", mixed("Ok", []byte{0xf4}, "Ok", []byte{0xf5}, "Data", []byte{0x40}, "N", []byte{0}), false},
		{"not a map", []byte{0x80}, false},
	}
	id := codec.ID("flat.Mixed")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want FlatMixed
			libErr := c.Decode(tt.data, &want)
			require.Equal(t, tt.ok, libErr == nil, "library: %v", libErr)

			got, err := r.Decode(id, tt.data)
			typed, found, typedErr := codec.DecodeAs[FlatMixed](r, id, tt.data)
			require.True(t, found)
			if !tt.ok {
				require.ErrorIs(t, err, codec.ErrDecode)
				require.ErrorIs(t, typedErr, codec.ErrDecode)
				require.Equal(t, FlatMixed{}, typed)
				return
			}
			require.NoError(t, err)
			require.NoError(t, typedErr)
			require.Equal(t, want, got)
			require.Equal(t, want, typed)
		})
	}
}

// TestCBORPlanIntRanges decodes each integer field's bounds and one past
// them.
func TestCBORPlanIntRanges(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	r := flatRegistry(t, c)
	tests := []struct {
		i8  int64
		u16 uint64
		ok  bool
	}{
		{math.MinInt8, math.MaxUint16, true},
		{math.MaxInt8, 0, true},
		{math.MinInt8 - 1, 0, false},
		{math.MaxInt8 + 1, 0, false},
		{0, math.MaxUint16 + 1, false},
	}
	for _, tt := range tests {
		// Encode as a map of int64 and uint64, then decode as FlatInts,
		// whose other fields stay zero: the library reads missing fields.
		data, err := c.Append(nil, map[string]any{"I8": tt.i8, "U16": tt.u16})
		require.NoError(t, err)
		var want FlatInts
		require.Equal(t, tt.ok, c.Decode(data, &want) == nil)
		got, err := r.Decode(codec.ID("flat.Ints"), data)
		if !tt.ok {
			require.ErrorIs(t, err, codec.ErrDecode)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
}

// TestCBORPlanAllocs checks what a flat struct costs: no allocation to
// encode into a buffer with room or to decode with DecodeAs, one to
// decode into an interface (the value itself), none to miss with
// DecodeAs.
func TestCBORPlanAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under -race")
	}
	c, err := codec.CBOR()
	require.NoError(t, err)
	r := flatRegistry(t, c)
	var v any = FlatInts{I: -5, U64: 1 << 40} // boxed once, as a sent message is
	buf := make([]byte, 0, 256)
	id, data, err := r.Encode(buf, v)
	require.NoError(t, err)
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _, _ = r.Encode(buf, v) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _, _ = codec.DecodeAs[FlatInts](r, id, data) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _, _ = codec.DecodeAs[fmt.Stringer](r, id, data) }))
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() { _, _ = r.Decode(id, data) }))
}

// FuzzCBORPlan decodes arbitrary bytes as a flat struct through the
// Registry, which reads its own layout without the library, and through
// the library alone: both must accept the same inputs and produce the
// same value.
func FuzzCBORPlan(f *testing.F) {
	c, err := codec.CBOR()
	require.NoError(f, err)
	r := flatRegistry(f, c)
	for _, v := range []any{
		FlatMixed{Ok: true, Name: "n", Data: []byte{1, 2}, N: -300},
		FlatMixed{},
		FlatInts{I8: -1, U64: math.MaxUint64, I: math.MinInt},
	} {
		data, err := c.Append(nil, v)
		require.NoError(f, err)
		f.Add(data)
	}
	data, err := c.Append(nil, WithTokens{Data: []byte{1}, Tok: Token{"t"}, N: 300})
	require.NoError(f, err)
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		var wantMixed FlatMixed
		checkPlan(t, r, "flat.Mixed", data, &wantMixed, c.Decode(data, &wantMixed))
		var wantInts FlatInts
		checkPlan(t, r, "flat.Ints", data, &wantInts, c.Decode(data, &wantInts))
		var wantTokens WithTokens
		checkPlan(t, r, "flat.Tokens", data, &wantTokens, c.Decode(data, &wantTokens))
	})
}

// checkPlan checks that the Registry decodes data as name to *want when
// the library did, and fails when the library failed.
func checkPlan[T any](t *testing.T, r *codec.Registry, name string, data []byte, want *T, libErr error) {
	got, err := r.Decode(codec.ID(name), data)
	typed, _, typedErr := codec.DecodeAs[T](r, codec.ID(name), data)
	if libErr != nil {
		require.ErrorIs(t, err, codec.ErrDecode)
		require.ErrorIs(t, typedErr, codec.ErrDecode)
		return
	}
	require.NoError(t, err)
	require.NoError(t, typedErr)
	require.Equal(t, *want, got)
	require.Equal(t, *want, typed)
}

// Wide has more fields than the smallest MaxElements.
type Wide struct{ A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q int }

// TestCBORPlanMaxElements checks that a struct with more fields than
// MaxElements is refused as the library refuses a map with more pairs.
func TestCBORPlanMaxElements(t *testing.T) {
	c, err := codec.CBOR(codec.WithMaxElements(codec.MinMaxElements))
	require.NoError(t, err)
	r := codec.NewRegistry(c)
	require.NoError(t, codec.Register[Wide](r, "test.Wide"))
	id, data, err := r.Encode(nil, Wide{A: 1, Q: 17})
	require.NoError(t, err)
	var lib Wide
	require.ErrorIs(t, c.Decode(data, &lib), codec.ErrDecode)
	_, err = r.Decode(id, data)
	require.ErrorIs(t, err, codec.ErrDecode)
}

// TestCBORPlanBinaryFails checks that a failing MarshalBinary or
// UnmarshalBinary fails the Registry as it fails the library.
func TestCBORPlanBinaryFails(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	r := flatRegistry(t, c)
	bad := WithTokens{Tok: Token{"ok"}, Last: Token{"bad"}}
	_, err = c.Append(nil, bad)
	require.ErrorIs(t, err, codec.ErrEncode)
	_, _, err = r.Encode(nil, bad)
	require.ErrorIs(t, err, codec.ErrEncode)
	require.ErrorContains(t, err, "token: bad")

	// The encoding of a value whose Last decodes as "bad".
	data, err := c.Append(nil, WithTokens{Last: Token{"bad!"}})
	require.NoError(t, err)
	data = data[:len(data)-1]
	data[len(data)-4] = 0x43 // the byte string's length: 4 -> 3
	var lib WithTokens
	require.ErrorIs(t, c.Decode(data, &lib), codec.ErrDecode)
	_, err = r.Decode(codec.ID("flat.Tokens"), data)
	require.ErrorIs(t, err, codec.ErrDecode)
	require.ErrorContains(t, err, "token: bad")
	_, _, err = codec.DecodeAs[WithTokens](r, codec.ID("flat.Tokens"), data)
	require.ErrorIs(t, err, codec.ErrDecode)
}
