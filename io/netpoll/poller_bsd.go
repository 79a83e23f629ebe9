//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// backend is kqueue. Every fd gets both an EVFILT_READ and an
// EVFILT_WRITE filter with EV_CLEAR (edge-triggered), the one it has no
// interest in disabled, so that Modify is one EV_ADD of both and never
// needs to know what was registered before. The Token rides in Udata; the
// wakeup (see wakeup) is registered with NoToken.
type backend struct {
	kq  int
	raw []unix.Kevent_t // unscanned memory, see kevents
	ts  unix.Timespec   // Wait's timeout, here so that Wait does not allocate
	w   wakeup
}

// maxKqueueTimeout bounds the timeout given to kevent, which on Darwin
// fails with EINVAL for very long ones. A longer Wait returns early.
const maxKqueueTimeout = 1e6 * time.Second

func (b *backend) open(maxEvents int) error {
	if !udata64 {
		return fmt.Errorf("netpoll: kqueue on %s/%s cannot carry a 64-bit token: %w",
			runtime.GOOS, runtime.GOARCH, ErrUnsupported)
	}
	syscall.ForkLock.RLock()
	kq, err := unix.Kqueue()
	if err == nil {
		unix.CloseOnExec(kq)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return os.NewSyscallError("kqueue", err)
	}
	if err := b.w.open(kq); err != nil {
		unix.Close(kq)
		return err
	}
	b.kq = kq
	b.raw = kevents(make([]uint64, maxEvents*int(keventWords)))
	return nil
}

func (b *backend) add(fd int, interest Interest, token Token) error {
	err := b.register(fd, interest, token)
	if err != nil {
		// The read filter may have been added before the write filter
		// failed; leave nothing behind.
		_ = b.remove(fd)
	}
	return err
}

func (b *backend) modify(fd int, interest Interest, token Token) error {
	return b.register(fd, interest, token)
}

func (b *backend) register(fd int, interest Interest, token Token) error {
	var words [2 * keventWords]uint64
	changes := kevents(words[:])
	setKevent(&changes[0], fd, unix.EVFILT_READ, unix.EV_ADD|unix.EV_CLEAR|enable(interest&Readable), token)
	setKevent(&changes[1], fd, unix.EVFILT_WRITE, unix.EV_ADD|unix.EV_CLEAR|enable(interest&Writable), token)
	return keventCtl(b.kq, changes)
}

func enable(i Interest) int {
	if i != 0 {
		return unix.EV_ENABLE
	}
	return unix.EV_DISABLE
}

func (b *backend) remove(fd int) error {
	var words [2 * keventWords]uint64
	changes := kevents(words[:])
	setKevent(&changes[0], fd, unix.EVFILT_READ, unix.EV_DELETE, 0)
	setKevent(&changes[1], fd, unix.EVFILT_WRITE, unix.EV_DELETE, 0)
	return keventCtl(b.kq, changes)
}

func (b *backend) wait(events []Event, timeout time.Duration) (n int, woke bool, err error) {
	raw := b.raw
	if len(events) < len(raw) {
		raw = raw[:len(events)]
	}
	dl := newDeadline(timeout)
	m := 0
	for {
		var ts *unix.Timespec
		if timeout >= 0 {
			b.ts = unix.NsecToTimespec(int64(min(timeout, maxKqueueTimeout)))
			ts = &b.ts
		}
		m, err = unix.Kevent(b.kq, nil, raw, ts)
		if err == nil {
			break
		}
		if err != unix.EINTR {
			return 0, false, os.NewSyscallError("kevent", err)
		}
		var ok bool
		if timeout, ok = dl.left(); !ok {
			return 0, false, nil
		}
	}
	for i := range raw[:m] {
		ev := &raw[i]
		token := keventToken(ev)
		if token == NoToken {
			b.w.drain()
			woke = true
			continue
		}
		e := Event{Token: token}
		switch ev.Filter {
		case unix.EVFILT_READ:
			e.Readable = true
		case unix.EVFILT_WRITE:
			e.Writable = true
		}
		if ev.Flags&unix.EV_EOF != 0 {
			// Fflags holds the socket error, if any, at end of file.
			e.Hangup = true
			e.Error = ev.Fflags != 0
		}
		if ev.Flags&unix.EV_ERROR != 0 {
			e.Error = true
		}
		events[n] = e
		n++
	}
	return n, woke, nil
}

func (b *backend) wake() error { return b.w.trigger() }

func (b *backend) close() error {
	err1 := b.w.close()
	err2 := unix.Close(b.kq)
	if err1 != nil {
		return err1
	}
	if err2 != nil {
		return os.NewSyscallError("close", err2)
	}
	return nil
}
