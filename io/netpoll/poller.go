package netpoll

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Poller states. The zero Poller is stateNew, which every method treats as
// closed.
const (
	stateNew uint32 = iota
	stateOpen
	stateClosed
)

// A Poller waits for readiness events on many fds at once: epoll on Linux,
// kqueue on macOS and the BSDs. Make one with [New]; the zero Poller
// behaves as a closed one, every method returning [ErrClosed].
//
// One goroutine, the event loop, calls Wait; Add, Modify, Remove, Wake and
// Close are safe from any goroutine, concurrently with Wait and with each
// other. A Poller must not be copied after first use.
//
// Close releases the kernel objects of the Poller, not the fds registered
// with it: their owners close those.
type Poller struct {
	state       atomic.Uint32
	waiting     atomic.Bool
	wakePending atomic.Bool
	woken       atomic.Uint64 // wakeups consumed by Wait, read by tests

	// mu is held shared by every call that uses the kernel fds, Wait
	// included, and exclusively by Close while it closes them: no call
	// ever reaches a closed fd number that the process may have reused.
	mu sync.RWMutex
	b  backend
}

// New creates a Poller: an epoll or kqueue instance and its wakeup (an
// eventfd on Linux, an EVFILT_USER event on macOS, FreeBSD and DragonFly,
// a pipe on NetBSD and OpenBSD), all close-on-exec. It fails with an error
// wrapping [ErrUnsupported] on other platforms, Windows among them, and on
// 32-bit BSDs, whose kqueue cannot carry a 64-bit Token; the layer above
// then uses its portable engine built on the standard net package. It
// fails with the kernel's error (for example EMFILE) when the fds cannot
// be created, having released any it did create.
func New(opts ...Option) (*Poller, error) {
	var o Options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.MaxEvents <= 0 {
		o.MaxEvents = DefaultMaxEvents
	}
	p := new(Poller)
	if err := p.b.open(o.MaxEvents); err != nil {
		return nil, err
	}
	p.state.Store(stateOpen)
	return p, nil
}

