package codec_test

import (
	"bytes"
	"errors"
	"fmt"

	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/actorio/actorio/remote/codec"
)

// Greeting is a message of the examples.
type Greeting struct {
	From string
	Text string
}

// Both peers register the same types under the same names; the sender
// puts the ID beside the bytes, and the receiver decodes only the types
// it registered.
func ExampleRegistry() {
	r := codec.NewRegistry(nil) // CBOR with the default limits
	if err := codec.Register[Greeting](r, "example.Greeting"); err != nil {
		panic(err)
	}

	id, data, err := r.Encode(nil, Greeting{From: "alice", Text: "hello"})
	if err != nil {
		panic(err)
	}
	name, _ := r.Name(id)
	fmt.Printf("%s is %#08x, %d bytes\n", name, id, len(data))

	v, err := r.Decode(id, data)
	if err != nil {
		panic(err)
	}
	g := v.(Greeting)
	fmt.Printf("%s says %q\n", g.From, g.Text)

	_, err = r.Decode(codec.ID("example.Farewell"), data)
	fmt.Println(errors.Is(err, codec.ErrUnknownType))
	// Output:
	// example.Greeting is 0xa4f7576e, 23 bytes
	// alice says "hello"
	// true
}

// A codec refuses hostile input with an error that errors.Is tells
// apart, before decoding anything it can refuse.
func ExampleCBOR() {
	c, err := codec.CBOR(codec.WithMaxSize(64), codec.WithMaxDepth(8))
	if err != nil {
		panic(err)
	}
	var g Greeting
	err = c.Decode(bytes.Repeat([]byte{0xa0}, 100), &g)
	fmt.Println(errors.Is(err, codec.ErrDecode), errors.Is(err, codec.ErrTooLarge))

	err = c.Decode(bytes.Repeat([]byte{0x81}, 20), &g) // [[[[...
	fmt.Println(errors.Is(err, codec.ErrDecode), err)

	_, err = codec.CBOR(codec.WithMaxDepth(1))
	fmt.Println(errors.Is(err, codec.ErrInvalidOption))
	// Output:
	// true true
	// true codec: cbor decode "codec_test.Greeting": cbor: exceeded max nested level 8
	// true
}

// One registry carries the application's own types as CBOR, its default,
// and protobuf messages, registered as pointers, as protobuf.
func ExampleRegisterCodec() {
	pb, err := codec.Protobuf()
	if err != nil {
		panic(err)
	}
	r := codec.NewRegistry(nil) // CBOR by default
	if err := codec.Register[Greeting](r, "example.Greeting"); err != nil {
		panic(err)
	}
	if err := codec.RegisterCodec[*wrapperspb.StringValue](r, "example.Name", pb); err != nil {
		panic(err)
	}

	id, data, err := r.Encode(nil, wrapperspb.String("alice"))
	if err != nil {
		panic(err)
	}
	fmt.Printf("% x\n", data) // field 1, 5 bytes, "alice"
	v, err := r.Decode(id, data)
	if err != nil {
		panic(err)
	}
	fmt.Println(v.(*wrapperspb.StringValue).GetValue())

	err = codec.RegisterCodec[Greeting](r, "example.Greeting2", pb)
	fmt.Println(errors.Is(err, codec.ErrInvalidRegistration))
	// Output:
	// 0a 05 61 6c 69 63 65
	// alice
	// true
}
