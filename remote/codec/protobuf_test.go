package codec_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/actorio/actorio/remote/codec"
)

// TestProtobufAppendErrors fails to encode what is not a message, a nil
// message and an encoding over MaxSize, and leaves dst as it was.
func TestProtobufAppendErrors(t *testing.T) {
	c := protobuf(t, codec.WithMaxSize(16))
	tests := []struct {
		name  string
		give  any
		want  string
		large bool
	}{
		{"nil", nil, "nil is not a proto.Message", false},
		{"plain struct", Message{}, "codec_test.Message is not a proto.Message", false},
		{"message value", wrapperspb.StringValue{}, "*wrapperspb.StringValue is", false},
		{"nil message", (*wrapperspb.StringValue)(nil), "nil message", false},
		{"invalid UTF-8", wrapperspb.String("\xff"), "invalid UTF-8", false},
		{"proto2 without a required field", &descriptorpb.UninterpretedOption_NamePart{NamePart: proto.String("p")}, "required field", false},
		{"too large", wrapperspb.String(strings.Repeat("a", 15)), "17 bytes, limit 16", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := make([]byte, 4, 64)
			copy(dst, "keep")
			out, err := c.Append(dst, tt.give)
			require.ErrorIs(t, err, codec.ErrEncode)
			require.NotErrorIs(t, err, codec.ErrDecode)
			require.Equal(t, tt.large, errors.Is(err, codec.ErrTooLarge))
			require.ErrorContains(t, err, tt.want)
			require.Equal(t, "keep", string(out))
			var e *codec.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, codec.OpEncode, e.Op)
			require.Equal(t, "protobuf", e.Codec)
		})
	}

	// Through a registry, the error names the registered type.
	r := codec.NewRegistry(c)
	require.NoError(t, codec.Register[*wrapperspb.StringValue](r, "pb.String"))
	_, _, err := r.Encode(nil, (*wrapperspb.StringValue)(nil))
	require.ErrorIs(t, err, codec.ErrEncode)
	require.EqualError(t, err, `codec: protobuf encode "pb.String": nil message has no encoding distinct from an empty one`)
}

// TestProtobufDecodeTargets decodes into a message, or through a pointer
// to a message pointer, and refuses anything else without panicking.
func TestProtobufDecodeTargets(t *testing.T) {
	c := protobuf(t)
	data, err := c.Append(nil, wrapperspb.String("v"))
	require.NoError(t, err)

	var m wrapperspb.StringValue
	m.Value = "old"
	require.NoError(t, c.Decode(data, &m))
	require.Equal(t, "v", m.GetValue())

	var p *wrapperspb.StringValue
	require.NoError(t, c.Decode(data, &p))
	require.Equal(t, "v", p.GetValue())

	q := wrapperspb.String("old")
	same := q
	require.NoError(t, c.Decode([]byte{}, &q))
	require.Same(t, same, q, "a non-nil message pointer is reused")
	require.Empty(t, q.GetValue(), "and reset")

	for _, give := range []any{
		nil, wrapperspb.StringValue{}, (*wrapperspb.StringValue)(nil), (**wrapperspb.StringValue)(nil),
		&Message{}, new(*Message), new(string), "text",
	} {
		err := c.Decode(data, give)
		require.ErrorIs(t, err, codec.ErrDecode, "%T", give)
		var e *codec.Error
		require.ErrorAs(t, err, &e, "%T", give)
		require.Equal(t, "protobuf", e.Codec)
	}
}

