//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import (
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// FD returns a duplicate of the fd behind rc, close-on-exec and
// non-blocking, ready for [Poller.Add]. rc comes from the SyscallConn
// method of a net.TCPConn, net.TCPListener, net.UDPConn, net.UnixConn,
// net.UnixListener or os.File, so sockets made elsewhere can be handed to
// an event loop built on this package.
//
// The caller owns the new fd and closes it; closing it does not close the
// original, nor the other way round, and the socket lives until both are
// closed. Close the original (for example the net.Conn) once FD returns,
// so that only the event loop uses the socket. Both fds share one open
// file, flags included: FD makes the original non-blocking too, which
// changes nothing for the net package's sockets, already non-blocking.
//
// On error FD returns -1 and an error: wrapping [ErrInvalid] for a nil rc,
// net.ErrClosed for a closed connection, or the kernel's error (EMFILE
// when the process has no fd left) in an *os.SyscallError.
func FD(rc syscall.RawConn) (int, error) {
	if rc == nil {
		return -1, fmt.Errorf("netpoll: fd: %w: nil RawConn", ErrInvalid)
	}
	nfd := -1
	var dupErr error
	if err := rc.Control(func(fd uintptr) { nfd, dupErr = dupCloexec(int(fd)) }); err != nil {
		return -1, fmt.Errorf("netpoll: fd: %w", err)
	}
	if dupErr != nil {
		return -1, fmt.Errorf("netpoll: fd: %w", dupErr)
	}
	if err := unix.SetNonblock(nfd, true); err != nil {
		unix.Close(nfd)
		return -1, fmt.Errorf("netpoll: fd: %w", os.NewSyscallError("fcntl", err))
	}
	return nfd, nil
}

func dupCloexec(fd int) (int, error) {
	for {
		nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
		switch err {
		case nil:
			return nfd, nil
		case unix.EINTR:
			continue
		}
		return -1, os.NewSyscallError("fcntl", err)
	}
}
