package reactor

import (
	"io"
	"net"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/internal/uring"
	"github.com/actorio/actorio/io/netpoll"
)

// Limits of a stream's buffering in the transport, below the Conn's own.
const (
	// sendWindow bounds the bytes a stream has accepted from write and
	// not yet seen sent: beyond it write says ErrWouldBlock, and the
	// Conn queues (and bounds, MaxOutbound) the rest as on epoll.
	sendWindow = 64 << 10
	// rxMax bounds the receive buffers a stream holds unread: at that
	// many its receive is cancelled, leaving further input in the
	// socket, until its actor reads. A connection whose handler has
	// paused it cannot take the loop's buffers from the others.
	rxMax = 16
)

// Stream flags.
const (
	usArmed       uint16 = 1 << iota // a multishot receive is in flight
	usCancelling                     // its cancel is in flight
	usWantRead                       // the Conn reads (setInterest)
	usWantWrite                      // the Conn waits for room (setInterest)
	usStarved                        // the receive ended with ENOBUFS
	usShutPending                    // closeWrite once what was accepted is sent
	usClosing                        // the Conn has closed the transport
	usReleased                       // the socket is closed and the slot free
	usSendFailed                     // a send failed: writes fail with rxErr
	usQueued                         // waits for the loop to submit for it
)

// A ustream is a connection's socket on an io_uring loop, its transport
// once started (see fdConn.start). A multishot receive fills buffers of
// the loop's provided ring, which read copies from and gives back; write
// copies into the stream's own buffer, sent by one send at a time, all
// the loop's sends of an iteration going to the kernel in one
// io_uring_enter. Completions reach the stream on the loop goroutine
// (received, sent), which turns them into the Events an epoll loop
// would have reported, so the Conn above works unchanged.
type ustream struct {
	p   *uringPoller
	c   *fdConn
	act pollable // the connection's actor

	mu       sync.Mutex // the connection's actor and the loop goroutine
	rx       []rxBuf    // received, not yet read, from rx[rxHead]
	rxHead   int32
	rxOff    int32 // bytes of rx[rxHead] already read
	spillOff int32
	rxErr    error     // after rx: io.EOF or the socket's error
	spill    *buffer   // input before rx's, copied out of the ring (spillInput), from spillOff
	out      *outQueue // accepted by write and not yet sent; nil when empty
	sending  int32     // bytes of out's first buffer in the kernel's hands
	flags    uint16

	// Owned by the loop goroutine: see uringPoller.reap.
	evAt  int32
	batch uint32
}

// rxBuf is n bytes received into buffer id.
type rxBuf struct {
	id uint16
	n  uint16
}

// startStream makes c's socket a stream of p and arms its receive.
func (p *uringPoller) startStream(c *fdConn) error {
	s := &ustream{p: p, c: c, act: c.reg.p, flags: usWantRead}
	c.reg.p = s
	if !c.l.slots.alloc(&c.reg) {
		c.reg.p, c.reg.tok = s.act, netpoll.NoToken
		return errTooManyConns
	}
	c.l.conns.Add(1)
	s.mu.Lock()
	err := s.syncRecv()
	s.mu.Unlock()
	return err
}

func (s *ustream) fd() int { return int(s.c.fd) }

// raise implements raiser for the connection's actor.
func (s *ustream) raise(flags uint32) { s.act.raise(flags) }

// pollEvent implements pollable for the connection's actor.
func (s *ustream) pollEvent(h *actor.Host, ev netpoll.Event) bool { return s.act.pollEvent(h, ev) }

// buffered returns the receive buffers held unread.
func (s *ustream) buffered() int { return len(s.rx) - int(s.rxHead) }

// pendingOut returns the bytes accepted and not yet sent.
func (s *ustream) pendingOut() int {
	if s.out == nil {
		return 0
	}
	return s.out.size
}

