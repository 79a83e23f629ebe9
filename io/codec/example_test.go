package codec_test

import (
	"errors"
	"fmt"

	"github.com/actorio/actorio/io/codec"
)

func ExampleNewLengthPrefixed() {
	c, err := codec.NewLengthPrefixed(codec.WithHeaderWidth(2), codec.WithMaxFrame(1024))
	if err != nil {
		panic(err)
	}
	var stream []byte
	for _, msg := range []string{"hello", "", "world"} {
		stream, _ = c.AppendFrame(stream, []byte(msg))
	}
	fmt.Printf("% x\n", stream)

	for len(stream) > 0 {
		frame, n, err := c.Decode(stream)
		if err != nil || n == 0 {
			break
		}
		fmt.Printf("%q\n", frame)
		stream = stream[n:]
	}
	// Output:
	// 00 05 68 65 6c 6c 6f 00 00 00 05 77 6f 72 6c 64
	// "hello"
	// ""
	// "world"
}

func ExampleNewLine() {
	c, err := codec.NewLine(codec.WithStripCR(true), codec.WithMaxLine(80))
	if err != nil {
		panic(err)
	}
	stream, _ := c.AppendFrame(nil, []byte("HELO example.org"))
	stream = append(stream, "QUIT\n"...) // a bare "\n" is accepted too
	fmt.Printf("%q\n", stream)

	for {
		line, n, err := c.Decode(stream)
		if err != nil || n == 0 {
			break
		}
		fmt.Printf("%q\n", line)
		stream = stream[n:]
	}

	_, err = c.AppendFrame(nil, []byte("two\nlines"))
	fmt.Println(err)
	// Output:
	// "HELO example.org\r\nQUIT\n"
	// "HELO example.org"
	// "QUIT"
	// codec: line encode: malformed frame: payload contains the delimiter '\n' at offset 3
}

// A peer that claims a 3 GB frame is refused as soon as its header
// arrives, before any payload, and nothing is allocated for it.
func ExampleFrameError() {
	c, _ := codec.NewLengthPrefixed() // 4-byte header, 4 MiB limit
	_, _, err := c.Decode([]byte{0xb2, 0xd0, 0x5e, 0x00})

	var fe *codec.FrameError
	if errors.As(err, &fe) && errors.Is(err, codec.ErrFrameTooLarge) {
		fmt.Println(fe.Codec, fe.Claimed, fe.Limit)
	}
	fmt.Println(err)
	// Output:
	// length-prefixed 3000000000 4194304
	// codec: length-prefixed decode: frame too large: header claims 3000000000 bytes, limit 4194304
}
