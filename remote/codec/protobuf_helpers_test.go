package codec_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/actorio/actorio/remote/codec"
)

// protobuf returns the protobuf codec with opts.
func protobuf(t testing.TB, opts ...codec.Option) codec.Codec {
	t.Helper()
	c, err := codec.Protobuf(opts...)
	require.NoError(t, err)
	return c
}

// registerProto registers the protobuf test messages in r with c. The
// names are those of fuzzProtoTypes.
func registerProto(t testing.TB, r *codec.Registry, c codec.Codec) {
	t.Helper()
	require.NoError(t, codec.RegisterCodec[*structpb.Struct](r, "pb.Struct", c))
	require.NoError(t, codec.RegisterCodec[*structpb.Value](r, "pb.Value", c))
	require.NoError(t, codec.RegisterCodec[*structpb.ListValue](r, "pb.List", c))
	require.NoError(t, codec.RegisterCodec[*wrapperspb.StringValue](r, "pb.String", c))
	require.NoError(t, codec.RegisterCodec[*wrapperspb.BytesValue](r, "pb.Bytes", c))
	require.NoError(t, codec.RegisterCodec[*timestamppb.Timestamp](r, "pb.Timestamp", c))
	require.NoError(t, codec.RegisterCodec[*anypb.Any](r, "pb.Any", c))
	require.NoError(t, codec.RegisterCodec[*descriptorpb.FileDescriptorProto](r, "pb.File", c))
}

// mixedRegistry returns a Registry with CBOR as its default codec, the
// types of newRegistry, and the protobuf test messages.
func mixedRegistry(t testing.TB) *codec.Registry {
	t.Helper()
	r := newRegistry(t, nil)
	registerProto(t, r, protobuf(t))
	return r
}

// fullStruct returns a structpb.Struct with every kind of value.
func fullStruct(t testing.TB) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(map[string]any{
		"null": nil, "bool": true, "number": -1.5e300, "text": "héllo 😀",
		"list":   []any{1.0, "two", []any{false, nil}, map[string]any{}},
		"nested": map[string]any{"a": map[string]any{"b": "c"}, "empty": []any{}},
	})
	require.NoError(t, err)
	return s
}

// nestedValue is a structpb.Value holding lists nested lists deep, such
// as [[1]] for 2: 2*lists+1 messages deep.
func nestedValue(lists int) *structpb.Value {
	v := structpb.NewNumberValue(1)
	for range lists {
		v = structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{v}})
	}
	return v
}

// nestedDescriptor is a DescriptorProto of nested types n messages deep.
func nestedDescriptor(n int) *descriptorpb.DescriptorProto {
	d := &descriptorpb.DescriptorProto{Name: proto.String("leaf")}
	for range n - 1 {
		d = &descriptorpb.DescriptorProto{NestedType: []*descriptorpb.DescriptorProto{d}}
	}
	return d
}
