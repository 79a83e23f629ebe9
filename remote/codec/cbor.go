package codec

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/fxamacker/cbor/v2"
)

// cborCodec is the Codec that CBOR returns.
type cborCodec struct {
	opts Options
	enc  cbor.UserBufferEncMode
	dec  cbor.DecMode
}

// CBOR returns a Codec for CBOR (RFC 8949), the default codec of a
// remote actor system, with the limits of opts. It returns an error
// wrapping ErrInvalidOption for a limit out of range.
//
// The encoding uses no tags and no indefinite lengths, so a decoder can
// refuse both. Structs are maps keyed by field name (or `cbor` tag), so
// a decoder skips fields it does not know and leaves the fields it does
// not receive at their zero value: adding or removing a field is a
// compatible change. A time.Time is an RFC 3339 text string with
// nanoseconds and its zone offset. Map keys are not sorted, so two
// encodings of a value with a map of two or more entries may differ in
// the order of its entries (but decode to equal values).
//
// A Registry encodes and decodes a flat struct carried by CBOR (one whose
// fields are all exported, untagged booleans, integers, strings, byte
// slices or types with binary marshalers, such as actor.Ref and
// futures.Promise, without other custom encodings) by a path of its own that skips the
// reflection of the CBOR library: it writes the same bytes, and accepts
// and refuses the same input with the same values, falling back to the
// library for any layout it does not write itself.
//
// Decode refuses data over MaxSize before looking at it, nesting deeper
// than MaxDepth, an array or map with more than MaxElements entries, a
// map with a duplicate key, a text string that is not UTF-8, any tag,
// any indefinite length, and any bytes after the encoded value.
func CBOR(opts ...Option) (Codec, error) {
	o, err := newOptions(opts)
	if err != nil {
		return nil, err
	}
	enc, err := cbor.EncOptions{
		Time:        cbor.TimeRFC3339Nano,
		IndefLength: cbor.IndefLengthForbidden,
		TagsMd:      cbor.TagsForbidden,
	}.UserBufferEncMode()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidOption, err)
	}
	dec, err := cbor.DecOptions{
		DupMapKey:        cbor.DupMapKeyEnforcedAPF,
		MaxNestedLevels:  o.MaxDepth,
		MaxArrayElements: o.MaxElements,
		MaxMapPairs:      o.MaxElements,
		IndefLength:      cbor.IndefLengthForbidden,
		TagsMd:           cbor.TagsForbidden,
		UTF8:             cbor.UTF8RejectInvalid,
	}.DecMode()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidOption, err)
	}
	return &cborCodec{opts: o, enc: enc, dec: dec}, nil
}

// Name returns "cbor".
func (c *cborCodec) Name() string { return "cbor" }

// cborBuffers lends Append a bytes.Buffer header to wrap dst in, since
// the CBOR library appends only to a bytes.Buffer and one made per call
// would escape to the heap.
var cborBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Append appends the CBOR encoding of v to dst. It fails with an Error
// wrapping ErrEncode for a value CBOR cannot carry (a channel, a
// function, a value that needs a tag such as a big.Int too large for 64
// bits), with one also wrapping ErrTooLarge for an encoding over MaxSize,
// and recovers a panic in a custom MarshalCBOR as an error.
func (c *cborCodec) Append(dst []byte, v any) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = dst, c.fail(OpEncode, v, panicked(p))
		}
	}()
	buf := cborBuffers.Get().(*bytes.Buffer)
	*buf = *bytes.NewBuffer(dst)
	err = c.enc.MarshalToBuffer(v, buf)
	out = buf.Bytes()
	*buf = bytes.Buffer{} // keep no reference to the caller's memory
	cborBuffers.Put(buf)
	if err != nil {
		return dst, c.fail(OpEncode, v, err)
	}
	if n := len(out) - len(dst); n > c.opts.MaxSize {
		return dst, c.fail(OpEncode, v, tooLarge(n, c.opts.MaxSize))
	}
	return out, nil
}

// Decode decodes the CBOR data item in data into v. Every error is an
// Error wrapping ErrDecode; a panic in a custom UnmarshalCBOR is
// recovered as one.
func (c *cborCodec) Decode(data []byte, v any) (err error) {
	if len(data) > c.opts.MaxSize {
		return c.fail(OpDecode, v, tooLarge(len(data), c.opts.MaxSize))
	}
	defer func() {
		if p := recover(); p != nil {
			err = c.fail(OpDecode, v, panicked(p))
		}
	}()
	if err := c.dec.Unmarshal(data, v); err != nil {
		return c.fail(OpDecode, v, err)
	}
	return nil
}

// fail wraps cause in an Error about v.
func (c *cborCodec) fail(op string, v any, cause error) error {
	return &Error{Op: op, Codec: c.Name(), Type: goType(v, op == OpDecode), Err: cause}
}