// syncRecv arms or cancels the receive to match what the stream wants;
// mu is held.
func (s *ustream) syncRecv() error {
	if s.toLoop() {
		return nil
	}
	want := s.flags&(usWantRead|usStarved|usClosing) == usWantRead && s.rxErr == nil && s.buffered() < rxMax
	switch {
	case want && s.flags&usArmed == 0:
		s.p.mu.Lock()
		sqe, err := s.p.sqe()
		if err != nil {
			s.p.mu.Unlock()
			return err
		}
		sqe.PrepRecvMultishot(s.fd(), recvBufGroup, userData(opRecv, s.c.reg.tok))
		s.p.ops.Add(1)
		s.flags |= usArmed
		return s.p.submitLocked()
	case !want && s.flags&(usArmed|usCancelling) == usArmed:
		s.p.mu.Lock()
		sqe, err := s.p.sqe()
		if err != nil {
			s.p.mu.Unlock()
			return err
		}
		sqe.PrepCancel(userData(opRecv, s.c.reg.tok), userData(opIgnore, s.c.reg.tok))
		s.flags |= usCancelling
		return s.p.submitLocked()
	}
	return nil
}

// toLoop reports whether the caller is not the goroutine holding the
// loop, and if so queues the stream for the loop to submit its receive
// and send; mu is held.
//
// Only the loop submits a stream's operations. The kernel runs a
// completion's last steps on the thread that submitted the operation
// (task work), at that thread's next entry into the kernel: submitted
// by a dispatcher worker busy with other actors, a multishot receive
// would deliver late, while the loop's thread enters the kernel on
// every iteration. The loop also batches what it submits.
func (s *ustream) toLoop() bool {
	if s.p.owned() || !gKnown {
		// Where goroutines cannot be told apart (see workerid.G), the
		// loop could not tell its own submissions either: everyone
		// submits directly, which is correct, if slower to complete.
		return false
	}
	if s.flags&usQueued == 0 {
		s.flags |= usQueued
		s.p.enqueue(s)
	}
	return true
}

// serve submits what a queued stream needs, on the loop goroutine.
func (s *ustream) serve() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flags &^= usQueued
	_ = s.syncRecv()
	s.send()
}

// send hands the kernel the first buffer of accepted output, unless a
// send is in flight, whose completion will; mu is held. Output accepted
// meanwhile is appended behind the bytes in flight, never over them.
func (s *ustream) send() {
	if s.sending > 0 || s.out == nil || s.toLoop() {
		return
	}
	s.p.mu.Lock()
	sqe, err := s.p.sqe()
	if err != nil {
		s.p.mu.Unlock()
		s.failSend(err)
		return
	}
	first := s.out.bufs[0].b[s.out.head:]
	sqe.PrepSend(s.fd(), first, userData(opSend, s.c.reg.tok))
	s.sending = int32(len(first))
	s.p.ops.Add(1)
	// Should the kernel refuse the submission now, the entry stays
	// queued and goes with the loop's next io_uring_enter.
	_ = s.p.submitLocked()
}

// failSend records a send that cannot be made; mu is held. Output in
// the kernel's hands stays until its completion.
func (s *ustream) failSend(err error) {
	s.dropOutput()
	if s.flags&usSendFailed == 0 && (s.rxErr == nil || s.rxErr == io.EOF) {
		s.rxErr = err // the next read reports it: the Conn closes with it
	}
	s.flags |= usSendFailed
}

// dropOutput drops the output not in the kernel's hands; mu is held.
func (s *ustream) dropOutput() {
	if s.out == nil {
		return
	}
	if s.sending == 0 {
		s.out.release()
		s.out = nil
		return
	}
	for _, b := range s.out.bufs[1:] {
		putBuffer(b)
	}
	first := s.out.bufs[0]
	first.b = first.b[:s.out.head+int(s.sending)]
	s.out.bufs = append(s.out.bufs[:0], first)
	s.out.size = int(s.sending)
}

