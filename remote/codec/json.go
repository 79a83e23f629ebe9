package codec

import (
	"encoding/json"
	"sync"
)

// jsonCodec is the Codec that JSON returns.
type jsonCodec struct {
	opts Options
}

// JSON returns a Codec for JSON with encoding/json, with the limits of
// opts. It returns an error wrapping ErrInvalidOption for a limit out of
// range. It is larger and slower than CBOR; use it to debug, or to talk
// to peers that only speak JSON.
//
// Values are encoded as json.Marshal does, without escaping HTML
// characters and without a trailing newline; map keys are sorted, so the
// encoding of a value is deterministic. Decode ignores unknown object
// members, as json.Unmarshal does.
//
// Decode refuses data over MaxSize before looking at it. It then scans
// the bytes once, without allocating, and refuses nesting deeper than
// MaxDepth and an array or object with more than MaxElements elements or
// members, before json.Unmarshal sees them.
func JSON(opts ...Option) (Codec, error) {
	o, err := newOptions(opts)
	if err != nil {
		return nil, err
	}
	return &jsonCodec{opts: o}, nil
}

// Name returns "json".
func (c *jsonCodec) Name() string { return "json" }

// jsonAppender is a json.Encoder that appends to a caller's slice.
type jsonAppender struct {
	buf []byte
	enc *json.Encoder
}

// Write appends p to a.buf.
func (a *jsonAppender) Write(p []byte) (int, error) {
	a.buf = append(a.buf, p...)
	return len(p), nil
}

// jsonAppenders lends Append an encoder, which json.Marshal would
// otherwise allocate a result for.
var jsonAppenders = sync.Pool{New: func() any {
	a := new(jsonAppender)
	a.enc = json.NewEncoder(a)
	a.enc.SetEscapeHTML(false)
	return a
}}

// Append appends the JSON encoding of v to dst. It fails with an Error
// wrapping ErrEncode for a value JSON cannot carry (a channel, a
// function, a NaN), with one also wrapping ErrTooLarge for an encoding
// over MaxSize, and recovers a panic in a custom MarshalJSON as an error.
func (c *jsonCodec) Append(dst []byte, v any) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = dst, c.fail(OpEncode, v, panicked(p))
		}
	}()
	a := jsonAppenders.Get().(*jsonAppender)
	a.buf = dst
	err = a.enc.Encode(v)
	out = a.buf
	a.buf = nil // keep no reference to the caller's memory
	jsonAppenders.Put(a)
	if err != nil {
		return dst, c.fail(OpEncode, v, err)
	}
	out = out[:len(out)-1] // Encode ends the value with a newline
	if n := len(out) - len(dst); n > c.opts.MaxSize {
		return dst, c.fail(OpEncode, v, tooLarge(n, c.opts.MaxSize))
	}
	return out, nil
}

// Decode decodes the JSON value in data into v. Every error is an Error
// wrapping ErrDecode; a panic in a custom UnmarshalJSON is recovered as
// one.
func (c *jsonCodec) Decode(data []byte, v any) (err error) {
	if len(data) > c.opts.MaxSize {
		return c.fail(OpDecode, v, tooLarge(len(data), c.opts.MaxSize))
	}
	if err := scanJSON(data, c.opts.MaxDepth, c.opts.MaxElements); err != nil {
		return c.fail(OpDecode, v, err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = c.fail(OpDecode, v, panicked(p))
		}
	}()
	if err := json.Unmarshal(data, v); err != nil {
		return c.fail(OpDecode, v, err)
	}
	return nil
}

// fail wraps cause in an Error about v.
func (c *jsonCodec) fail(op string, v any, cause error) error {
	return &Error{Op: op, Codec: c.Name(), Type: goType(v, op == OpDecode), Err: cause}
}
