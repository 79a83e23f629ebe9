package codec_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/vmihailenco/msgpack/v5"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/actorio/actorio/remote/codec"
)

// Chat is the small benchmark message, about 100 bytes on the wire.
type Chat struct {
	ID   int64
	From string
	To   string
	Text string
	Seq  uint32
}

// Item is an element of Batch.
type Item struct {
	Key   string
	Unit  string
	Value int64
	Ok    bool
}

// Batch is the large benchmark message, about 1 KB on the wire.
type Batch struct {
	ID     int64
	Source string
	Items  []Item
	Counts map[string]int
}

func benchChat() Chat {
	return Chat{
		ID: 1234567890123, From: "n1/alice", To: "n2/bob",
		Text: "The quick brown fox jumps over the lazy dog, twice a day!!!", Seq: 4242,
	}
}

func benchBatch() Batch {
	b := Batch{ID: 987654321, Source: "node-1/ingest", Counts: map[string]int{}}
	for i := range 16 {
		b.Items = append(b.Items, Item{Key: fmt.Sprintf("hall-b/sensor-%02d", i), Unit: "kPa", Value: int64(i) * 100003, Ok: i%3 != 0})
	}
	for i := range 8 {
		b.Counts[fmt.Sprintf("latency-bucket-%d", i)] = i * 1000
	}
	return b
}

// benchCodec is one way to encode or decode, behind codec.Codec or not;
// append or decode is nil where it would measure nothing new.
type benchCodec struct {
	name   string
	append func(dst []byte, v any) ([]byte, error)
	decode func(data []byte, v any) error
	// as, if not nil, returns what the codec carries in place of a
	// benchmark message, and a function that returns a new value to
	// decode it into; or nil, nil to skip the message.
	as func(msg any) (v any, fresh func() any)
}

// benchCodecs returns this package's codecs beside baselines: the CBOR
// library with sorted map keys (encode only) or with its default, looser
// decoding options (decode only), msgpack, and encoding/json used
// directly, without a reused buffer or the depth pre-scan; and the
// protobuf codec with the messages of protobufBenchCodecs.
func benchCodecs(b *testing.B) []benchCodec {
	cs := codecs(b)
	sorted, err := cbor.EncOptions{Sort: cbor.SortCoreDeterministic, Time: cbor.TimeRFC3339Nano}.UserBufferEncMode()
	if err != nil {
		b.Fatal(err)
	}
	sortedBuf := new(bytes.Buffer)
	mpBuf := new(bytes.Buffer)
	mp := msgpack.NewEncoder(mpBuf)
	return append([]benchCodec{
		{name: "cbor", append: cs[0].Append, decode: cs[0].Decode},
		{
			name: "cbor-sorted",
			append: func(dst []byte, v any) ([]byte, error) {
				*sortedBuf = *bytes.NewBuffer(dst) // as the cbor codec does
				err := sorted.MarshalToBuffer(v, sortedBuf)
				return sortedBuf.Bytes(), err
			},
		},
		{name: "cbor-lib", decode: cbor.Unmarshal},
		{
			name: "msgpack",
			append: func(dst []byte, v any) ([]byte, error) {
				mpBuf.Reset()
				err := mp.Encode(v)
				return append(dst, mpBuf.Bytes()...), err
			},
			decode: msgpack.Unmarshal,
		},
		{name: "json", append: cs[1].Append, decode: cs[1].Decode},
		{
			name: "json-stdlib",
			append: func(dst []byte, v any) ([]byte, error) {
				b, err := json.Marshal(v)
				return append(dst, b...), err
			},
			decode: json.Unmarshal,
		},
	}, protobufBenchCodecs(b)...)
}

// BenchmarkEncode appends a message to a reused buffer.
func BenchmarkEncode(b *testing.B) {
	for _, msg := range []struct {
		name string
		v    any
	}{{"small", benchChat()}, {"1KB", benchBatch()}} {
		for _, c := range benchCodecs(b) {
			v := msg.v
			if c.as != nil {
				v, _ = c.as(v)
			}
			if c.append == nil || v == nil {
				continue
			}
			b.Run(msg.name+"/"+c.name, func(b *testing.B) {
				buf, err := c.append(nil, v)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if buf, err = c.append(buf[:0], v); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(buf)), "wire-B")
			})
		}
	}
}

// BenchmarkDecode decodes a message into a new value, as Registry.Decode
// does.
func BenchmarkDecode(b *testing.B) {
	b.Run("small", func(b *testing.B) { benchDecode[Chat](b, benchChat()) })
	b.Run("1KB", func(b *testing.B) { benchDecode[Batch](b, benchBatch()) })
}

func benchDecode[T any](b *testing.B, msg T) {
	cs := benchCodecs(b)
	for i, c := range cs {
		if c.decode == nil {
			continue
		}
		enc := c.append
		if enc == nil {
			enc = cs[i-1].append // cbor-lib decodes what cbor encoded
		}
		if c.as != nil {
			if v, fresh := c.as(msg); v != nil {
				b.Run(c.name, func(b *testing.B) { benchDecodeAs(b, c, v, fresh) })
			}
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			data, err := enc(nil, msg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				var v T
				if err := c.decode(data, &v); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(data)), "wire-B")
		})
	}
}

// benchDecodeAs decodes the encoding of v with c into a new value from
// fresh, for a codec that does not carry the benchmark message itself.
func benchDecodeAs(b *testing.B, c benchCodec, v any, fresh func() any) {
	data, err := c.append(nil, v)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.decode(data, fresh()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "wire-B")
}

// BenchmarkRegistry measures what a Registry adds to its codec: a type
// lookup to encode, an ID lookup and boxing the result to decode (for a
// protobuf message, allocating it), to compare with BenchmarkEncode/small
// and BenchmarkDecode/small. The registry's default codec is CBOR, and
// the protobuf message is registered with RegisterCodec.
func BenchmarkRegistry(b *testing.B) {
	r := codec.NewRegistry(nil)
	if err := codec.Register[Chat](r, "bench.Chat"); err != nil {
		b.Fatal(err)
	}
	if err := codec.RegisterCodec[*descriptorpb.UninterpretedOption](r, "bench.ChatFlat", protobuf(b)); err != nil {
		b.Fatal(err)
	}
	for _, msg := range []struct {
		name string
		v    any
	}{{"", benchChat()}, {"-protobuf-flat", benchChatFlat()}} {
		id, buf, err := r.Encode(nil, msg.v)
		if err != nil {
			b.Fatal(err)
		}
		data := bytes.Clone(buf)
		b.Run("encode"+msg.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, buf, err = r.Encode(buf[:0], msg.v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decode"+msg.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Decode(id, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJSONScan measures the depth pre-scan of the JSON codec alone,
// on the 1 KB message and on 64 KB of text, to compare with
// BenchmarkDecode/1KB/json-stdlib.
func BenchmarkJSONScan(b *testing.B) {
	batch, err := json.Marshal(benchBatch())
	if err != nil {
		b.Fatal(err)
	}
	text, err := json.Marshal(Chat{Text: strings.Repeat(`a "quoted" \ word `, 3600)})
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range []struct {
		name string
		data []byte
	}{{"1KB", batch}, {"64KB-text", text}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				if err := codec.ScanJSON(in.data, codec.DefaultMaxDepth, codec.DefaultMaxElements); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
