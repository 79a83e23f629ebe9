package netpoll

import (
	"encoding/binary"
	"math"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// backend is epoll with an eventfd for wakeups. Registrations use
// EPOLLET|EPOLLRDHUP and carry the Token in the 64-bit epoll_data, split
// over the Fd and Pad fields of unix.EpollEvent. The eventfd is registered
// level-triggered with NoToken and drained by the Wait that sees it.
type backend struct {
	epfd int
	efd  int
	raw  []unix.EpollEvent
}

const (
	epollRead  = unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLHUP | unix.EPOLLERR
	epollWrite = unix.EPOLLOUT | unix.EPOLLHUP | unix.EPOLLERR
)

func (b *backend) open(maxEvents int) error {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return os.NewSyscallError("epoll_create1", err)
	}
	efd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		unix.Close(epfd)
		return os.NewSyscallError("eventfd", err)
	}
	ev := epollEvent(unix.EPOLLIN, NoToken)
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, efd, &ev); err != nil {
		unix.Close(efd)
		unix.Close(epfd)
		return os.NewSyscallError("epoll_ctl", err)
	}
	b.epfd, b.efd = epfd, efd
	b.raw = make([]unix.EpollEvent, maxEvents)
	return nil
}

func epollEvent(events uint32, token Token) unix.EpollEvent {
	return unix.EpollEvent{Events: events, Fd: int32(uint32(token)), Pad: int32(uint32(token >> 32))}
}

func epollToken(ev *unix.EpollEvent) Token {
	return Token(uint32(ev.Fd)) | Token(uint32(ev.Pad))<<32
}

func epollInterest(interest Interest) uint32 {
	events := uint32(unix.EPOLLET | unix.EPOLLRDHUP)
	if interest&Readable != 0 {
		events |= unix.EPOLLIN
	}
	if interest&Writable != 0 {
		events |= unix.EPOLLOUT
	}
	return events
}

func (b *backend) add(fd int, interest Interest, token Token) error {
	return b.ctl(unix.EPOLL_CTL_ADD, fd, interest, token)
}

func (b *backend) modify(fd int, interest Interest, token Token) error {
	return b.ctl(unix.EPOLL_CTL_MOD, fd, interest, token)
}

func (b *backend) ctl(op, fd int, interest Interest, token Token) error {
	ev := epollEvent(epollInterest(interest), token)
	if err := unix.EpollCtl(b.epfd, op, fd, &ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

func (b *backend) remove(fd int) error {
	// A non-nil event keeps kernels before 2.6.9 happy; it is ignored.
	var ev unix.EpollEvent
	if err := unix.EpollCtl(b.epfd, unix.EPOLL_CTL_DEL, fd, &ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

func (b *backend) wait(events []Event, timeout time.Duration) (n int, woke bool, err error) {
	raw := b.raw
	if len(events) < len(raw) {
		raw = raw[:len(events)]
	}
	dl := newDeadline(timeout)
	m := 0
	for {
		m, err = unix.EpollWait(b.epfd, raw, epollMsec(timeout))
		if err == nil {
			break
		}
		if err != unix.EINTR {
			return 0, false, os.NewSyscallError("epoll_wait", err)
		}
		var ok bool
		if timeout, ok = dl.left(); !ok {
			return 0, false, nil
		}
	}
	for i := range raw[:m] {
		ev := &raw[i]
		token := epollToken(ev)
		if token == NoToken {
			b.drainWake()
			woke = true
			continue
		}
		events[n] = Event{
			Token:    token,
			Readable: ev.Events&epollRead != 0,
			Writable: ev.Events&epollWrite != 0,
			Hangup:   ev.Events&(unix.EPOLLRDHUP|unix.EPOLLHUP) != 0,
			Error:    ev.Events&unix.EPOLLERR != 0,
		}
		n++
	}
	return n, woke, nil
}

// epollMsec converts a Wait timeout to epoll_wait's milliseconds, rounding
// up so that a short positive timeout never turns into a busy poll.
func epollMsec(timeout time.Duration) int {
	switch {
	case timeout < 0:
		return -1
	case timeout == 0:
		return 0
	case timeout >= math.MaxInt32*time.Millisecond:
		return math.MaxInt32
	}
	return int((timeout + time.Millisecond - 1) / time.Millisecond)
}

func (b *backend) wake() error {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	for {
		_, err := unix.Write(b.efd, one[:])
		switch err {
		case nil, unix.EAGAIN: // EAGAIN: the counter is full, a wakeup is pending.
			return nil
		case unix.EINTR:
			continue
		}
		return os.NewSyscallError("write", err)
	}
}

func (b *backend) drainWake() {
	var buf [8]byte
	for {
		// The eventfd read returns and resets the whole counter; EAGAIN
		// means another drain got there first.
		if _, err := unix.Read(b.efd, buf[:]); err != unix.EINTR {
			return
		}
	}
}

func (b *backend) close() error {
	err1 := unix.Close(b.efd)
	err2 := unix.Close(b.epfd)
	if err1 != nil {
		return os.NewSyscallError("close", err1)
	}
	if err2 != nil {
		return os.NewSyscallError("close", err2)
	}
	return nil
}
