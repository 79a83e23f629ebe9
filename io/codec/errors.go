package codec

import (
	"errors"
	"strconv"
	"strings"
)

var (
	// ErrFrameTooLarge is wrapped by the *FrameError a decoder returns for
	// a frame longer than the codec's limit, and an encoder for a payload
	// longer than it.
	ErrFrameTooLarge = errors.New("codec: frame too large")
	// ErrMalformed is wrapped by the *FrameError a decoder returns for
	// bytes that break the format (a length prefix that counts its header
	// but is shorter than it), and an encoder for a payload the format
	// cannot carry (a line that contains the delimiter).
	ErrMalformed = errors.New("codec: malformed frame")
	// ErrInvalidOption is wrapped by the error a constructor returns for
	// an option out of range or options that contradict each other.
	ErrInvalidOption = errors.New("codec: invalid option")
)

// The values of FrameError.Op.
const (
	OpDecode = "decode"
	OpEncode = "encode"
)

// FrameError reports a frame that a codec cannot decode or encode. A
// decoder returns it for bytes after which the stream cannot be trusted,
// and the connection should be closed.
type FrameError struct {
	// Codec is the Name of the codec that failed.
	Codec string
	// Op is OpDecode or OpEncode.
	Op string
	// Limit is the codec's largest payload in bytes (its MaxFrame or
	// MaxLine).
	Limit int
	// Claimed is the size at fault. With ErrFrameTooLarge it is the
	// payload size a length prefix claimed, the length of a delimited
	// line, the number of bytes searched in vain for a delimiter (at least
	// Limit+1), or the size of the payload given to an encoder. With
	// ErrMalformed it is the raw length prefix, the size of the payload
	// given to an encoder, or 0 for a negative size. It is a uint64
	// because an 8-byte length prefix can claim more than an int holds.
	Claimed uint64
	// Err is ErrFrameTooLarge or ErrMalformed.
	Err error

	reason string // what went wrong, in words; empty for errors made by callers
}

// Error describes the failure, for example
// "codec: length-prefixed decode: frame too large: header claims 5000000 bytes, limit 4194304".
func (e *FrameError) Error() string {
	var b strings.Builder
	b.WriteString("codec: ")
	if where := strings.TrimSpace(e.Codec + " " + e.Op); where != "" {
		b.WriteString(where)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "codec: "))
	} else {
		b.WriteString("frame error")
	}
	b.WriteString(": ")
	if e.reason != "" {
		b.WriteString(e.reason)
	} else {
		b.WriteString(strconv.FormatUint(e.Claimed, 10))
		b.WriteString(" bytes, limit ")
		b.WriteString(strconv.Itoa(e.Limit))
	}
	return b.String()
}

// Unwrap returns Err, so that errors.Is(err, ErrFrameTooLarge) and
// errors.Is(err, ErrMalformed) see through a FrameError.
func (e *FrameError) Unwrap() error { return e.Err }

// frameError builds a *FrameError; it is called only on error paths, so
// its allocations never reach the hot path.
func frameError(codec, op string, err error, limit int, claimed uint64, reason string) *FrameError {
	return &FrameError{Codec: codec, Op: op, Limit: limit, Claimed: claimed, Err: err, reason: reason}
}

// sizeReason formats "<what> N bytes, limit L".
func sizeReason(what string, n uint64, limit int) string {
	return what + strconv.FormatUint(n, 10) + " bytes, limit " + strconv.Itoa(limit)
}
