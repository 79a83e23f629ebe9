package codec_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/actorio/actorio/remote/codec"
)

// hostileCase is bytes from a peer that Decode must refuse.
type hostileCase struct {
	name string
	id   string // registered name to decode as; default test.Message
	give []byte
	want []error // errors.Is targets besides ErrDecode
}

// maxHostileAlloc bounds what one Decode of a hostile input may allocate.
const maxHostileAlloc = 1 << 20

// TestHostileCBOR refuses malformed, oversized, deep, wide or otherwise
// hostile CBOR without panicking and without allocating more than
// maxHostileAlloc, even when the input claims gigabytes.
func TestHostileCBOR(t *testing.T) {
	c, err := codec.CBOR()
	require.NoError(t, err)
	valid, err := c.Append(nil, fullMessage())
	require.NoError(t, err)

	tests := []hostileCase{
		{name: "empty", give: nil},
		{name: "truncated", give: valid[:len(valid)/2]},
		{name: "trailing byte", give: append(bytes.Clone(valid), 0)},
		{name: "garbage", give: garbage(64)},
		{name: "garbage in a map", give: append([]byte{0xa4}, garbage(63)...)},
		{name: "garbage in an array", id: "test.Any", give: append([]byte{0x8f}, garbage(63)...)},
		{name: "nested arrays 10000 deep", give: append(bytes.Repeat([]byte{0x81}, 10_000), 0)},
		{name: "nested arrays 10000 deep as []any", id: "test.Any", give: append(bytes.Repeat([]byte{0x81}, 10_000), 0)},
		{name: "nested maps 10000 deep", give: append(bytes.Repeat([]byte{0xa1, 0x00}, 10_000), 0)},
		{name: "array claims 2^31 elements", give: field("Kids", 0x9a, 0x80, 0, 0, 0, 0xa0)},
		{name: "array claims 2^64-1 elements", give: field("Kids", 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xa0)},
		{name: "top array claims 2^31-1 elements", id: "test.Any", give: []byte{0x9a, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0}},
		{name: "map claims 2^31-1 pairs", give: []byte{0xba, 0x7f, 0xff, 0xff, 0xff, 0x62, 'I', 'D', 0x01}},
		{name: "bytes claim 2^31-1", give: field("Blob", 0x5a, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3)},
		{name: "text claims 2^63", give: field("Text", 0x7b, 0x80, 0, 0, 0, 0, 0, 0, 0, 'a')},
		{name: "too many elements", id: "test.Any", give: cborArray(codec.DefaultMaxElements + 1)},
		{name: "duplicate key", give: []byte{0xa2, 0x62, 'I', 'D', 0x01, 0x62, 'I', 'D', 0x02}},
		{name: "indefinite length map", give: []byte{0xbf, 0x62, 'I', 'D', 0x01, 0xff}},
		{name: "indefinite length text", give: field("Text", 0x7f, 0x61, 'a', 0xff)},
		{name: "tag", give: field("At", 0xc1, 0x1a, 0x65, 0x00, 0x00, 0x00)},
		{name: "invalid UTF-8", give: field("Text", 0x62, 0xff, 0xfe)},
		{name: "wrong type", give: field("ID", 0x63, 'a', 'b', 'c')},
		{name: "integer overflow", give: field("Seq", 0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)},
		{name: "reserved simple value", give: []byte{0xf8, 0x10}},
		{name: "panicking UnmarshalCBOR", id: "test.Boom", give: []byte{0xa1, 0x61, 'X', 0x01}},
		{name: "oversized", give: oversized(valid), want: []error{codec.ErrTooLarge}},
	}
	checkHostile(t, newRegistry(t, c), tests)

	// With the widest limits the codec allows, a claim that the data
	// cannot back is still refused before anything is allocated for it.
	wide, err := codec.CBOR(codec.WithMaxElements(codec.MaxMaxElements), codec.WithMaxDepth(codec.MaxMaxDepth))
	require.NoError(t, err)
	checkHostile(t, newRegistry(t, wide), []hostileCase{
		{name: "wide/array claims 2^31-1 elements", id: "test.Any", give: []byte{0x9a, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0}},
		{name: "wide/map claims 2^31-1 pairs", give: []byte{0xba, 0x7f, 0xff, 0xff, 0xff, 0x62, 'I', 'D', 0x01}},
		{name: "wide/nested arrays 100000 deep", id: "test.Any", give: append(bytes.Repeat([]byte{0x81}, 100_000), 0)},
	})
}

