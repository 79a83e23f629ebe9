package codec_test

import (
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/structpb"
)

// No protoc here, so the protobuf benchmarks carry Chat and Batch in
// messages generated for the protobuf module itself:
//
//   - protobuf-flat: Chat in descriptorpb.UninterpretedOption, a flat
//     generated message with the same five field types (int64 ID, two
//     strings, the text as bytes, uint64 Seq). It is proto2, so its
//     scalars are pointers, and decoding allocates for each: a proto3
//     message would allocate less.
//   - protobuf-struct: Chat and Batch as a structpb.Struct with the same
//     field names, numbers as doubles and Items as a list of Structs. It
//     is the dynamic, map-based encoding that a schema-less message gets
//     in protobuf, heavier than a generated message.

// benchChatFlat is benchChat as a generated flat message.
func benchChatFlat() *descriptorpb.UninterpretedOption {
	c := benchChat()
	return &descriptorpb.UninterpretedOption{
		NegativeIntValue: proto.Int64(c.ID),
		IdentifierValue:  proto.String(c.From),
		AggregateValue:   proto.String(c.To),
		StringValue:      []byte(c.Text),
		PositiveIntValue: proto.Uint64(uint64(c.Seq)),
	}
}

// benchChatStruct is benchChat as a structpb.Struct.
func benchChatStruct(t testing.TB) *structpb.Struct {
	c := benchChat()
	return mustStruct(t, map[string]any{
		"ID": float64(c.ID), "From": c.From, "To": c.To, "Text": c.Text, "Seq": float64(c.Seq),
	})
}

// benchBatchStruct is benchBatch as a structpb.Struct.
func benchBatchStruct(t testing.TB) *structpb.Struct {
	b := benchBatch()
	items := make([]any, len(b.Items))
	for i, it := range b.Items {
		items[i] = map[string]any{"Key": it.Key, "Unit": it.Unit, "Value": float64(it.Value), "Ok": it.Ok}
	}
	counts := make(map[string]any, len(b.Counts))
	for k, v := range b.Counts {
		counts[k] = float64(v)
	}
	return mustStruct(t, map[string]any{"ID": float64(b.ID), "Source": b.Source, "Items": items, "Counts": counts})
}

func mustStruct(t testing.TB, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// protobufBenchCodecs returns the protobuf rows of benchCodecs.
func protobufBenchCodecs(b *testing.B) []benchCodec {
	c := protobuf(b)
	chatStruct, batchStruct := benchChatStruct(b), benchBatchStruct(b)
	newStruct := func() any { return new(structpb.Struct) }
	return []benchCodec{
		{
			name: "protobuf-flat", append: c.Append, decode: c.Decode,
			as: func(msg any) (any, func() any) {
				if _, ok := msg.(Chat); !ok {
					return nil, nil
				}
				return benchChatFlat(), func() any { return new(descriptorpb.UninterpretedOption) }
			},
		},
		{
			name: "protobuf-struct", append: c.Append, decode: c.Decode,
			as: func(msg any) (any, func() any) {
				if _, ok := msg.(Chat); ok {
					return chatStruct, newStruct
				}
				return batchStruct, newStruct
			},
		},
	}
}
