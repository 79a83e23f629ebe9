package reactor

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/internal/workerid"
	"github.com/actorio/actorio/io/internal/uring"
	"github.com/actorio/actorio/io/netpoll"
)

// The shape of a loop's ring and of the buffers its connections receive
// into. A receive takes a buffer only when data arrives and the
// connection's actor hands it back once it has copied the data out, so
// the buffers serve the connections that are busy at the moment, not all
// of them: an idle connection holds none.
//
// The kernel takes buffers in the order they were given, so every buffer
// in the ring is touched, and stays resident, however few are in use at
// once. The ring therefore starts with firstRecvBufs and doubles only
// when a receive finds it empty, up to recvBufs: a loop's resident
// buffers follow the most it ever needed at once.
const (
	ringEntries   = 1024
	recvBufSize   = 4 << 10
	recvBufs      = 256 // 1 MiB of address space per loop
	firstRecvBufs = 32
	recvBufGroup  = 0
	maxCompletion = netpoll.DefaultMaxEvents
)

// Kinds of operation, in the top byte of a submission's user data; the
// rest is the registration's Token (see userData).
const (
	opPoll   = iota + 1 // multishot poll of a readiness registration
	opRecv              // multishot receive of a stream
	opSend              // send of a stream
	opWake              // no-op that wakes the loop
	opIgnore            // cancel, update, remove: their results say nothing new
	opAccept            // multishot accept of a listener
)

// userData packs an operation and the Token of its registration: a slot
// index below 2^24 (slotTable holds 2^20) and the full generation.
func userData(op uint8, tok netpoll.Token) uint64 {
	return uint64(op)<<56 | uint64(tok.Gen())<<24 | uint64(tok.Index())&(1<<24-1)
}

func splitUserData(ud uint64) (op uint8, tok netpoll.Token) {
	return uint8(ud >> 56), netpoll.MakeToken(uint32(ud)&(1<<24-1), uint32(ud>>24))
}

// uringPoller is a loop's io_uring: readiness registrations as multishot
// polls, and the connections' streams (ustream) as multishot receives
// into the loop's provided buffers and sends.
//
// The goroutine holding the loop (the owner) reaps completions and turns
// them into Events. Any goroutine may queue submissions, under mu: the
// owner's are submitted by its next wait, in one io_uring_enter with all
// the others of the iteration; another goroutine's (a connection's actor
// on a dispatcher worker) are submitted at once.
type uringPoller struct {
	l    *loop
	ring *uring.Ring
	bufs *uring.BufRing
	mem  []byte // the receive buffers, mmapped: see close

	// mu serializes taking and publishing submission entries and handing
	// buffers back. Lock order: ustream.mu, then mu.
	mu       sync.Mutex
	polls    map[netpoll.Token]pollRegistration
	starved  []*ustream // receives ended for want of buffers (ENOBUFS), oldest first
	queued   []*ustream // streams waiting for the loop to submit for them
	provided int        // buffers given to the ring so far: ids below it
	closed   bool

	// fdMu is held shared by the goroutines other than the owner while
	// they enter the ring, and exclusively by close while it closes it:
	// nobody enters a ring fd number the process may have reused.
	fdMu sync.RWMutex

	owner       atomic.Uintptr // workerid.G of the goroutine holding the loop
	waiting     atomic.Bool    // the owner is, or is about to be, in io_uring_enter
	wakePending atomic.Bool
	ops         atomic.Int64 // operations the kernel holds: see close
	inRing      atomic.Int32 // buffers in the ring, as far as completions tell

	// Owned by the goroutine holding the loop.
	cqes  []uring.Completion
	batch uint32 // count of waits, to merge a stream's events per batch
}

// pollRegistration is a readiness registration, to re-arm its poll.
type pollRegistration struct {
	fd int
	in netpoll.Interest
}

