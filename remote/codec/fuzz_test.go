package codec_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

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

// fuzzProtoTypes are the names registered by registerProto; the fuzzer
// picks one by index.
var fuzzProtoTypes = []string{"pb.Struct", "pb.Value", "pb.List", "pb.String", "pb.Bytes", "pb.Timestamp", "pb.Any", "pb.File"}

// FuzzProtobufDecode decodes arbitrary bytes as one of a few protobuf
// messages, through a registry whose default codec is CBOR, and checks
// that Decode never panics, fails only with ErrDecode, returns a new
// message of the registered type, and that whatever it accepts survives
// a round trip. The seed corpus is built from valid encodings here and
// kept in testdata/fuzz/FuzzProtobufDecode.
func FuzzProtobufDecode(f *testing.F) {
	r := mixedRegistry(f)
	anyMsg, err := anypb.New(fullStruct(f))
	require.NoError(f, err)
	seeds := []struct {
		name string
		v    proto.Message
	}{
		{"pb.Struct", fullStruct(f)},
		{"pb.Value", nestedValue(3)},
		{"pb.List", &structpb.ListValue{Values: []*structpb.Value{structpb.NewNullValue(), structpb.NewStringValue("s")}}},
		{"pb.String", wrapperspb.String("héllo")},
		{"pb.Bytes", wrapperspb.Bytes([]byte{0, 0xff})},
		{"pb.Timestamp", timestamppb.New(time.Date(2024, 2, 29, 23, 59, 58, 123456789, time.UTC))},
		{"pb.Any", anyMsg},
		{"pb.File", &descriptorpb.FileDescriptorProto{
			Name: proto.String("x.proto"), Dependency: []string{"y.proto"}, PublicDependency: []int32{0},
			MessageType: []*descriptorpb.DescriptorProto{nestedDescriptor(3)},
			SourceCodeInfo: &descriptorpb.SourceCodeInfo{Location: []*descriptorpb.SourceCodeInfo_Location{
				{Path: []int32{4, 0}, Span: []int32{1, 2, 3}},
			}},
			Options: &descriptorpb.FileOptions{UninterpretedOption: []*descriptorpb.UninterpretedOption{{
				Name: []*descriptorpb.UninterpretedOption_NamePart{{NamePart: proto.String("p"), IsExtension: proto.Bool(true)}},
			}}},
		}},
	}
	for _, s := range seeds {
		_, data, err := r.Encode(nil, s.v)
		require.NoError(f, err)
		f.Add(uint8(slices.Index(fuzzProtoTypes, s.name)), data)
	}

	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := fuzzProtoTypes[int(which)%len(fuzzProtoTypes)]
		id := codec.ID(name)
		v, err := r.Decode(id, data)
		if err != nil {
			require.ErrorIs(t, err, codec.ErrDecode)
			require.NotErrorIs(t, err, codec.ErrUnknownType)
			require.Nil(t, v)
			var e *codec.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, "protobuf", e.Codec)
			require.Equal(t, name, e.Type)
			return
		}
		m, ok := v.(proto.Message)
		require.True(t, ok, "%T", v)
		require.True(t, m.ProtoReflect().IsValid(), "Decode returned a nil %T", v)

		// What was accepted encodes again, no larger than a proto2
		// repeated field sent packed and written back unpacked makes it,
		// and decodes to an equal message.
		id2, out, err := r.Encode(nil, v)
		if err != nil {
			require.ErrorIs(t, err, codec.ErrTooLarge)
			return
		}
		require.Equal(t, id, id2)
		v2, err := r.Decode(id, out)
		require.NoError(t, err)
		require.True(t, proto.Equal(m, v2.(proto.Message)), "round trip changed the message:\n%v\n%v", m, v2)
	})
}
