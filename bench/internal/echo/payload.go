package echo

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// headerLen is the size of a request's header: its sequence number (8
// bytes) and its connection number (4 bytes), big-endian. The payload
// size must be at least this.
const headerLen = 12

// warmSeq marks the untimed round trip each connection makes before a
// measured phase, so that it is never counted.
const warmSeq = 1 << 63

// errMismatch is wrapped by the error of a response that differs from its
// request.
var errMismatch = errors.New("echo: response differs from request")

// newRequest returns a request buffer for connection id: the header, then
// bytes that depend on id, so that a response from another connection
// never passes for this one's.
func newRequest(id, size int) []byte {
	b := make([]byte, size)
	binary.BigEndian.PutUint32(b[8:], uint32(id))
	for i := headerLen; i < size; i++ {
		b[i] = byte(id*7 + i)
	}
	return b
}

// setSeq writes sequence number seq into request b.
func setSeq(b []byte, seq uint64) { binary.BigEndian.PutUint64(b, seq) }

// compare returns nil if resp equals req, and otherwise an error wrapping
// errMismatch that locates the first differing byte.
func compare(req, resp []byte) error {
	for i := range req {
		if req[i] != resp[i] {
			return fmt.Errorf("%w: byte %d of %d is %#02x, want %#02x (request seq %d, conn %d)", errMismatch,
				i, len(req), resp[i], req[i], binary.BigEndian.Uint64(req), binary.BigEndian.Uint32(req[8:]))
		}
	}
	return nil
}