// newUringPoller sets up l's ring and its receive buffers.
func newUringPoller(l *loop) (*uringPoller, error) {
	r, err := uring.New(ringEntries)
	if err != nil {
		return nil, err
	}
	p := &uringPoller{l: l, ring: r, polls: make(map[netpoll.Token]pollRegistration), cqes: make([]uring.Completion, maxCompletion)}
	if p.bufs, err = r.RegisterBufRing(recvBufGroup, recvBufs); err != nil {
		r.Close()
		return nil, err
	}
	// Not Go memory: a receive the kernel has not given up yet when the
	// ring closes must not write into memory the runtime reuses.
	if p.mem, err = unix.Mmap(-1, 0, recvBufs*recvBufSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE); err != nil {
		p.bufs.Close()
		r.Close()
		return nil, fmt.Errorf("reactor: receive buffers: %w", err)
	}
	p.provide(firstRecvBufs)
	return p, nil
}

// buffer returns receive buffer id.
func (p *uringPoller) buffer(id uint16) []byte {
	off := int(id) * recvBufSize
	return p.mem[off : off+recvBufSize : off+recvBufSize]
}

// hold records the goroutine holding the loop. It does not lock it to
// its thread: measured on echo-1conn, a locked loop served 0.69x to 0.76x
// the requests per CPU-second of an unlocked one, every park and wake
// then handing the processor between two threads.
func (p *uringPoller) hold() { p.owner.Store(workerid.G()) }

// gKnown reports whether workerid.G tells goroutines apart here (amd64
// and arm64).
var gKnown = workerid.G() != 0

// owned reports whether the calling goroutine holds the loop: its
// submissions can wait for the loop's next io_uring_enter.
func (p *uringPoller) owned() bool {
	g := workerid.G()
	return g != 0 && p.owner.Load() == g
}

// sqe returns a free submission entry; mu is held. A full ring is
// submitted first.
func (p *uringPoller) sqe() (*uring.SQE, error) {
	if p.closed {
		return nil, ErrClosed
	}
	for {
		sqe, err := p.ring.SQE()
		if err != uring.ErrFull {
			return sqe, err
		}
		if _, err := p.ring.Enter(p.ring.Flush(), 0); err != nil && !transient(err) {
			return nil, err
		}
	}
}

// submitLocked releases mu and has the kernel take what was queued under
// it, unless the caller holds the loop, whose next wait submits it.
func (p *uringPoller) submitLocked() error {
	if p.owned() || p.closed {
		p.mu.Unlock()
		return nil
	}
	n := p.ring.Flush()
	if n == 0 {
		p.mu.Unlock()
		return nil
	}
	return p.enterUnlock(n)
}

// enterUnlock releases mu, which must be held with the poller open, and
// submits n entries.
func (p *uringPoller) enterUnlock(n uint32) error {
	p.fdMu.RLock()
	p.mu.Unlock()
	_, err := p.ring.Enter(n, 0)
	p.fdMu.RUnlock()
	if err != nil && !transient(err) {
		return err
	}
	return nil
}

// transient reports whether io_uring_enter failed for a moment only: the
// completion ring is full (EBUSY) or the kernel is short of memory
// (EAGAIN); the entries stay queued for the next call.
func transient(err error) bool {
	return errors.Is(err, unix.EBUSY) || errors.Is(err, unix.EAGAIN)
}

// pollMask returns the poll events for in.
func pollMask(in netpoll.Interest) uint32 {
	var m uint32
	if in&netpoll.Readable != 0 {
		m |= unix.POLLIN | unix.POLLRDHUP
	}
	if in&netpoll.Writable != 0 {
		m |= unix.POLLOUT
	}
	return m
}

func (p *uringPoller) add(fd int, in netpoll.Interest, tok netpoll.Token) error {
	p.mu.Lock()
	sqe, err := p.sqe()
	if err != nil {
		p.mu.Unlock()
		return err
	}
	sqe.PrepPollMultishot(fd, pollMask(in), userData(opPoll, tok))
	p.polls[tok] = pollRegistration{fd: fd, in: in}
	p.ops.Add(1)
	return p.submitLocked()
}

