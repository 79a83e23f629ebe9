package codec

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrDecode is wrapped by every error a codec's Decode returns: bytes
	// that are malformed, too large, too deep, too wide, of the wrong
	// shape for the type, or that made a custom unmarshaler panic.
	// Registry.Decode wraps it too, except for ErrUnknownType.
	ErrDecode = errors.New("codec: decode failed")
	// ErrEncode is wrapped by every error a codec's Append returns: a
	// value the format cannot carry, an encoding over MaxSize, or a
	// custom marshaler that failed or panicked.
	ErrEncode = errors.New("codec: encode failed")
	// ErrTooLarge is wrapped, alongside ErrDecode or ErrEncode, by the
	// error for an encoding longer than Options.MaxSize.
	ErrTooLarge = errors.New("codec: message too large")
	// ErrUnknownType is wrapped by the error Registry.Decode returns for
	// an ID that no type is registered under. The bytes were not looked
	// at; the peer may know a type this process does not.
	ErrUnknownType = errors.New("codec: unknown type")
	// ErrUnregistered is wrapped by the error Registry.Encode returns for
	// a value whose dynamic type is not registered. Nothing is encoded.
	ErrUnregistered = errors.New("codec: unregistered type")
	// ErrDuplicate is wrapped by the error Register and RegisterCodec
	// return for a name already registered for another type, a type
	// already registered under another name or with a codec of another
	// Name, or a name whose ID collides with another name's.
	ErrDuplicate = errors.New("codec: duplicate registration")
	// ErrInvalidRegistration is wrapped by the error Register and
	// RegisterCodec return for an empty name, a nil codec, a type that no
	// codec can carry (an interface, function, channel or unsafe pointer
	// type), or a type that the codec cannot carry, such as a type other
	// than a pointer to a message for the protobuf codec.
	ErrInvalidRegistration = errors.New("codec: invalid registration")
	// ErrInvalidOption is wrapped by the error CBOR, JSON and Protobuf
	// return for an Options field out of range.
	ErrInvalidOption = errors.New("codec: invalid option")
)

// The values of Error.Op.
const (
	OpDecode = "decode"
	OpEncode = "encode"
)

// Error reports a message that could not be encoded or decoded. It
// unwraps to both ErrDecode or ErrEncode (after Op) and its cause Err, so
// errors.Is(err, ErrDecode), errors.Is(err, ErrTooLarge) and errors.As
// into the underlying library's error types all see through it.
type Error struct {
	// Op is OpDecode or OpEncode.
	Op string
	// Codec is the Name of the codec, such as "cbor".
	Codec string
	// Type is the message type: its registered name when the error comes
	// from a Registry, its Go type otherwise, or empty if unknown.
	Type string
	// Err is the cause: an error wrapping ErrTooLarge, an error of the
	// underlying library, or the error of a custom marshaler or
	// unmarshaler. A recovered panic becomes an error that says so.
	Err error
}

// Error describes the failure, for example
// `codec: cbor decode "chat.Message": cbor: exceeded max nested level 32`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("codec: ")
	if e.Codec != "" {
		b.WriteString(e.Codec)
		b.WriteByte(' ')
	}
	b.WriteString(e.Op)
	if e.Type != "" {
		fmt.Fprintf(&b, " %q", e.Type)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "codec: "))
	} else {
		b.WriteString("failed")
	}
	return b.String()
}

// Unwrap returns ErrDecode or ErrEncode, after Op, and Err.
func (e *Error) Unwrap() []error {
	op := ErrDecode
	if e.Op == OpEncode {
		op = ErrEncode
	}
	if e.Err == nil {
		return []error{op}
	}
	return []error{op, e.Err}
}

// tooLarge is the cause of an Error for an encoding of n bytes.
func tooLarge(n, limit int) error {
	return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, n, limit)
}

// panicked is the cause of an Error for a recovered panic value p.
func panicked(p any) error {
	if err, ok := p.(error); ok {
		return fmt.Errorf("panic: %w", err)
	}
	return fmt.Errorf("panic: %v", p)
}
