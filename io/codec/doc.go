// Package codec splits byte streams into frames and frames payloads for
// writing: the layer between a connection's socket and the actor that
// handles its messages.
//
// A Codec does both halves. Its Decode finds one frame at the start of a
// buffer and returns it as a sub-slice, without copying or allocating; its
// AppendFrame appends a frame to a write buffer. Two codecs are built in:
// LengthPrefixed, a 1-, 2-, 4- or 8-byte length before each payload, and
// Line, a payload followed by a delimiter.
//
// # Reading frames
//
// A connection keeps the bytes it has read but not yet decoded, decodes
// frames from them until Decode reports n == 0, then compacts and reads
// more. SizeHint (see SizeHinter) says how much room the next frame needs:
//
//	c, _ := codec.NewLengthPrefixed() // 4-byte big-endian length, at most 4 MiB
//	var buf []byte                    // read, not yet consumed from start on
//	start := 0
//	for {
//		frame, n, err := c.Decode(buf[start:])
//		if err != nil {
//			return err // a *codec.FrameError: close the connection
//		}
//		if n > 0 {
//			handle(frame) // frame points into buf: copy what you keep
//			start += n
//			continue
//		}
//		buf = append(buf[:0], buf[start:]...)
//		start = 0
//		buf = slices.Grow(buf, max(c.SizeHint(buf)-len(buf), 4096))
//		m, err := conn.Read(buf[len(buf):cap(buf)])
//		buf = buf[:len(buf)+m]
//		if m == 0 && err != nil {
//			return err // io.EOF with len(buf) > 0: the peer stopped mid-frame
//		}
//	}
//
// Decode keeps no state, so a codec is immutable and one value serves
// every connection that speaks its format.
//
// # Writing frames
//
// AppendFrame works like append: it adds a header and the payload, or the
// payload and the delimiter, to a write buffer and allocates only when the
// buffer has to grow. LengthPrefixed.AppendHeader appends only the header,
// for a caller that writes the payload from its own memory with writev.
// An encoder refuses a payload over the codec's limit, and the line codec
// refuses a payload that contains its delimiter rather than escape it.
//
// # Limits and hostile peers
//
// Every codec has a required maximum payload size, MaxFrame (default
// DefaultMaxFrame, 4 MiB) or MaxLine (default DefaultMaxLine, 64 KiB),
// and Decode holds the peer to it as early as the bytes allow. A
// length-prefixed header claiming too much is rejected as soon as the
// header has arrived, before any payload, and nothing is ever allocated
// for the claimed size. A line is rejected as soon as more bytes are
// buffered without a delimiter than the longest line could take, so a
// peer cannot make a buffer grow without bound. SizeHint never exceeds
// the codec's largest frame, but below that it is only what the peer
// claims: a caller that sized its buffer from a header alone would let
// a peer that sends a few bytes pin MaxFrame bytes of it. Grow towards
// the hint as the bytes arrive, as io/reactor does (at most doubling
// what is buffered).
//
// # Errors
//
// A frame that breaks the limit or the format yields a *FrameError that
// names the codec, the operation, the limit and the size at fault, and
// wraps ErrFrameTooLarge or ErrMalformed, so errors.Is tells them apart.
// After a decode error the stream cannot be trusted: close the
// connection. Constructors return an error wrapping ErrInvalidOption for
// options out of range. Nothing in this package panics on any input.
package codec
