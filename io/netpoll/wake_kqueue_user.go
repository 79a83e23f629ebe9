//go:build darwin || freebsd || dragonfly

package netpoll

import "golang.org/x/sys/unix"

// wakeup is an EVFILT_USER event with EV_CLEAR: NOTE_TRIGGER fires it, and
// the kernel resets it when a Wait collects it, so there is nothing to
// drain and no extra fd.
type wakeup struct{ kq int }

// wakeIdent identifies the EVFILT_USER event; user filters have their own
// ident space, apart from fds.
const wakeIdent = 0

func (w *wakeup) open(kq int) error {
	w.kq = kq
	return w.ctl(unix.EV_ADD|unix.EV_CLEAR, 0)
}

func (w *wakeup) trigger() error { return w.ctl(0, unix.NOTE_TRIGGER) }

func (w *wakeup) ctl(flags int, fflags uint32) error {
	var words [keventWords]uint64
	changes := kevents(words[:])
	setKevent(&changes[0], wakeIdent, unix.EVFILT_USER, flags, NoToken)
	changes[0].Fflags = fflags
	return keventCtl(w.kq, changes)
}

func (*wakeup) drain() {}

func (*wakeup) close() error { return nil }
