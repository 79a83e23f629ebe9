package codec_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote/codec"
)

// fuzzTypes are the names registered by newRegistry; the fuzzer picks
// one by index.
var fuzzTypes = []string{"test.Message", "test.Inner", "test.Boom", "test.Any"}

// FuzzCBORDecode decodes arbitrary bytes as one of a few registered
// types with the CBOR codec. The seed corpus is built from valid
// encodings here and kept in testdata/fuzz/FuzzCBORDecode.
func FuzzCBORDecode(f *testing.F) {
	c, err := codec.CBOR()
	require.NoError(f, err)
	fuzzDecode(f, c)
}

// FuzzJSONDecode decodes arbitrary bytes as one of a few registered
// types with the JSON codec. The seed corpus is built from valid
// encodings here and kept in testdata/fuzz/FuzzJSONDecode.
func FuzzJSONDecode(f *testing.F) {
	c, err := codec.JSON()
	require.NoError(f, err)
	fuzzDecode(f, c)
}

// fuzzDecode checks that Registry.Decode never panics, fails only with
// ErrDecode, and that whatever it accepts survives a round trip.
func fuzzDecode(f *testing.F, c codec.Codec) {
	r := newRegistry(f, c)
	seeds := []struct {
		name string
		v    any
	}{
		{"test.Message", fullMessage()},
		{"test.Message", Message{}},
		{"test.Inner", Inner{Name: "x", Score: 2}},
		{"test.Any", []any{int64(1), "two", []any{true, nil, 3.5}, map[string]any{"k": "v"}}},
	}
	for _, s := range seeds {
		data, err := c.Append(nil, s.v)
		require.NoError(f, err)
		f.Add(uint8(slices.Index(fuzzTypes, s.name)), data)
	}
	f.Add(uint8(slices.Index(fuzzTypes, "test.Boom")), []byte{0xa1, 0x61, 'X', 0x01})
	f.Add(uint8(slices.Index(fuzzTypes, "test.Boom")), []byte(`{"X":1}`))
	canonical, err := cbor.EncOptions{Sort: cbor.SortCoreDeterministic, Time: cbor.TimeRFC3339Nano}.EncMode()
	require.NoError(f, err)

	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		id := codec.ID(fuzzTypes[int(which)%len(fuzzTypes)])
		v, err := r.Decode(id, data)
		if err != nil {
			require.ErrorIs(t, err, codec.ErrDecode)
			require.Nil(t, v)
			return
		}

		// What was accepted encodes again and decodes to the same value,
		// compared as canonical CBOR so that NaNs, map order and time
		// zones with the same offset compare equal.
		id2, out, err := r.Encode(nil, v)
		if err != nil {
			require.ErrorIs(t, err, codec.ErrEncode)
			require.ErrorContains(t, err, "outside of range [0,9999]", "only a time far in the past or the future cannot go back")
			return
		}
		require.Equal(t, id, id2)
		v2, err := r.Decode(id, out)
		require.NoError(t, err)
		want, err := canonical.Marshal(v)
		require.NoError(t, err)
		got, err := canonical.Marshal(v2)
		require.NoError(t, err)
		require.True(t, bytes.Equal(want, got), "round trip changed the value:\n%x\n%x", want, got)
	})
}
