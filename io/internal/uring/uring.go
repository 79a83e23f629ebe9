package uring

import "errors"

// ErrUnsupported is returned by New where io_uring is not available: not
// Linux, a kernel without it, or one where it is disabled (the sysctl
// kernel.io_uring_disabled, or a seccomp filter refusing the calls).
var ErrUnsupported = errors.New("uring: io_uring is not available")

// ErrFull is returned when the submission ring has no free entry.
var ErrFull = errors.New("uring: submission ring full")

// Completion is one entry of the completion ring: the user data of the
// submission it completes, the operation's result (a byte count, a file
// descriptor, or a negated errno), and flags such as FlagMore.
type Completion struct {
	UserData uint64
	Res      int32
	Flags    uint32
}

// Completion flags.
const (
	// FlagBuffer says the upper 16 bits of Flags hold the ID of the
	// provided buffer the operation used.
	FlagBuffer = 1 << 0
	// FlagMore says a multishot operation stays armed and will complete
	// again.
	FlagMore = 1 << 1
)

// BufferID returns the ID of the provided buffer the operation filled, and
// whether it used one (FlagBuffer).
func (c Completion) BufferID() (uint16, bool) {
	return uint16(c.Flags >> 16), c.Flags&FlagBuffer != 0
}