func (p *uringPoller) modify(fd int, in netpoll.Interest, tok netpoll.Token) error {
	p.mu.Lock()
	pr, ok := p.polls[tok]
	if !ok {
		p.mu.Unlock()
		return fmt.Errorf("reactor: modify fd %d: %w", fd, unix.ENOENT)
	}
	if pr.in == in {
		p.mu.Unlock()
		return nil
	}
	sqe, err := p.sqe()
	if err != nil {
		p.mu.Unlock()
		return err
	}
	sqe.PrepPollUpdate(userData(opPoll, tok), pollMask(in), userData(opIgnore, tok))
	pr.in = in
	p.polls[tok] = pr
	return p.submitLocked()
}

func (p *uringPoller) remove(_ int, tok netpoll.Token) error {
	p.mu.Lock()
	sqe, err := p.sqe()
	if err != nil {
		p.mu.Unlock()
		return err
	}
	if _, ok := p.polls[tok]; ok {
		delete(p.polls, tok)
		sqe.PrepPollRemove(userData(opPoll, tok), userData(opIgnore, tok))
	} else {
		// A listener's multishot accept, if anything.
		sqe.PrepCancel(userData(opAccept, tok), userData(opIgnore, tok))
	}
	return p.submitLocked()
}

func (p *uringPoller) wake() error {
	if p.wakePending.Swap(true) || !p.waiting.Load() {
		return nil // a wake is on its way, or the owner will see wakePending
	}
	p.mu.Lock()
	sqe, err := p.sqe()
	if err != nil {
		p.mu.Unlock()
		return err
	}
	sqe.PrepNop(userData(opWake, netpoll.NoToken))
	return p.enterUnlock(p.ring.Flush())
}

// wait submits what the iteration queued, waits for completions up to
// timeout (negative: no limit), and turns them into events.
//
// It sleeps in io_uring_enter, holding its processor in a system call,
// which the runtime hands to another thread after 20 us. Sleeping in Go's
// own poller instead, on an eventfd registered with the ring, was
// measured and rejected: 0.43-0.51x the requests per CPU-second on
// echo-1conn, p50 78-102 us against 42-51 us, as completions waiting for
// task work interrupt the poller's epoll_wait first.
func (p *uringPoller) wait(events []netpoll.Event, timeout time.Duration) (int, error) {
	p.refill()
	p.serveQueued()
	p.mu.Lock()
	if timeout == 0 && p.ring.Queued() == 0 && p.ring.Ready() == 0 && !p.ring.Pending() {
		// Nothing to submit, nothing to reap and nothing on its way:
		// save the io_uring_enter.
		p.mu.Unlock()
		return 0, nil
	}
	n := p.ring.Flush()
	p.mu.Unlock()
	if timeout != 0 && p.ring.Ready() == 0 {
		p.waiting.Store(true)
		if p.wakePending.Load() {
			timeout = 0
		}
	} else {
		timeout = 0
	}
	var err error
	if timeout != 0 {
		_, err = p.ring.EnterWait(n, timeout)
	} else if n > 0 {
		_, err = p.ring.Enter(n, 0)
	}
	p.waiting.Store(false)
	p.wakePending.Store(false)
	if err != nil && !transient(err) {
		return 0, err
	}
	return p.reap(events), nil
}

