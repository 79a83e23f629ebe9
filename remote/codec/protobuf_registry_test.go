package codec_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/actorio/actorio/remote/codec"
)

// TestProtobufRoundTrip encodes messages with the protobuf codec through
// a registry whose default codec is CBOR, and decodes them back into new,
// equal messages.
func TestProtobufRoundTrip(t *testing.T) {
	anyMsg, err := anypb.New(wrapperspb.String("inside"))
	require.NoError(t, err)
	tests := []struct {
		name string
		give proto.Message
	}{
		{"struct", fullStruct(t)},
		{"empty struct", &structpb.Struct{}},
		{"value", nestedValue(10)},
		{"list", &structpb.ListValue{Values: []*structpb.Value{structpb.NewBoolValue(true), structpb.NewNullValue()}}},
		{"string", wrapperspb.String("héllo, wörld 😀")},
		{"empty string", wrapperspb.String("")},
		{"bytes", wrapperspb.Bytes([]byte{0, 1, 0xff})},
		{"timestamp", timestamppb.New(time.Date(1969, 7, 20, 20, 17, 40, 1, time.UTC))},
		{"any", anyMsg},
		{"proto2 with required fields", &descriptorpb.FileDescriptorProto{
			Name: proto.String("x.proto"), MessageType: []*descriptorpb.DescriptorProto{nestedDescriptor(3)},
			Options: &descriptorpb.FileOptions{UninterpretedOption: []*descriptorpb.UninterpretedOption{{
				Name: []*descriptorpb.UninterpretedOption_NamePart{{NamePart: proto.String("p"), IsExtension: proto.Bool(false)}},
			}}},
		}},
	}
	r := mixedRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("prefix")
			id, out, err := r.Encode(prefix, tt.give)
			require.NoError(t, err)
			require.Equal(t, "prefix", string(out[:len(prefix)]), "Encode must append")
			name, ok := r.NameOf(tt.give)
			require.True(t, ok)
			require.Equal(t, codec.ID(name), id)
			want, err := proto.Marshal(tt.give)
			require.NoError(t, err)
			require.Equal(t, proto.Size(tt.give), len(out)-len(prefix))
			if !strings.Contains(tt.name, "struct") { // map order varies
				require.Equal(t, want, out[len(prefix):])
			}

			got, err := r.Decode(id, out[len(prefix):])
			require.NoError(t, err)
			require.IsType(t, tt.give, got)
			require.NotSame(t, tt.give, got)
			require.True(t, proto.Equal(tt.give, got.(proto.Message)), "got %v, want %v", got, tt.give)
		})
	}
}

// TestProtobufEmptyInput decodes no bytes as an empty message, not nil.
func TestProtobufEmptyInput(t *testing.T) {
	r := mixedRegistry(t)
	v, err := r.Decode(codec.ID("pb.String"), nil)
	require.NoError(t, err)
	require.NotNil(t, v.(*wrapperspb.StringValue))
	require.True(t, proto.Equal(&wrapperspb.StringValue{}, v.(proto.Message)))
}

// TestProtobufMixedRegistry carries some types as CBOR and others as
// protobuf in one registry: each type goes through its own codec both
// ways, and its errors name that codec.
func TestProtobufMixedRegistry(t *testing.T) {
	r := mixedRegistry(t)
	require.Equal(t, "cbor", r.Codec().Name())
	cb, err := codec.CBOR()
	require.NoError(t, err)
	pb := protobuf(t)

	tests := []struct {
		name  string
		give  any
		codec codec.Codec
		equal func(a, b any) bool
	}{
		{"test.Message", Message{ID: 1, Tags: []string{"a"}, Inner: Inner{Name: "in"}}, cb, assert.ObjectsAreEqual},
		{"test.Inner", Inner{Name: "in"}, cb, assert.ObjectsAreEqual},
		{"pb.String", wrapperspb.String("s"), pb, protoEqual},
		{"pb.Timestamp", timestamppb.New(time.Unix(1, 2)), pb, protoEqual},
		{"test.Any", []any{"x", uint64(1)}, cb, assert.ObjectsAreEqual},
		{"pb.Value", nestedValue(2), pb, protoEqual},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, out, err := r.Encode(nil, tt.give)
			require.NoError(t, err)
			require.Equal(t, codec.ID(tt.name), id)
			want, err := tt.codec.Append(nil, tt.give)
			require.NoError(t, err)
			require.Equal(t, want, out, "encoded with %s", tt.codec.Name())

			got, err := r.Decode(id, out)
			require.NoError(t, err)
			require.True(t, tt.equal(tt.give, got), "got %v, want %v", got, tt.give)

			// Bytes that only the other codec accepts are refused, and the
			// error names the type's codec.
			_, err = r.Decode(id, []byte{0xff, 0xff})
			require.ErrorIs(t, err, codec.ErrDecode)
			var e *codec.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tt.codec.Name(), e.Codec)
			require.Equal(t, tt.name, e.Type)
		})
	}

	// A registry whose default is protobuf registers messages with
	// Register, and refuses other types.
	r = codec.NewRegistry(pb)
	require.NoError(t, codec.Register[*wrapperspb.StringValue](r, "pb.String"))
	require.ErrorIs(t, codec.Register[Message](r, "test.Message"), codec.ErrInvalidRegistration)
	require.NoError(t, codec.RegisterCodec[Message](r, "test.Message", cb))
	id, out, err := r.Encode(nil, wrapperspb.String("x"))
	require.NoError(t, err)
	got, err := r.Decode(id, out)
	require.NoError(t, err)
	require.Equal(t, "x", got.(*wrapperspb.StringValue).GetValue())
	id, out, err = r.Encode(nil, fullMessage())
	require.NoError(t, err)
	got, err = r.Decode(id, out)
	require.NoError(t, err)
	require.Equal(t, fullMessage(), got)
}

