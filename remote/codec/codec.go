package codec

import "reflect"

// Codec encodes and decodes message values. The codecs of this package
// are immutable and safe for concurrent use, so one value serves every
// connection.
type Codec interface {
	// Name identifies the codec, such as "cbor", "json" or "protobuf".
	// A Registry takes two codecs of the same Name for the same format.
	Name() string
	// Append appends the encoding of v to dst and returns the extended
	// buffer, as append does. On error it returns dst with its length
	// unchanged, though bytes past that length may have been written.
	Append(dst []byte, v any) ([]byte, error)
	// Decode decodes data into v, a non-nil pointer. The codecs of this
	// package do not retain data. On error, v may be partly filled and
	// should be discarded.
	Decode(data []byte, v any) error
}

// goType names the Go type of v for an Error, without the pointer that
// Decode is given.
func goType(v any, deref bool) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return ""
	}
	if deref && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.String()
}
