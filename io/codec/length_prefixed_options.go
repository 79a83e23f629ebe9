package codec

import (
	"encoding/binary"
	"fmt"
	"math"
)

// DefaultMaxFrame is the largest payload a LengthPrefixed codec accepts
// when LengthPrefixedOptions.MaxFrame is zero: 4 MiB, or less when the
// header is too narrow to express it.
const DefaultMaxFrame = 4 << 20

// LengthPrefixedOptions configures a LengthPrefixed codec.
// NewLengthPrefixed starts from the defaults given below and applies its
// LengthPrefixedOption arguments in order.
type LengthPrefixedOptions struct {
	// HeaderWidth is the size in bytes of the unsigned length that
	// precedes each payload: 1, 2, 4 or 8. Default: 4.
	HeaderWidth int
	// ByteOrder is the byte order of the length: binary.BigEndian,
	// binary.LittleEndian or binary.NativeEndian. Other implementations
	// are rejected. It does not matter for a 1-byte header. Default:
	// binary.BigEndian (network order).
	ByteOrder binary.ByteOrder
	// LengthIncludesHeader makes the length count the header as well as
	// the payload, so an empty payload has length HeaderWidth. Default:
	// false, the length counts the payload only.
	LengthIncludesHeader bool
	// MaxFrame is the largest payload, in bytes, that the codec decodes or
	// encodes; the header is not counted. It must be positive and no more
	// than the header can express (255 for a 1-byte header, 254 if the
	// length includes the header). Zero means DefaultMaxFrame capped at
	// what the header can express. Decode holds the peer to it before any
	// payload arrives, so it bounds the memory a peer can make a
	// connection buffer.
	MaxFrame int
}

// LengthPrefixedOption configures a LengthPrefixed codec; pass it to
// NewLengthPrefixed.
type LengthPrefixedOption func(*LengthPrefixedOptions)

// WithHeaderWidth sets LengthPrefixedOptions.HeaderWidth.
func WithHeaderWidth(n int) LengthPrefixedOption {
	return func(o *LengthPrefixedOptions) { o.HeaderWidth = n }
}

// WithByteOrder sets LengthPrefixedOptions.ByteOrder.
func WithByteOrder(order binary.ByteOrder) LengthPrefixedOption {
	return func(o *LengthPrefixedOptions) { o.ByteOrder = order }
}

// WithLengthIncludesHeader sets LengthPrefixedOptions.LengthIncludesHeader.
func WithLengthIncludesHeader(includes bool) LengthPrefixedOption {
	return func(o *LengthPrefixedOptions) { o.LengthIncludesHeader = includes }
}

// WithMaxFrame sets LengthPrefixedOptions.MaxFrame.
func WithMaxFrame(n int) LengthPrefixedOption {
	return func(o *LengthPrefixedOptions) { o.MaxFrame = n }
}

// resolve fills in MaxFrame and checks every field.
func (o *LengthPrefixedOptions) resolve() error {
	switch o.HeaderWidth {
	case 1, 2, 4, 8:
	default:
		return fmt.Errorf("%w: HeaderWidth %d is not 1, 2, 4 or 8", ErrInvalidOption, o.HeaderWidth)
	}
	if _, err := isLittleEndian(o.ByteOrder); err != nil {
		return err
	}
	capacity := o.capacity()
	switch {
	case o.MaxFrame == 0:
		o.MaxFrame = int(min(DefaultMaxFrame, capacity))
	case o.MaxFrame < 0:
		return fmt.Errorf("%w: MaxFrame %d is negative", ErrInvalidOption, o.MaxFrame)
	case uint64(o.MaxFrame) > capacity:
		return fmt.Errorf("%w: MaxFrame %d does not fit a %d-byte header (at most %d)",
			ErrInvalidOption, o.MaxFrame, o.HeaderWidth, capacity)
	}
	return nil
}

// capacity is the largest payload the header can express, capped so that
// a whole frame's length fits an int.
func (o *LengthPrefixedOptions) capacity() uint64 {
	w := uint64(o.HeaderWidth)
	c := uint64(math.MaxUint64) >> (64 - 8*w)
	if o.LengthIncludesHeader {
		c -= w
	}
	return min(c, uint64(math.MaxInt)-w)
}

// isLittleEndian tells the standard byte orders apart.
func isLittleEndian(order binary.ByteOrder) (bool, error) {
	switch order {
	case binary.BigEndian:
		return false, nil
	case binary.LittleEndian:
		return true, nil
	case binary.NativeEndian:
		return binary.NativeEndian.Uint16([]byte{1, 0}) == 1, nil
	case nil:
		return false, fmt.Errorf("%w: nil ByteOrder", ErrInvalidOption)
	}
	return false, fmt.Errorf("%w: ByteOrder %v is not binary.BigEndian, LittleEndian or NativeEndian", ErrInvalidOption, order)
}