// TestHostileJSON refuses malformed, oversized, deep, wide or otherwise
// hostile JSON without panicking and without allocating more than
// maxHostileAlloc.
func TestHostileJSON(t *testing.T) {
	c, err := codec.JSON()
	require.NoError(t, err)
	valid, err := c.Append(nil, fullMessage())
	require.NoError(t, err)

	tests := []hostileCase{
		{name: "empty", give: nil},
		{name: "truncated", give: valid[:len(valid)/2]},
		{name: "trailing garbage", give: append(bytes.Clone(valid), " x"...)},
		{name: "garbage", give: garbage(64)},
		{name: "nested arrays 10000 deep", give: []byte(strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000))},
		{name: "nested arrays 10000 deep as []any", id: "test.Any", give: []byte(strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000))},
		{name: "nested objects 10000 deep", give: []byte(strings.Repeat(`{"a":`, 10_000) + "1" + strings.Repeat("}", 10_000))},
		{name: "unclosed", give: []byte(strings.Repeat("[", 10_000))},
		{name: "too many elements", id: "test.Any", give: jsonArray(codec.DefaultMaxElements + 1)},
		{name: "too many members", give: jsonObject(codec.DefaultMaxElements + 1)},
		{name: "unterminated string", give: []byte(`{"Text":"[[[[\"`)},
		{name: "wrong type", give: []byte(`{"ID":"abc"}`)},
		{name: "integer overflow", give: []byte(`{"Seq":4294967296}`)},
		{name: "bad base64", give: []byte(`{"Blob":"!!!"}`)},
		{name: "bad time", give: []byte(`{"At":"yesterday"}`)},
		{name: "panicking UnmarshalJSON", id: "test.Boom", give: []byte(`{"X":1}`)},
		{name: "oversized", give: oversized(valid), want: []error{codec.ErrTooLarge}},
	}
	checkHostile(t, newRegistry(t, c), tests)
}

// checkHostile decodes each case through r and checks the error and the
// memory that a single Decode allocated.
func checkHostile(t *testing.T, r *codec.Registry, tests []hostileCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.id
			if name == "" {
				name = "test.Message"
			}
			id := codec.ID(name)
			var v any
			var err error
			allocated := allocatedBy(func() { v, err = r.Decode(id, tt.give) })
			require.Error(t, err)
			require.Nil(t, v)
			require.ErrorIs(t, err, codec.ErrDecode)
			for _, want := range tt.want {
				require.ErrorIs(t, err, want)
			}
			var e *codec.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, codec.OpDecode, e.Op)
			require.Equal(t, name, e.Type)
			require.Equal(t, r.Codec().Name(), e.Codec)
			require.Less(t, allocated, uint64(maxHostileAlloc), "allocated %d bytes for %d input bytes", allocated, len(tt.give))
			t.Logf("%d bytes in, %d bytes allocated: %v", len(tt.give), allocated, err)
		})
	}
}

// allocatedBy returns the bytes f allocated on the heap.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// field is the CBOR of a map with one text key and the encoded value.
func field(key string, value ...byte) []byte {
	b := []byte{0xa1, 0x60 | byte(len(key))}
	return append(append(b, key...), value...)
}

// cborArray is the CBOR of an array of n zeros.
func cborArray(n int) []byte {
	b := binary.BigEndian.AppendUint32([]byte{0x9a}, uint32(n))
	return append(b, make([]byte, n)...)
}

// jsonArray is the JSON of an array of n zeros.
func jsonArray(n int) []byte {
	return []byte("[" + strings.Repeat("0,", n-1) + "0]")
}

// jsonObject is the JSON of an object with n members.
func jsonObject(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"k0":0`)
	for i := 1; i < n; i++ {
		b.WriteString(`,"k`)
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(`":0`)
	}
	b.WriteString("}")
	return []byte(b.String())
}