// received handles a completion of the receive, on the loop goroutine,
// and returns the Event it makes.
func (s *ustream) received(c uring.Completion, final bool) netpoll.Event {
	ev := netpoll.Event{Token: s.c.reg.tok}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch errno := unix.Errno(-c.Res); {
	case c.Res > 0:
		id, _ := c.BufferID()
		if s.flags&usClosing != 0 {
			s.p.giveBack(id) // nobody reads any more
			break
		}
		s.rx = append(s.rx, rxBuf{id: id, n: uint16(c.Res)})
		if s.flags&usWantRead == 0 {
			s.spillInput() // arrived as the receive was being cancelled
		}
		ev.Readable = true
	case c.Res == 0:
		if s.rxErr == nil {
			s.rxErr = io.EOF
		}
		ev.Readable, ev.Hangup = true, true
	case errno == unix.ENOBUFS:
		if final {
			s.flags |= usStarved
			s.p.starve(s)
		}
	case errno == unix.ECANCELED:
	default:
		if s.rxErr == nil || s.rxErr == io.EOF {
			s.rxErr = os.NewSyscallError("recv", errno)
		}
		ev.Readable, ev.Error = true, true
	}
	if final {
		s.flags &^= usArmed | usCancelling
		if s.flags&usReleased == 0 {
			_ = s.syncRecv()
		}
	}
	if s.flags&usClosing != 0 {
		return netpoll.Event{} // nobody reads any more
	}
	return ev
}

// refill arms again a receive that ran out of buffers.
func (s *ustream) refill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flags &^= usStarved
	if s.flags&usReleased == 0 {
		_ = s.syncRecv()
	}
}

// sent handles a completion of the send, on the loop goroutine, and
// returns the Event it makes.
func (s *ustream) sent(c uring.Completion) netpoll.Event {
	ev := netpoll.Event{Token: s.c.reg.tok}
	s.mu.Lock()
	if s.out != nil {
		// Sent or failed, the kernel is done with the bytes.
		n := s.sending
		if c.Res >= 0 {
			n = min(c.Res, n)
		}
		s.out.consume(int(n))
		if s.out.size == 0 {
			s.out.release()
			s.out = nil
		}
	}
	s.sending = 0
	switch {
	case c.Res < 0:
		s.failSend(os.NewSyscallError("send", unix.Errno(-c.Res)))
		ev.Readable, ev.Error = true, true
	case s.flags&usReleased != 0:
		s.dropOutput() // closeNow: the rest is not wanted
	default:
		s.send() // the rest, and what was accepted meanwhile
	}
	idle := s.out == nil // out holds the bytes in flight too
	if idle && s.flags&usShutPending != 0 {
		s.flags &^= usShutPending
		if err := netpoll.CloseWrite(s.fd()); err != nil && s.rxErr == nil {
			s.rxErr = err
			ev.Readable, ev.Error = true, true
		}
	}
	if s.flags&usWantWrite != 0 && s.pendingOut() < sendWindow {
		ev.Writable = true
	}
	closing, released := s.flags&usClosing != 0, s.flags&usReleased != 0
	s.mu.Unlock()
	switch {
	case closing && released:
		if idle {
			s.release() // closeNow was waiting for this send
		}
		return netpoll.Event{}
	case closing:
		// A lingering connection: the loop closes it once idle.
		return netpoll.Event{Token: s.c.reg.tok, Writable: true}
	}
	return ev
}

// read copies received input into b.
func (s *ustream) read(b []byte) (int, error) {
	var ids [rxMax]uint16
	k := 0
	s.mu.Lock()
	n := 0
	if s.spill != nil {
		n = copy(b, s.spill.b[s.spillOff:])
		if s.spillOff += int32(n); int(s.spillOff) == len(s.spill.b) {
			putBuffer(s.spill)
			s.spill, s.spillOff = nil, 0
		}
	}
	for int(s.rxHead) < len(s.rx) && n < len(b) {
		r := &s.rx[s.rxHead]
		m := copy(b[n:], s.p.buffer(r.id)[s.rxOff:r.n])
		n += m
		if s.rxOff += int32(m); s.rxOff == int32(r.n) {
			if k == len(ids) {
				s.p.giveBack(ids[:k]...)
				k = 0
			}
			ids[k] = r.id
			k++
			s.rxHead++
			s.rxOff = 0
		}
	}
	if int(s.rxHead) == len(s.rx) {
		s.rx, s.rxHead = s.rx[:0], 0
	}
	var err error
	if n == 0 {
		err = ErrWouldBlock
		if s.rxErr != nil {
			err = s.rxErr
		}
	}
	syncErr := s.syncRecv() // below rxMax again
	s.mu.Unlock()
	if k > 0 {
		s.p.giveBack(ids[:k]...)
	}
	if err == nil && syncErr != nil && n == 0 {
		err = syncErr
	}
	return n, err
}

