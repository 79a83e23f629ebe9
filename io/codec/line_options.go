package codec

import (
	"fmt"
	"math"
)

// DefaultMaxLine is the longest line a Line codec accepts when
// LineOptions.MaxLine is zero: 64 KiB.
const DefaultMaxLine = 64 << 10

// LineOptions configures a Line codec. NewLine starts from the defaults
// given below and applies its LineOption arguments in order.
type LineOptions struct {
	// Delimiter is the byte that ends every line. Any byte will do,
	// including 0. Default: '\n'.
	Delimiter byte
	// StripCR makes lines end in "\r" followed by the delimiter: the
	// decoder removes one '\r' before the delimiter if there is one (so
	// it takes both "a\r\n" and "a\n" for "a"), and the encoder writes
	// "\r" and then the delimiter after every payload, so that every
	// payload round-trips, even one that ends in '\r'. It cannot be
	// combined with the delimiter '\r'. Default: false.
	StripCR bool
	// MaxLine is the longest line, in bytes, that the codec decodes or
	// encodes, not counting the delimiter or a stripped '\r'. It must not
	// be negative; zero means DefaultMaxLine. Decode rejects a line as
	// soon as more bytes than a line of MaxLine could take are buffered
	// without a delimiter, so it bounds the memory a peer can make a
	// connection buffer.
	MaxLine int
}

// LineOption configures a Line codec; pass it to NewLine.
type LineOption func(*LineOptions)

// WithDelimiter sets LineOptions.Delimiter.
func WithDelimiter(delim byte) LineOption {
	return func(o *LineOptions) { o.Delimiter = delim }
}

// WithStripCR sets LineOptions.StripCR.
func WithStripCR(strip bool) LineOption {
	return func(o *LineOptions) { o.StripCR = strip }
}

// WithMaxLine sets LineOptions.MaxLine.
func WithMaxLine(n int) LineOption {
	return func(o *LineOptions) { o.MaxLine = n }
}

// resolve fills in MaxLine and checks every field.
func (o *LineOptions) resolve() error {
	switch {
	case o.MaxLine == 0:
		o.MaxLine = DefaultMaxLine
	case o.MaxLine < 0:
		return fmt.Errorf("%w: MaxLine %d is negative", ErrInvalidOption, o.MaxLine)
	case o.MaxLine > math.MaxInt-2:
		return fmt.Errorf("%w: MaxLine %d leaves no room for the delimiter", ErrInvalidOption, o.MaxLine)
	}
	if o.StripCR && o.Delimiter == '\r' {
		return fmt.Errorf("%w: StripCR with the delimiter '\\r'", ErrInvalidOption)
	}
	return nil
}