// protoEqual is proto.Equal for two messages held as any.
func protoEqual(a, b any) bool { return proto.Equal(a.(proto.Message), b.(proto.Message)) }

// TestProtobufRegisterErrors refuses, with the protobuf codec, every type
// that is not a pointer to a message, and a second registration of a
// type with another kind of codec; the registry stays as it was.
func TestProtobufRegisterErrors(t *testing.T) {
	pb := protobuf(t)
	tests := []struct {
		name     string
		register func(r *codec.Registry) error
		want     error
		wantText string
	}{
		{"plain struct", func(r *codec.Registry) error { return codec.RegisterCodec[Message](r, "x", pb) },
			codec.ErrInvalidRegistration, "codec_test.Message is not a proto.Message"},
		{"message value", func(r *codec.Registry) error { return codec.RegisterCodec[structpb.Struct](r, "x", pb) },
			codec.ErrInvalidRegistration, "*structpb.Struct is"},
		{"pointer to message pointer", func(r *codec.Registry) error { return codec.RegisterCodec[**structpb.Struct](r, "x", pb) },
			codec.ErrInvalidRegistration, "**structpb.Struct is not a proto.Message"},
		{"slice of messages", func(r *codec.Registry) error { return codec.RegisterCodec[[]*structpb.Struct](r, "x", pb) },
			codec.ErrInvalidRegistration, "is not a proto.Message"},
		{"string", func(r *codec.Registry) error { return codec.RegisterCodec[string](r, "x", pb) },
			codec.ErrInvalidRegistration, "string is not a proto.Message"},
		{"interface", func(r *codec.Registry) error { return codec.RegisterCodec[proto.Message](r, "x", pb) },
			codec.ErrInvalidRegistration, "interface"},
		{"nil codec", func(r *codec.Registry) error { return codec.RegisterCodec[*structpb.Struct](r, "x", nil) },
			codec.ErrInvalidRegistration, "nil codec"},
		{"empty name", func(r *codec.Registry) error { return codec.RegisterCodec[*structpb.Struct](r, "", pb) },
			codec.ErrInvalidRegistration, "empty name"},
		{"same type and name, another protobuf codec", func(r *codec.Registry) error {
			return codec.RegisterCodec[*wrapperspb.StringValue](r, "pb.String", protobuf(t, codec.WithMaxSize(10)))
		}, nil, ""},
		{"same type and name, CBOR", func(r *codec.Registry) error { return codec.Register[*wrapperspb.StringValue](r, "pb.String") },
			codec.ErrDuplicate, "with codec protobuf, not cbor"},
		{"CBOR type again as protobuf", func(r *codec.Registry) error { return codec.RegisterCodec[Message](r, "test.Message", pb) },
			codec.ErrInvalidRegistration, "not a proto.Message"},
		{"message under another name", func(r *codec.Registry) error {
			return codec.RegisterCodec[*wrapperspb.StringValue](r, "pb.String2", pb)
		}, codec.ErrDuplicate, "registered as"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := codec.NewRegistry(nil)
			require.NoError(t, codec.Register[Message](r, "test.Message"))
			require.NoError(t, codec.RegisterCodec[*wrapperspb.StringValue](r, "pb.String", pb))

			err := tt.register(r)
			if tt.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.want)
				require.ErrorContains(t, err, tt.wantText)
			}

			// Nothing changed: the two types keep their names and codecs.
			_, ok := r.Name(codec.ID("x"))
			require.False(t, ok)
			_, ok = r.Name(codec.ID("pb.String2"))
			require.False(t, ok)
			id, out, err := r.Encode(nil, wrapperspb.String("v"))
			require.NoError(t, err)
			require.Equal(t, codec.ID("pb.String"), id)
			require.Equal(t, []byte{0x0a, 0x01, 'v'}, out)
			id, _, err = r.Encode(nil, Message{})
			require.NoError(t, err)
			require.Equal(t, codec.ID("test.Message"), id)
		})
	}
}