// write accepts as much of b as the send window has room for.
func (s *ustream) write(b []byte) (int, error) {
	return s.writev([][]byte{b})
}

// writev accepts as much of bufs as the send window has room for.
//
// On the goroutine holding the loop (a turn the loop runs inline), it
// queues the bytes for the loop's next io_uring_enter, which sends
// those of every connection of the iteration at once. Elsewhere (a turn
// on a dispatcher worker, a write prompted by another actor's message)
// there is no such batch to join: with nothing queued or in flight it
// writes to the socket at once, as epoll's transport does, and queues
// only what the socket has no room for. Waiting for the loop instead
// was measured: behind a busy loop, one send in flight per connection
// let a chat's readers fall a MaxOutbound behind (examples/chat
// TestFlood disconnected most of its talkers).
func (s *ustream) writev(bufs [][]byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flags&usSendFailed != 0 {
		return 0, s.rxErr
	}
	written, skip := 0, 0 // bytes written at once; of them, those in bufs[0]
	if s.out == nil && s.sending == 0 && !s.p.owned() {
		n, err := netpoll.Writev(s.fd(), bufs)
		if err != nil && err != netpoll.ErrWouldBlock {
			s.failSend(err)
			return 0, err
		}
		written = max(n, 0)
		for skip = written; len(bufs) > 0 && skip >= len(bufs[0]); bufs = bufs[1:] {
			skip -= len(bufs[0])
		}
	}
	accepted := written
	for i, b := range bufs {
		if i == 0 {
			b = b[skip:]
		}
		m, err := s.accept(b)
		accepted += m
		if err != nil {
			if accepted > 0 {
				return accepted, nil
			}
			return 0, err
		}
		if m < len(b) {
			break
		}
	}
	return accepted, nil
}

// accept queues as much of b as the send window has room for; mu is
// held.
func (s *ustream) accept(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n := min(len(b), sendWindow-s.pendingOut())
	if n <= 0 {
		return 0, ErrWouldBlock
	}
	if s.out == nil {
		s.out = new(outQueue)
	}
	s.out.push(b[:n])
	s.send()
	return n, nil
}

func (s *ustream) setInterest(read, write bool) error {
	s.mu.Lock()
	s.flags &^= usWantRead | usWantWrite
	if read {
		s.flags |= usWantRead
	}
	if write {
		s.flags |= usWantWrite
	}
	room := write && s.pendingOut() < sendWindow
	if !read {
		s.spillInput()
	}
	err := s.syncRecv()
	s.mu.Unlock()
	if room {
		// A send may have completed before the Conn asked: say so now,
		// as epoll says at once of a socket with room.
		s.act.raise(flagWrite)
	}
	return err
}

func (s *ustream) setBuffers(read, write int) error {
	return netpoll.SetBuffers(s.fd(), read, write)
}

