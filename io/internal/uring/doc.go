// Package uring is a minimal io_uring for the reactor's event loops: a
// submission and a completion ring mapped from the kernel, the layout of
// their entries, and the few operations the loops need, through raw
// system calls (no cgo, no liburing).
//
// A Ring belongs to one goroutine, the event loop that owns it: nothing
// in it is safe for concurrent use, which is what lets it skip every
// lock. The memory it shares with the kernel is read and written with
// atomic loads and stores where the ring protocol orders them.
//
// On platforms other than Linux, New returns ErrUnsupported.
package uring
