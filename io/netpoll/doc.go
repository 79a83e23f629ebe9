// Package netpoll is the lowest layer of actorio's network reactor: a thin,
// allocation-free readiness poller over epoll (Linux) and kqueue (macOS and
// the BSDs), plus the few socket system calls an event loop needs.
//
// It knows nothing of actors. An event loop owns one [Poller], registers
// non-blocking fds with a [Token] each, and turns the [Event]s that Wait
// returns into reads, writes and messages:
//
//	p, err := netpoll.New()
//	if errors.Is(err, netpoll.ErrUnsupported) {
//		// use the portable engine, built on package net
//	}
//	defer p.Close()
//
//	fd, _ := netpoll.FD(rawConn) // from conn.SyscallConn(); close conn afterwards
//	p.Add(fd, netpoll.Readable|netpoll.Writable, netpoll.MakeToken(slot, gen))
//
//	events := make([]netpoll.Event, 128)
//	for {
//		n, err := p.Wait(events, -1)
//		if err != nil {
//			return // netpoll.ErrClosed after Close
//		}
//		for _, ev := range events[:n] {
//			// look up ev.Token.Index(), drop the event if Gen differs,
//			// read or write until netpoll.ErrWouldBlock
//		}
//		// run tasks that other goroutines queued before calling p.Wake
//	}
//
// # Edge-triggered readiness
//
// Registrations are edge-triggered (EPOLLET, EV_CLEAR): an Event reports
// that readiness changed, once. The owner then reads ([Read], [Readv],
// [RecvFrom], [Accept]) or writes ([Write], [Writev], [SendTo]) until
// [ErrWouldBlock]; data it leaves unread brings no further Event until
// more arrives. This keeps Wait cheap with many fds and lets an owner
// under backpressure stop reading without touching the registration: when
// it resumes, it reads until ErrWouldBlock. Add and Modify report
// readiness that already holds, so nothing is lost between creating a
// socket and registering it. Hangup and Error come with Readable or
// Writable; an owner handles them first.
//
// # Tokens and generations
//
// The kernel hands back, with each event, the 64-bit value stored at
// registration; this package stores the caller's Token there and never
// keeps a table of its own. [MakeToken] packs a slot index (low 32 bits)
// and a generation (high 32 bits). The reactor bumps a slot's generation
// whenever it frees the slot, and drops events whose [Token.Gen] is not
// the slot's current one: those outlived their registration, for a Wait
// may collect an event just before another goroutine removes and closes
// the fd and the slot (and often the fd number) is reused. [NoToken], all
// bits set, is reserved for the poller's wakeup.
//
// # Wakeups
//
// [Poller.Wake] makes a blocked Wait return 0 events, from any goroutine;
// it is how other goroutines get the event loop's attention after queuing
// work for it. The wakeup is an eventfd on Linux, an EVFILT_USER event on
// macOS, FreeBSD and DragonFly, and a pipe on NetBSD and OpenBSD. An
// atomic flag coalesces wakes: after the first, further Wakes cost two
// atomic loads until the woken Wait returns, however many goroutines call
// them.
//
// # Concurrency and lifecycle
//
// One goroutine calls Wait; Add, Modify, Remove, Wake and Close are safe
// from any goroutine at any time. Wait blocks an OS thread in the kernel,
// like any blocking system call. Close wakes a blocked Wait, which returns
// [ErrClosed], waits for calls in progress, and closes the Poller's kernel
// fds; no call can reach them afterwards, even if the process reuses the
// numbers. Close leaves registered fds open: their owners Remove and close
// them (Remove first: on Linux an fd that is closed while a duplicate
// lives keeps reporting events).
//
// Wait takes no context.Context because a reactor loop waits for many
// things at once; to stop on cancellation, call Wake from
// context.AfterFunc and check the context after each Wait, or call Close.
//
// # Platforms
//
// Linux uses epoll; macOS, FreeBSD, NetBSD, OpenBSD and DragonFly use
// kqueue. Everywhere else (Windows, Plan 9, Solaris, WebAssembly) [New]
// and the socket helpers fail with errors wrapping [ErrUnsupported], and
// so does New on 32-bit BSDs, whose kqueue cannot carry a 64-bit token;
// the layer above then uses a portable engine built on the standard net
// package. The whole API compiles on every platform, so that layer needs
// no build tags to choose. No type of golang.org/x/sys appears in the API.
//
// # Socket helpers
//
// [FD] duplicates the fd of any socket made with package net (through its
// SyscallConn method) as a non-blocking, close-on-exec fd the caller owns.
// [Readv] and [Writev] are scatter/gather I/O, [Read] and [Write] their
// cheaper single-buffer forms, and [Accept] accepts with close-on-exec and
// non-blocking set, returning the peer as a net.Addr. [RecvFrom] and
// [SendTo] receive and send UDP datagrams with their addresses,
// [CloseWrite] half-closes a connection and [Close] closes an fd. All but
// FD report EAGAIN as [ErrWouldBlock] and the kernel's other errors in an
// *os.SyscallError, and retry EINTR, except Close, which must not.
package netpoll