// Add registers fd, a non-blocking socket, pipe or similar, for the
// readiness kinds in interest, edge-triggered; every [Event] for it
// carries token. If fd is ready already, an Event reports it at once.
//
// Add returns an error wrapping [ErrInvalid] for a negative fd, an empty
// or unknown interest or [NoToken]; [ErrClosed] after Close; otherwise the
// kernel's error, wrapped in an *os.SyscallError (errors.Is(err,
// syscall.EBADF) for a closed fd). Adding an fd that is already registered
// is an error (EEXIST) on epoll and a silent Modify on kqueue: Remove it
// first. On kqueue Add registers both a read and a (disabled, if not
// wanted) write filter, so an fd that supports only one of them cannot be
// added; sockets, pipes, FIFOs and terminals support both.
func (p *Poller) Add(fd int, interest Interest, token Token) error {
	if err := checkCtl(fd, interest, token); err != nil {
		return fmt.Errorf("netpoll: add fd %d: %w", fd, err)
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.state.Load() != stateOpen {
		return ErrClosed
	}
	if err := p.b.add(fd, interest, token); err != nil {
		return fmt.Errorf("netpoll: add fd %d: %w", fd, err)
	}
	return nil
}

// Modify replaces the interest and token of the registered fd. Readiness
// that holds for the new interest is reported at once, as by Add: adding
// [Writable] to a connected socket with room yields a Writable Event.
// Events already collected by a concurrent Wait may still carry the old
// token.
//
// Modify's errors are those of Add; modifying an fd that is not
// registered is an error (ENOENT) on epoll and a silent Add on kqueue.
func (p *Poller) Modify(fd int, interest Interest, token Token) error {
	if err := checkCtl(fd, interest, token); err != nil {
		return fmt.Errorf("netpoll: modify fd %d: %w", fd, err)
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.state.Load() != stateOpen {
		return ErrClosed
	}
	if err := p.b.modify(fd, interest, token); err != nil {
		return fmt.Errorf("netpoll: modify fd %d: %w", fd, err)
	}
	return nil
}

// Remove unregisters fd; the kernel reports nothing more for it, though a
// concurrent Wait may already hold an Event for it (see [Token]).
//
// Remove an fd before closing it. On kqueue closing an fd removes it too;
// on epoll only the last fd referring to the same open file does, so an fd
// closed while a duplicate of it lives (one made by [FD], by fork, by
// dup) goes on reporting events. Removing an fd that is not registered
// returns an error wrapping ENOENT; a negative fd one wrapping
// [ErrInvalid]; a closed Poller [ErrClosed].
func (p *Poller) Remove(fd int) error {
	if fd < 0 {
		return fmt.Errorf("netpoll: remove fd %d: %w: negative fd", fd, ErrInvalid)
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.state.Load() != stateOpen {
		return ErrClosed
	}
	if err := p.b.remove(fd); err != nil {
		return fmt.Errorf("netpoll: remove fd %d: %w", fd, err)
	}
	return nil
}

// Wait blocks until registered fds are ready, Wake is called, the timeout
// passes or the Poller is closed, then stores up to min(len(events),
// Options.MaxEvents) Events in events and returns how many. It returns 0
// and a nil error on timeout and on Wake. A timeout of 0 polls without
// blocking; a negative one waits forever; a positive one is rounded up to
// the kernel's resolution (a millisecond on Linux); very long ones (beyond
// 24 days on epoll, 11 on kqueue) may end early with no events.
// Interrupted system calls (EINTR) are retried with the time left.
//
// Wait blocks its OS thread in the kernel, as any blocking system call
// does; the runtime runs other goroutines on other threads meanwhile.
// Only one Wait may run at a time: a concurrent one returns [ErrBusy].
// Wait returns [ErrClosed] once the Poller is closed, including when Close
// interrupts it, and an error wrapping [ErrInvalid] for an empty events
// slice. It does not allocate.
//
// Wait takes no context: an event loop that must stop on cancellation
// arranges context.AfterFunc(ctx, func() { p.Wake() }) and checks ctx
// after each Wait.
func (p *Poller) Wait(events []Event, timeout time.Duration) (int, error) {
	if len(events) == 0 {
		return 0, fmt.Errorf("netpoll: wait: %w: empty events slice", ErrInvalid)
	}
	if !p.waiting.CompareAndSwap(false, true) {
		return 0, ErrBusy
	}
	defer p.waiting.Store(false)
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.state.Load() != stateOpen {
		return 0, ErrClosed
	}
	n, woke, err := p.b.wait(events, timeout)
	if woke {
		// The backend drained the wakeup before this store: a Wake that
		// saw wakePending set in between is answered by this very return.
		p.woken.Add(1)
		p.wakePending.Store(false)
	}
	if p.state.Load() != stateOpen {
		return 0, ErrClosed
	}
	if err != nil {
		return 0, fmt.Errorf("netpoll: wait: %w", err)
	}
	return n, nil
}

// Wake makes the Wait in progress return, or the next one if none is: in
// either case a Wait returns after Wake was called, so work queued for the
// event loop before Wake is seen by it. Wakes coalesce: any number of them
// before that Wait returns cost one wakeup, and all but the first return
// after two atomic loads, without a system call. Wake is safe from any
// goroutine and never waits for the event loop. It returns [ErrClosed]
// after Close.
func (p *Poller) Wake() error {
	if p.state.Load() != stateOpen {
		return ErrClosed
	}
	if p.wakePending.Load() || !p.wakePending.CompareAndSwap(false, true) {
		return nil
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.state.Load() != stateOpen {
		return ErrClosed
	}
	if err := p.b.wake(); err != nil {
		p.wakePending.Store(false)
		return fmt.Errorf("netpoll: wake: %w", err)
	}
	return nil
}

// Close interrupts a blocked Wait, which returns [ErrClosed], waits for
// every call in progress to return, and closes the Poller's kernel fds.
// Registered fds stay open and belong to their owners. Calls made after
// Close starts return ErrClosed, and so does a second Close (which may
// return before the first has finished). An error closing the kernel fds
// is returned, but the Poller is closed regardless.
func (p *Poller) Close() error {
	if !p.state.CompareAndSwap(stateOpen, stateClosed) {
		return ErrClosed
	}
	// Safe without mu: only this call, which no other can race past the
	// CompareAndSwap, closes the fds.
	_ = p.b.wake()
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.b.close(); err != nil {
		return fmt.Errorf("netpoll: close: %w", err)
	}
	return nil
}

func checkCtl(fd int, interest Interest, token Token) error {
	switch {
	case fd < 0:
		return fmt.Errorf("%w: negative fd", ErrInvalid)
	case !interest.valid():
		return fmt.Errorf("%w: interest %v", ErrInvalid, interest)
	case token == NoToken:
		return fmt.Errorf("%w: NoToken is reserved", ErrInvalid)
	}
	return nil
}
