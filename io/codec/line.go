package codec

import (
	"bytes"
	"strconv"
)

// NameLine is the Name of every Line codec.
const NameLine = "line"

var (
	_ Codec      = (*Line)(nil)
	_ SizeHinter = (*Line)(nil)
)

// Line is a Codec whose frames are lines: a payload followed by a
// delimiter byte, '\n' by default, and optionally a '\r' before it. Make
// one with NewLine; the zero value is not usable. It is immutable and safe
// for concurrent use, so one value can serve every connection that speaks
// the format.
//
// Because Decode keeps no state, it searches buf from the start on every
// call: a line that arrives in k reads costs up to k searches of at most
// MaxLine+2 bytes each.
type Line struct {
	opts  LineOptions // resolved
	delim byte
	cr    int // 1 when StripCR, else 0
	max   int
	wire  int // longest line on the wire: max + cr + 1
}

// NewLine returns a line codec configured by opts (see LineOptions for the
// defaults; a nil option sets nothing). It returns an error wrapping
// ErrInvalidOption for a negative MaxLine, or StripCR with the delimiter
// '\r'.
func NewLine(opts ...LineOption) (*Line, error) {
	o := LineOptions{Delimiter: '\n'}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if err := o.resolve(); err != nil {
		return nil, err
	}
	c := &Line{opts: o, delim: o.Delimiter, max: o.MaxLine}
	if o.StripCR {
		c.cr = 1
	}
	c.wire = c.max + c.cr + 1
	return c, nil
}

// Name returns NameLine.
func (c *Line) Name() string { return NameLine }

// Options returns the codec's options with every default filled in.
func (c *Line) Options() LineOptions { return c.opts }

// Decode returns the line at the start of buf without its delimiter (and
// without the '\r' before it, with StripCR), as Decoder.Decode describes.
// An empty line and a lone delimiter decode to an empty frame. Decode
// returns an error wrapping ErrFrameTooLarge as soon as buf holds more
// than MaxLine bytes (MaxLine+1 ending in '\r', with StripCR) without a
// delimiter, or a delimited line longer than MaxLine.
func (c *Line) Decode(buf []byte) (frame []byte, n int, err error) {
	i := c.index(buf)
	if i < 0 {
		if len(buf) <= c.max || (c.cr == 1 && len(buf) == c.max+1 && buf[c.max] == '\r') {
			return nil, 0, nil // the line may still fit
		}
		searched := uint64(min(len(buf), c.wire))
		return nil, 0, frameError(NameLine, OpDecode, ErrFrameTooLarge, c.max, searched,
			sizeReason("no delimiter in the first ", searched, c.max))
	}
	line := buf[:i:i]
	if c.cr == 1 && i > 0 && line[i-1] == '\r' {
		line = line[: i-1 : i-1]
	}
	if len(line) > c.max {
		return nil, 0, frameError(NameLine, OpDecode, ErrFrameTooLarge, c.max, uint64(len(line)),
			sizeReason("line of ", uint64(len(line)), c.max))
	}
	return line, i + 1, nil
}

// SizeHint returns the length of the line at the start of buf, delimiter
// included, when buf holds its delimiter; otherwise one byte more than
// buf holds, but no more than the longest line on the wire.
func (c *Line) SizeHint(buf []byte) int {
	if i := c.index(buf); i >= 0 {
		return i + 1
	}
	return min(len(buf)+1, c.wire)
}

// index returns the position of the first delimiter among the bytes of buf
// that a valid line could reach, or -1.
func (c *Line) index(buf []byte) int {
	if len(buf) > c.wire {
		buf = buf[:c.wire]
	}
	return bytes.IndexByte(buf, c.delim)
}

// AppendFrame appends payload and then the delimiter to dst ("\r" and the
// delimiter with StripCR). It returns dst unchanged and an error wrapping
// ErrFrameTooLarge when payload is longer than MaxLine, or ErrMalformed
// when payload contains the delimiter; payloads are never escaped.
func (c *Line) AppendFrame(dst, payload []byte) ([]byte, error) {
	if len(payload) > c.max {
		return dst, frameError(NameLine, OpEncode, ErrFrameTooLarge, c.max, uint64(len(payload)),
			sizeReason("payload of ", uint64(len(payload)), c.max))
	}
	if i := bytes.IndexByte(payload, c.delim); i >= 0 {
		return dst, frameError(NameLine, OpEncode, ErrMalformed, c.max, uint64(len(payload)),
			"payload contains the delimiter "+strconv.QuoteRune(rune(c.delim))+" at offset "+strconv.Itoa(i))
	}
	dst = append(dst, payload...)
	if c.cr == 1 {
		dst = append(dst, '\r')
	}
	return append(dst, c.delim), nil
}