// reap turns the ready completions, up to len(events) of them, into
// events: one per poll completion, and one per stream per batch however
// many of its operations completed.
func (p *uringPoller) reap(events []netpoll.Event) int {
	p.batch++
	cqes := p.cqes[:min(len(p.cqes), len(events))]
	k := 0
	for _, c := range cqes[:p.ring.Reap(cqes)] {
		op, tok := splitUserData(c.UserData)
		final := c.Flags&uring.FlagMore == 0
		switch op {
		case opPoll:
			if final {
				p.ops.Add(-1)
			}
			if c.Res < 0 {
				continue // removed (ECANCELED), or its fd is gone
			}
			if final {
				p.rearmPoll(tok) // the kernel ended it (an overflow): arm it again
			}
			r := uint32(c.Res)
			events[k] = netpoll.Event{
				Token:    tok,
				Readable: r&(unix.POLLIN|unix.POLLRDHUP|unix.POLLHUP|unix.POLLERR) != 0,
				Writable: r&(unix.POLLOUT|unix.POLLHUP|unix.POLLERR) != 0,
				Hangup:   r&(unix.POLLHUP|unix.POLLRDHUP) != 0,
				Error:    r&unix.POLLERR != 0,
			}
			k++
		case opAccept:
			if final {
				p.ops.Add(-1)
			}
			p.accepted(c, tok, final)
		case opRecv, opSend:
			if final {
				p.ops.Add(-1)
			}
			if _, ok := c.BufferID(); ok {
				p.inRing.Add(-1)
			}
			var s *ustream
			if reg := p.l.slots.lookupReg(tok); reg != nil {
				s, _ = reg.p.(*ustream)
			}
			if s == nil {
				// Its connection has gone: only a receive can be left,
				// the send of a closed connection keeping the slot.
				if id, ok := c.BufferID(); ok {
					p.giveBack(id)
				}
				continue
			}
			var ev netpoll.Event
			if op == opRecv {
				ev = s.received(c, final)
			} else {
				ev = s.sent(c)
			}
			if !ev.Readable && !ev.Writable {
				continue
			}
			if s.batch == p.batch {
				e := &events[s.evAt]
				e.Readable, e.Writable = e.Readable || ev.Readable, e.Writable || ev.Writable
				e.Hangup, e.Error = e.Hangup || ev.Hangup, e.Error || ev.Error
				continue
			}
			s.batch, s.evAt = p.batch, int32(k)
			events[k] = ev
			k++
		}
	}
	return k
}

// rearmPoll arms again the poll of tok, if it is still registered.
func (p *uringPoller) rearmPoll(tok netpoll.Token) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pr, ok := p.polls[tok]
	if !ok {
		return
	}
	if sqe, err := p.sqe(); err == nil {
		sqe.PrepPollMultishot(pr.fd, pollMask(pr.in), userData(opPoll, tok))
		p.ops.Add(1)
	}
}

// giveBack returns receive buffers to the kernel. If receives have run
// out of buffers meanwhile, the loop's next wait arms them again (it
// cannot happen here: the caller may hold a stream's lock).
func (p *uringPoller) giveBack(ids ...uint16) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	for _, id := range ids {
		p.bufs.Add(id, p.buffer(id))
	}
	p.bufs.Publish()
	p.inRing.Add(int32(len(ids)))
	wake := len(p.starved) > 0
	p.mu.Unlock()
	if wake && !p.owned() {
		_ = p.wake()
	}
}

// enqueue queues s for the loop to submit for it (see ustream.toLoop)
// and wakes the loop.
func (p *uringPoller) enqueue(s *ustream) {
	p.mu.Lock()
	p.queued = append(p.queued, s)
	p.mu.Unlock()
	_ = p.wake()
}

// serveQueued submits for the queued streams; the goroutine holding the
// loop calls it, holding no lock.
func (p *uringPoller) serveQueued() {
	p.mu.Lock()
	queued := p.queued
	p.queued = nil
	p.mu.Unlock()
	for _, s := range queued {
		s.serve()
	}
}

// provide gives the ring n more buffers, up to recvBufs in all, and
// reports whether it gave any; mu is held, or the poller is new.
func (p *uringPoller) provide(n int) bool {
	n = min(n, recvBufs-p.provided)
	for range n {
		p.bufs.Add(uint16(p.provided), p.buffer(uint16(p.provided)))
		p.provided++
	}
	if n > 0 {
		p.bufs.Publish()
		p.inRing.Add(int32(n))
	}
	return n > 0
}

