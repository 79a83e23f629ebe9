package netpoll

import (
	"errors"
	"fmt"
)

// ErrUnsupported reports that this platform has no poller: New returns an
// error wrapping it everywhere but Linux, macOS and the 64-bit BSDs, and so
// do the socket helpers. It wraps [errors.ErrUnsupported], so
// errors.Is(err, errors.ErrUnsupported) holds too. A layer above this
// package treats it as the signal to fall back to an engine built on the
// standard net package.
var ErrUnsupported = fmt.Errorf("netpoll: %w", errors.ErrUnsupported)

// ErrClosed is returned by every method of a [Poller] that has been closed
// (or was never made by [New]), including a Wait that was blocked when
// Close was called and a second Close.
var ErrClosed = errors.New("netpoll: poller closed")

// ErrBusy is returned by [Poller.Wait] when another Wait on the same
// Poller is in progress. A Poller has one waiting goroutine, its event
// loop; every other goroutine talks to that loop through Add, Modify,
// Remove and Wake.
var ErrBusy = errors.New("netpoll: Wait already in progress")

// ErrInvalid is wrapped by the errors for arguments no call can accept: a
// negative fd, an empty or unknown [Interest], the reserved [NoToken], an
// empty events slice passed to Wait, or an address [SendTo] cannot send
// to.
var ErrInvalid = errors.New("netpoll: invalid argument")

// ErrWouldBlock is returned by [Read], [Readv], [RecvFrom], [Write],
// [Writev], [SendTo] and [Accept] in place of EAGAIN/EWOULDBLOCK: the
// non-blocking fd has nothing to read, no room to write or no connection
// to accept right now. With an edge-triggered registration it means
// "wait for the next event of this fd".
var ErrWouldBlock = errors.New("netpoll: operation would block")