// garbage is n reproducible random bytes.
func garbage(n int) []byte {
	rng := rand.New(rand.NewChaCha8([32]byte{'a', 'c', 't', 'o', 'r', 'i', 'o'}))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// oversized is valid padded with spaces past DefaultMaxSize: it would
// decode if it were not too large (JSON allows the spaces, and CBOR
// decoding never gets as far as the extra bytes).
func oversized(valid []byte) []byte {
	return append(bytes.Clone(valid), bytes.Repeat([]byte{' '}, codec.DefaultMaxSize)...)
}

// TestHostileProtobuf refuses malformed, oversized, deep or otherwise
// hostile protobuf without panicking and without allocating more than
// maxHostileAlloc, even when the input claims gigabytes.
func TestHostileProtobuf(t *testing.T) {
	c := protobuf(t)
	r := codec.NewRegistry(c)
	registerProto(t, r, c)
	valid, err := c.Append(nil, fullStruct(t))
	require.NoError(t, err)
	deepLists, err := proto.Marshal(nestedValue(10_000))
	require.NoError(t, err)
	deepStructs, err := proto.Marshal(nestedStruct(5_000))
	require.NoError(t, err)
	partial, err := proto.MarshalOptions{AllowPartial: true}.Marshal(&descriptorpb.FileDescriptorProto{
		Options: &descriptorpb.FileOptions{UninterpretedOption: []*descriptorpb.UninterpretedOption{{
			Name: []*descriptorpb.UninterpretedOption_NamePart{{NamePart: proto.String("p")}},
		}}},
	})
	require.NoError(t, err)
	huge := protowire.AppendVarint([]byte{0x0a}, math.MaxUint64)

	tests := []hostileCase{
		{name: "truncated", id: "pb.Struct", give: valid[:len(valid)/2]},
		{name: "truncated string", id: "pb.String", give: []byte{0x0a, 0x05, 'a'}},
		{name: "garbage", id: "pb.Struct", give: garbage(64)},
		{name: "nested lists 10000 deep", id: "pb.Value", give: deepLists},
		{name: "nested structs 5000 deep", id: "pb.Struct", give: deepStructs},
		{name: "nested unknown groups 20000 deep", id: "pb.String", give: append(
			bytes.Repeat(protowire.AppendTag(nil, 15, protowire.StartGroupType), 20_000),
			bytes.Repeat(protowire.AppendTag(nil, 15, protowire.EndGroupType), 20_000)...)},
		{name: "bytes claim 2^31-1", id: "pb.Bytes", give: append(protowire.AppendVarint([]byte{0x0a}, math.MaxInt32), "abc"...)},
		{name: "bytes claim 2^64-1", id: "pb.Bytes", give: append(huge, "abc"...)},
		{name: "message claims 2^31-1", id: "pb.List", give: append(protowire.AppendVarint([]byte{0x0a}, math.MaxInt32), 0x08, 0x00)},
		{name: "varint overflow", id: "pb.Timestamp", give: append([]byte{0x08}, bytes.Repeat([]byte{0xff}, 11)...)},
		{name: "field number 0", id: "pb.Timestamp", give: []byte{0x00, 0x01}},
		{name: "reserved wire type", id: "pb.Timestamp", give: []byte{0x0e, 0x01}},
		{name: "end group without start", id: "pb.Timestamp", give: []byte{0x0c}},
		{name: "unterminated group", id: "pb.Timestamp", give: []byte{0x0b, 0x08, 0x01}},
		{name: "invalid UTF-8", id: "pb.String", give: []byte{0x0a, 0x02, 0xff, 0xfe}},
		{name: "invalid UTF-8 map key", id: "pb.Struct", give: []byte{0x0a, 0x04, 0x0a, 0x02, 0xff, 0xfe}},
		{name: "required field missing", id: "pb.File", give: partial},
		{name: "oversized", id: "pb.Struct", give: oversized(valid), want: []error{codec.ErrTooLarge}},
	}
	checkHostile(t, r, tests)
}

// nestedStruct is a structpb.Struct holding structs n deep, such as
// {"a": {"a": {}}} for 3: 3*n-2 messages deep.
func nestedStruct(n int) *structpb.Struct {
	s := &structpb.Struct{}
	for range n - 1 {
		s = &structpb.Struct{Fields: map[string]*structpb.Value{"a": structpb.NewStructValue(s)}}
	}
	return s
}

// TestDecodeAllocation measures the most memory we know a valid message
// of about MaxSize bytes to allocate, as the package documentation
// states it: with CBOR, a []any of arrays of empty maps, one byte each;
// with protobuf, a ListValue of empty Values, two bytes each. Both
// libraries allocate only for elements present, never for a count the
// input claims, so the cost is bounded by the size of the Go types
// involved.
func TestDecodeAllocation(t *testing.T) {
	const n = 65_000 // CBOR elements per array, under MaxElements
	cborMaps := []byte{0x90}
	for range 16 {
		cborMaps = append(cborMaps, 0x99, byte(n>>8), byte(n&0xff))
		cborMaps = append(cborMaps, bytes.Repeat([]byte{0xa0}, n)...)
	}
	tests := []struct {
		name  string
		id    string
		give  []byte
		times float64 // documented: allocated bytes per input byte
	}{
		{"cbor empty maps", "test.Any", cborMaps, 64},
		{"protobuf empty values", "pb.List", bytes.Repeat([]byte{0x0a, 0x00}, codec.DefaultMaxSize/2), 54},
	}
	r := mixedRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.LessOrEqual(t, len(tt.give), codec.DefaultMaxSize)
			var err error
			allocated := allocatedBy(func() { _, err = r.Decode(codec.ID(tt.id), tt.give) })
			require.NoError(t, err)
			times := float64(allocated) / float64(len(tt.give))
			t.Logf("%d bytes in, %d bytes allocated (%.1fx)", len(tt.give), allocated, times)
			require.InDelta(t, tt.times, times, 4, "update the package documentation")
		})
	}
}