// starve records that s's receive ended for want of buffers. The ring
// grows, if it still can, and the loop arms the receive again; otherwise
// the loop does once buffers come back, as the actors holding them read.
func (p *uringPoller) starve(s *ustream) {
	p.l.r.stats.starved.Add(1)
	p.mu.Lock()
	p.starved = append(p.starved, s)
	if !p.closed {
		p.provide(p.provided)
	}
	p.mu.Unlock()
}

// refill arms again as many of the receives that starved, oldest first,
// as the ring has buffers: arming more would only starve them again. The
// goroutine holding the loop calls it, holding no lock, having reaped
// every completion that told of a buffer taken.
func (p *uringPoller) refill() {
	p.mu.Lock()
	k := min(int(p.inRing.Load()), len(p.starved))
	if k <= 0 {
		p.mu.Unlock()
		return
	}
	batch := p.starved[:k:k]
	p.starved = p.starved[k:]
	if len(p.starved) == 0 {
		p.starved = nil
	}
	p.mu.Unlock()
	for _, s := range batch {
		s.refill()
	}
}

// close cancels what the kernel still holds, waits a little for it to let
// go, and releases the ring. The receive buffers are not Go memory, so a
// receive still running past that wait cannot corrupt the heap; they are
// unmapped only once every operation has ended.
func (p *uringPoller) close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	if sqe, err := p.sqe(); err == nil {
		sqe.PrepCancelAll(userData(opIgnore, netpoll.NoToken))
	}
	p.closed = true
	n := p.ring.Flush()
	p.mu.Unlock()
	_, _ = p.ring.Enter(n, 0)
	deadline := time.Now().Add(time.Second)
	for p.ops.Load() > 0 && time.Now().Before(deadline) {
		if _, err := p.ring.EnterWait(0, 10*time.Millisecond); err != nil && !transient(err) {
			break
		}
		p.reapClosed()
	}
	drained := p.ops.Load() <= 0
	p.fdMu.Lock()
	defer p.fdMu.Unlock()
	err := errors.Join(p.bufs.Close(), p.ring.Close())
	if !drained {
		// The kernel may still read a send's buffer, which only the
		// loop's streams keep reachable: keep them so, and the receive
		// buffers mapped, rather than let the kernel read memory the
		// runtime has reused. Sockets are shut down before this, so
		// it does not happen unless a kernel stalls for a second.
		undrained.Lock()
		undrained.loops = append(undrained.loops, p.l)
		undrained.Unlock()
		return err
	}
	err = errors.Join(err, unix.Munmap(p.mem))
	p.mem = nil
	return err
}

// undrained holds the loops whose rings closed with operations still in
// the kernel's hands (see uringPoller.close).
var undrained struct {
	sync.Mutex
	loops []*loop
}

// reapClosed discards completions after close, counting the operations
// that ended.
func (p *uringPoller) reapClosed() {
	for {
		n := p.ring.Reap(p.cqes)
		if n == 0 {
			return
		}
		for _, c := range p.cqes[:n] {
			if op, _ := splitUserData(c.UserData); (op <= opSend || op == opAccept) && c.Flags&uring.FlagMore == 0 {
				p.ops.Add(-1)
			}
		}
	}
}

// startStream makes c a stream if its loop runs on io_uring, and reports
// whether it does.
func startStream(c *fdConn) (bool, error) {
	up, ok := c.l.poller.(*uringPoller)
	if !ok {
		return false, nil
	}
	return true, up.startStream(c)
}

// ringBuffers returns the buffers in the ring, as far as completions
// tell, and the buffers provided.
func (p *uringPoller) ringBuffers() (inRing, provided int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return int(p.inRing.Load()), p.provided
}