func (s *ustream) closeWrite() error {
	s.mu.Lock()
	if s.out != nil {
		s.flags |= usShutPending
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	return netpoll.CloseWrite(s.fd())
}

// start is fdConn's: a stream exists once started.
func (s *ustream) start(raiser) error { return nil }

// close ends the stream for the Conn: its unread input goes back to the
// loop, its queued output joins what the stream still has to send, and
// the loop finishes sending it for up to flush before closing the socket.
func (s *ustream) close(out *outQueue, flush time.Duration) {
	c := s.c
	c.l.conns.Add(-1)
	s.mu.Lock()
	s.flags |= usClosing
	s.flags &^= usWantRead | usWantWrite
	s.dropAllInput()
	switch {
	case flush <= 0 || s.flags&usSendFailed != 0:
		s.dropOutput()
		out.release()
	case out != nil && out.size > 0:
		s.adopt(out)
		s.send()
	}
	_ = s.syncRecv()
	// Output queued for the loop to send is not in the kernel's hands
	// yet (sending is 0), and must not be closed on either.
	busy := s.out != nil
	s.mu.Unlock()
	if !busy {
		s.release()
		return
	}
	ls := &lingerState{deadline: time.Now().Add(flush)}
	if !c.l.post(func() { c.lingerStream(ls) }) {
		s.closeNow()
	}
}

// adopt moves the Conn's queued output behind the stream's; mu is held.
func (s *ustream) adopt(out *outQueue) {
	if s.out == nil {
		s.out = new(outQueue)
	}
	if out.head > 0 {
		s.out.push(out.bufs[0].b[out.head:])
		putBuffer(out.bufs[0])
		out.bufs = out.bufs[1:]
	}
	for _, b := range out.bufs {
		s.out.bufs = append(s.out.bufs, b)
		s.out.size += len(b.b)
	}
	*out = outQueue{}
}

// spillInput copies the input held in the loop's receive buffers aside
// and gives the buffers back; mu is held. A connection that is not read
// (its handler paused it, or it stopped at its high watermark) must not
// keep the buffers its loop's other connections receive into: a few
// such connections, flooded by their peers, would stall all the others.
// What it copies arrived before its receive was cancelled: its socket
// holds the rest, as on epoll.
func (s *ustream) spillInput() {
	if s.buffered() == 0 {
		return
	}
	held := 0
	for i, r := range s.rx[s.rxHead:] {
		held += int(r.n)
		if i == 0 {
			held -= int(s.rxOff)
		}
	}
	var have []byte
	if s.spill != nil {
		have = s.spill.b[s.spillOff:]
	}
	nb := getBuffer(len(have) + held)
	nb.b = append(nb.b, have...)
	off := s.rxOff
	for _, r := range s.rx[s.rxHead:] {
		nb.b = append(nb.b, s.p.buffer(r.id)[off:r.n]...)
		off = 0
	}
	putBuffer(s.spill)
	s.spill, s.spillOff = nb, 0
	s.rxOff = 0
	s.dropInput()
}

// dropAllInput drops the unread input, spilled or in the ring; mu is
// held.
func (s *ustream) dropAllInput() {
	putBuffer(s.spill)
	s.spill, s.spillOff = nil, 0
	s.dropInput()
}

// dropInput gives the unread receive buffers back; mu is held.
func (s *ustream) dropInput() {
	var ids [rxMax]uint16
	k := 0
	for _, r := range s.rx[s.rxHead:] {
		if k == len(ids) {
			s.p.giveBack(ids[:k]...)
			k = 0
		}
		ids[k] = r.id
		k++
	}
	s.rx, s.rxHead, s.rxOff = nil, 0, 0
	if k > 0 {
		s.p.giveBack(ids[:k]...)
	}
}

// idle reports whether the stream has sent all it accepted, or can send
// nothing more.
func (s *ustream) idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out == nil
}

// closeNow closes the stream whatever it still had to send. A send in
// flight holds the socket and its buffer: shutting the socket down makes
// it fail at once, and the socket closes when it has (sent).
func (s *ustream) closeNow() {
	s.mu.Lock()
	s.flags |= usClosing | usReleased
	s.dropAllInput()
	s.dropOutput()
	busy, fd := s.sending > 0, s.fd()
	_ = s.syncRecv()
	s.mu.Unlock()
	if busy {
		_ = unix.Shutdown(fd, unix.SHUT_RDWR)
		return
	}
	s.release()
}

// release closes the socket and frees the slot, once no send is in
// flight. A receive may still be: its completions then find no stream,
// and the loop takes its buffers back (see uringPoller.reap).
func (s *ustream) release() {
	s.mu.Lock()
	s.flags |= usClosing | usReleased
	s.dropAllInput()
	_ = s.syncRecv() // cancels it, while the slot still names the stream
	fd := s.c.fd
	s.c.fd = -1
	s.mu.Unlock()
	if fd < 0 {
		return
	}
	_ = netpoll.Close(int(fd))
	s.c.l.slots.release(&s.c.reg)
}

// addrs implements streamPollable: release closes the socket only after
// it has set fd to -1 under mu.
func (s *ustream) addrs() (local, remote net.Addr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.c.fd < 0 {
		return nil, nil
	}
	return netpoll.LocalAddr(s.fd()), netpoll.RemoteAddr(s.fd())
}

func (s *ustream) localAddr() net.Addr  { return netpoll.LocalAddr(s.fd()) }
func (s *ustream) remoteAddr() net.Addr { return netpoll.RemoteAddr(s.fd()) }
