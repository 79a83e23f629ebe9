package codec

import (
	"encoding/binary"
	"strconv"
)

// NameLengthPrefixed is the Name of every LengthPrefixed codec.
const NameLengthPrefixed = "length-prefixed"

var (
	_ Codec      = (*LengthPrefixed)(nil)
	_ SizeHinter = (*LengthPrefixed)(nil)
)

// LengthPrefixed is a Codec whose frames are an unsigned length of a fixed
// width followed by that many payload bytes (fewer, by the header's width,
// when the length counts the header). Make one with NewLengthPrefixed; the
// zero value is not usable. It is immutable and safe for concurrent use,
// so one value can serve every connection that speaks the format.
type LengthPrefixed struct {
	opts   LengthPrefixedOptions // resolved
	width  int
	little bool
	adjust uint64 // subtracted from the wire length to get the payload's
	max    uint64
}

// NewLengthPrefixed returns a length-prefixed codec configured by opts
// (see LengthPrefixedOptions for the defaults; a nil option sets
// nothing). It returns an error wrapping ErrInvalidOption for a header
// width other than 1, 2, 4 or 8, a byte order other than the standard ones, or a MaxFrame that
// is negative or larger than the header can express.
func NewLengthPrefixed(opts ...LengthPrefixedOption) (*LengthPrefixed, error) {
	o := LengthPrefixedOptions{HeaderWidth: 4, ByteOrder: binary.BigEndian}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if err := o.resolve(); err != nil {
		return nil, err
	}
	little, _ := isLittleEndian(o.ByteOrder)
	c := &LengthPrefixed{opts: o, width: o.HeaderWidth, little: little, max: uint64(o.MaxFrame)}
	if o.LengthIncludesHeader {
		c.adjust = uint64(o.HeaderWidth)
	}
	return c, nil
}

// Name returns NameLengthPrefixed.
func (c *LengthPrefixed) Name() string { return NameLengthPrefixed }

// Options returns the codec's options with every default filled in.
func (c *LengthPrefixed) Options() LengthPrefixedOptions { return c.opts }

// Decode returns the payload of the frame at the start of buf, as
// Decoder.Decode describes. It returns an error wrapping ErrFrameTooLarge
// as soon as buf holds a header that claims more than MaxFrame, and one
// wrapping ErrMalformed for a length that counts the header but is
// smaller than it.
func (c *LengthPrefixed) Decode(buf []byte) (frame []byte, n int, err error) {
	size, err := c.payloadSize(buf)
	if err != nil || size < 0 {
		return nil, 0, err
	}
	end := c.width + size
	if len(buf) < end {
		return nil, 0, nil
	}
	return buf[c.width:end:end], end, nil
}

// SizeHint returns the length of the frame at the start of buf, header
// included, once buf holds its header, and the header's width before. For
// a header that Decode rejects it returns the header's width.
func (c *LengthPrefixed) SizeHint(buf []byte) int {
	size, err := c.payloadSize(buf)
	if err != nil || size < 0 {
		return c.width
	}
	return c.width + size
}

// AppendFrame appends the header and then payload to dst. It returns dst
// unchanged and an error wrapping ErrFrameTooLarge when payload is longer
// than MaxFrame (which the header can always express).
func (c *LengthPrefixed) AppendFrame(dst, payload []byte) ([]byte, error) {
	if uint64(len(payload)) > c.max {
		return dst, c.tooLargeToEncode(uint64(len(payload)))
	}
	return append(c.appendHeader(dst, len(payload)), payload...), nil
}

// AppendHeader appends to dst only the header of a frame whose payload is
// size bytes long, for a caller that writes the payload from its own
// buffer (with writev, say) instead of copying it. It returns dst
// unchanged and an error wrapping ErrFrameTooLarge when size exceeds
// MaxFrame, or ErrMalformed when size is negative.
func (c *LengthPrefixed) AppendHeader(dst []byte, size int) ([]byte, error) {
	switch {
	case size < 0:
		return dst, frameError(NameLengthPrefixed, OpEncode, ErrMalformed, c.opts.MaxFrame, 0,
			"negative payload size "+strconv.Itoa(size))
	case uint64(size) > c.max:
		return dst, c.tooLargeToEncode(uint64(size))
	}
	return c.appendHeader(dst, size), nil
}

func (c *LengthPrefixed) tooLargeToEncode(size uint64) error {
	return frameError(NameLengthPrefixed, OpEncode, ErrFrameTooLarge, c.opts.MaxFrame, size,
		sizeReason("payload of ", size, c.opts.MaxFrame))
}

// appendHeader appends the header for a payload of size bytes, which must
// be in [0, max].
func (c *LengthPrefixed) appendHeader(dst []byte, size int) []byte {
	v := uint64(size) + c.adjust
	switch c.width {
	case 1:
		return append(dst, byte(v))
	case 2:
		if c.little {
			return binary.LittleEndian.AppendUint16(dst, uint16(v))
		}
		return binary.BigEndian.AppendUint16(dst, uint16(v))
	case 4:
		if c.little {
			return binary.LittleEndian.AppendUint32(dst, uint32(v))
		}
		return binary.BigEndian.AppendUint32(dst, uint32(v))
	default:
		if c.little {
			return binary.LittleEndian.AppendUint64(dst, v)
		}
		return binary.BigEndian.AppendUint64(dst, v)
	}
}

// payloadSize returns the payload size claimed by the header at the start
// of buf; -1 when buf is shorter than a header; or an error for a header
// no valid frame can carry.
func (c *LengthPrefixed) payloadSize(buf []byte) (int, error) {
	if len(buf) < c.width {
		return -1, nil
	}
	claimed := c.header(buf)
	if claimed < c.adjust {
		return 0, frameError(NameLengthPrefixed, OpDecode, ErrMalformed, c.opts.MaxFrame, claimed,
			"length "+strconv.FormatUint(claimed, 10)+" is shorter than the "+strconv.Itoa(c.width)+"-byte header it counts")
	}
	size := claimed - c.adjust
	if size > c.max {
		return 0, frameError(NameLengthPrefixed, OpDecode, ErrFrameTooLarge, c.opts.MaxFrame, size,
			sizeReason("header claims ", size, c.opts.MaxFrame))
	}
	return int(size), nil
}

// header reads the raw length at the start of buf, which holds at least
// c.width bytes.
func (c *LengthPrefixed) header(buf []byte) uint64 {
	switch c.width {
	case 1:
		return uint64(buf[0])
	case 2:
		if c.little {
			return uint64(binary.LittleEndian.Uint16(buf))
		}
		return uint64(binary.BigEndian.Uint16(buf))
	case 4:
		if c.little {
			return uint64(binary.LittleEndian.Uint32(buf))
		}
		return uint64(binary.BigEndian.Uint32(buf))
	default:
		if c.little {
			return binary.LittleEndian.Uint64(buf)
		}
		return binary.BigEndian.Uint64(buf)
	}
}
