package codec_test

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/actorio/actorio/io/codec"
)

// readAll is a connection's read loop: it decodes every frame in buf,
// then compacts buf, grows it to the next frame's SizeHint and reads
// more, until a clean end of stream.
func readAll(r io.Reader, c codec.Codec, handle func(frame []byte)) error {
	var buf []byte
	start := 0
	for {
		frame, n, err := c.Decode(buf[start:])
		if err != nil {
			return err // a *codec.FrameError: close the connection
		}
		if n > 0 {
			handle(frame) // frame points into buf: copy what you keep
			start += n
			continue
		}
		buf = append(buf[:0], buf[start:]...)
		start = 0
		if h, ok := c.(codec.SizeHinter); ok {
			buf = slices.Grow(buf, h.SizeHint(buf)-len(buf))
		}
		buf = slices.Grow(buf, 16) // tiny, to show frames split across reads
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF && m == 0 {
			if len(buf) > 0 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
	}
}

func Example_readLoop() {
	c, _ := codec.NewLine()
	stream := strings.NewReader("GET /\nHost: example.org\n\nthis line is longer than sixteen bytes\n")
	err := readAll(stream, c, func(line []byte) {
		fmt.Printf("%q\n", line)
	})
	fmt.Println("end:", err)
	// Output:
	// "GET /"
	// "Host: example.org"
	// ""
	// "this line is longer than sixteen bytes"
	// end: <nil>
}
