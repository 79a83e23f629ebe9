package codec

import (
	"fmt"
	"math"
)

// The default limits of Options, used for a field that is zero.
const (
	// DefaultMaxSize is the default Options.MaxSize: 1 MiB.
	DefaultMaxSize = 1 << 20
	// DefaultMaxDepth is the default Options.MaxDepth.
	DefaultMaxDepth = 32
	// DefaultMaxElements is the default Options.MaxElements.
	DefaultMaxElements = 1 << 16
)

// The ranges that Options fields must fall in once defaults are applied.
// They are those of the CBOR decoder, so that one Options value suits
// every codec.
const (
	MinMaxDepth    = 4
	MaxMaxDepth    = 65535
	MinMaxElements = 16
	MaxMaxElements = math.MaxInt32
)

// Options holds the limits of a codec. CBOR, JSON and Protobuf start
// from the defaults below, apply their Option arguments in order, then
// replace any zero field with its default.
//
// The limits bound what a peer can make a decoder do: the time it takes
// is linear in MaxSize, and the memory it allocates is at most a small
// multiple of MaxSize (plus the size of the Go types involved).
type Options struct {
	// MaxSize is the largest encoding, in bytes, that Decode accepts and
	// Append produces; larger ones fail with ErrTooLarge before any
	// decoding. It must be positive. Default: DefaultMaxSize (1 MiB).
	MaxSize int
	// MaxDepth is the deepest nesting of arrays, maps and structs that
	// Decode accepts; the message itself counts as one level when it is a
	// struct, map or slice. For Protobuf it is the deepest nesting of
	// messages, counting the message itself and each map entry. It must
	// be in [MinMaxDepth, MaxMaxDepth]. Default: DefaultMaxDepth (32).
	MaxDepth int
	// MaxElements is the largest number of elements of one array or
	// slice, and of key-value pairs of one map or struct, that Decode
	// accepts; Protobuf does not apply it. It must be in [MinMaxElements,
	// MaxMaxElements]. Default: DefaultMaxElements (65536).
	MaxElements int
}

// Option sets a field of Options; pass it to CBOR, JSON or Protobuf.
type Option func(*Options)

// WithMaxSize sets Options.MaxSize.
func WithMaxSize(n int) Option { return func(o *Options) { o.MaxSize = n } }

// WithMaxDepth sets Options.MaxDepth.
func WithMaxDepth(n int) Option { return func(o *Options) { o.MaxDepth = n } }

// WithMaxElements sets Options.MaxElements.
func WithMaxElements(n int) Option { return func(o *Options) { o.MaxElements = n } }

// newOptions applies opts to the defaults and checks the result.
func newOptions(opts []Option) (Options, error) {
	o := Options{MaxSize: DefaultMaxSize, MaxDepth: DefaultMaxDepth, MaxElements: DefaultMaxElements}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.MaxSize == 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.MaxDepth == 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxElements == 0 {
		o.MaxElements = DefaultMaxElements
	}
	switch {
	case o.MaxSize < 0:
		return o, fmt.Errorf("%w: MaxSize %d is negative", ErrInvalidOption, o.MaxSize)
	case o.MaxDepth < MinMaxDepth || o.MaxDepth > MaxMaxDepth:
		return o, fmt.Errorf("%w: MaxDepth %d is not in [%d, %d]", ErrInvalidOption, o.MaxDepth, MinMaxDepth, MaxMaxDepth)
	case o.MaxElements < MinMaxElements || o.MaxElements > MaxMaxElements:
		return o, fmt.Errorf("%w: MaxElements %d is not in [%d, %d]",
			ErrInvalidOption, o.MaxElements, MinMaxElements, MaxMaxElements)
	}
	return o, nil
}
