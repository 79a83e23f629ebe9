//go:build netbsd || openbsd

package netpoll

import (
	"os"

	"golang.org/x/sys/unix"
)

// wakeup is a non-blocking pipe whose read end is registered
// level-triggered with NoToken, for kernels without a dependable
// EVFILT_USER (as the Go runtime does on these systems). The Wait that
// collects it drains the pipe.
type wakeup struct{ r, w int }

func (w *wakeup) open(kq int) error {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_NONBLOCK|unix.O_CLOEXEC); err != nil {
		return os.NewSyscallError("pipe2", err)
	}
	var words [keventWords]uint64
	changes := kevents(words[:])
	setKevent(&changes[0], p[0], unix.EVFILT_READ, unix.EV_ADD, NoToken)
	if err := keventCtl(kq, changes); err != nil {
		unix.Close(p[0])
		unix.Close(p[1])
		return err
	}
	w.r, w.w = p[0], p[1]
	return nil
}

func (w *wakeup) trigger() error {
	b := [1]byte{1}
	for {
		_, err := unix.Write(w.w, b[:])
		switch err {
		case nil, unix.EAGAIN: // EAGAIN: the pipe is full, a wakeup is pending.
			return nil
		case unix.EINTR:
			continue
		}
		return os.NewSyscallError("write", err)
	}
}

func (w *wakeup) drain() {
	var buf [64]byte
	for {
		n, err := unix.Read(w.r, buf[:])
		if err == unix.EINTR {
			continue
		}
		if err != nil || n < len(buf) {
			return
		}
	}
}

func (w *wakeup) close() error {
	err1 := unix.Close(w.r)
	err2 := unix.Close(w.w)
	if err1 != nil {
		return os.NewSyscallError("close", err1)
	}
	if err2 != nil {
		return os.NewSyscallError("close", err2)
	}
	return nil
}