// TestProtobufMaxDepth decodes messages nested exactly MaxDepth deep, the
// message itself counting as one, and refuses one level more.
func TestProtobufMaxDepth(t *testing.T) {
	for _, depth := range []int{codec.MinMaxDepth, codec.DefaultMaxDepth, 100} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			c := protobuf(t, codec.WithMaxDepth(depth))
			fits, err := proto.Marshal(nestedDescriptor(depth))
			require.NoError(t, err)
			var d descriptorpb.DescriptorProto
			require.NoError(t, c.Decode(fits, &d))
			deep, err := proto.Marshal(nestedDescriptor(depth + 1))
			require.NoError(t, err)
			err = c.Decode(deep, &d)
			require.ErrorIs(t, err, codec.ErrDecode)
			require.ErrorContains(t, err, "exceeded maximum recursion depth")
		})
	}

	// A map entry is a message: {"a": {"b": 1}} is Struct, entry, Value,
	// Struct, entry, Value.
	s, err := structpb.NewStruct(map[string]any{"a": map[string]any{"b": 1.0}})
	require.NoError(t, err)
	data, err := proto.Marshal(s)
	require.NoError(t, err)
	require.NoError(t, protobuf(t, codec.WithMaxDepth(6)).Decode(data, new(structpb.Struct)))
	require.ErrorIs(t, protobuf(t, codec.WithMaxDepth(5)).Decode(data, new(structpb.Struct)), codec.ErrDecode)
}

// TestProtobufMaxSize encodes and decodes exactly MaxSize bytes, and
// refuses one more on either side.
func TestProtobufMaxSize(t *testing.T) {
	for _, limit := range []int{100, codec.DefaultMaxSize} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			c := protobuf(t, codec.WithMaxSize(limit))
			n := limit
			for proto.Size(wrapperspb.Bytes(make([]byte, n))) > limit {
				n--
			}
			fits := wrapperspb.Bytes(bytes.Repeat([]byte{'a'}, n))
			data, err := c.Append(nil, fits)
			require.NoError(t, err)
			require.Len(t, data, limit)
			var got wrapperspb.BytesValue
			require.NoError(t, c.Decode(data, &got))
			require.True(t, proto.Equal(fits, &got))

			_, err = c.Append(nil, wrapperspb.Bytes(bytes.Repeat([]byte{'a'}, n+1)))
			require.ErrorIs(t, err, codec.ErrTooLarge)
			err = c.Decode(append(data, 0x20, 0), &got) // a valid unknown field
			require.ErrorIs(t, err, codec.ErrTooLarge)
			require.ErrorIs(t, err, codec.ErrDecode)
		})
	}
}

// TestProtobufUnknownFields keeps the fields of a newer schema that a
// process does not know, and sends them on: a Timestamp decoded as an
// Int64Value (field 1 alike, field 2 unknown) comes back whole.
func TestProtobufUnknownFields(t *testing.T) {
	r := codec.NewRegistry(protobuf(t))
	require.NoError(t, codec.Register[*wrapperspb.Int64Value](r, "old"))
	require.NoError(t, codec.Register[*timestamppb.Timestamp](r, "new"))
	give := &timestamppb.Timestamp{Seconds: math.MaxInt64, Nanos: 999_999_999}
	_, data, err := r.Encode(nil, give)
	require.NoError(t, err)

	old, err := r.Decode(codec.ID("old"), data)
	require.NoError(t, err)
	require.Equal(t, int64(math.MaxInt64), old.(*wrapperspb.Int64Value).GetValue())
	_, data, err = r.Encode(nil, old)
	require.NoError(t, err)
	got, err := r.Decode(codec.ID("new"), data)
	require.NoError(t, err)
	require.True(t, proto.Equal(give, got.(proto.Message)))
}

// TestProtobufAppendAllocs encodes a message without map fields into a
// buffer with room without allocating, as the package documentation
// says; the protobuf library allocates to walk a map field.
func TestProtobufAppendAllocs(t *testing.T) {
	c := protobuf(t)
	tests := []struct {
		name string
		give proto.Message
		want float64
	}{
		{"flat", benchChatFlat(), 0},
		{"list", &structpb.ListValue{Values: []*structpb.Value{structpb.NewStringValue("a"), nestedValue(3)}}, 0},
		{"map of 5", benchChatStruct(t), 10},
	}
	for _, tt := range tests {
		buf := make([]byte, 0, 1024)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := c.Append(buf, tt.give); err != nil {
				panic(err)
			}
		})
		require.Equal(t, tt.want, allocs, tt.name)
	}
}
