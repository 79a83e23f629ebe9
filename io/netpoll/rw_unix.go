//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import (
	"os"

	"golang.org/x/sys/unix"
)

// Read reads from fd into p with one read(2) call and returns the number
// of bytes read: [Readv] with a single buffer, one step cheaper. It suits
// non-blocking sockets and pipes registered with a [Poller].
//
// Interrupted calls (EINTR) are retried. When fd has nothing to read Read
// returns 0 and [ErrWouldBlock]; other failures return 0 and the kernel's
// error in an *os.SyscallError (errors.Is(err, syscall.ECONNRESET), for
// example). 0 bytes with a nil error means end of file on a stream socket
// or pipe (the peer closed its side or shut down its writing side), or an
// empty datagram; with an empty p Read returns 0 and nil without a system
// call. A datagram longer than p is truncated, the rest discarded. Under
// the race detector the kernel's writes to p are reported.
func Read(fd int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return retryIO("read", unix.Read, fd, p)
}

// Write writes p to fd with one write(2) call and returns the number of
// bytes written: [Writev] with a single buffer, one step cheaper. On a
// stream socket it may write fewer than len(p) bytes, and the caller keeps
// the rest for the next Writable event; on a connected datagram socket p
// is one datagram, sent whole or not at all.
//
// Interrupted calls (EINTR) are retried. When fd has no room Write returns
// 0 and [ErrWouldBlock]; other failures return 0 and the kernel's error in
// an *os.SyscallError (errors.Is(err, syscall.EPIPE) once the peer is gone
// or after [CloseWrite]; the Go runtime ignores the SIGPIPE). With an
// empty p Write returns 0 and nil without a system call, so it cannot send
// an empty datagram; [SendTo] can.
func Write(fd int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return retryIO("write", unix.Write, fd, p)
}

// CloseWrite shuts down the writing side of fd, a connected socket, with
// shutdown(2) and SHUT_WR: the peer reads what was sent and then end of
// file, while fd goes on reading what the peer sends. Writes to fd fail
// with EPIPE afterwards. The fd stays open; [Close] closes it.
//
// Interrupted calls (EINTR) are retried. Failures return the kernel's
// error in an *os.SyscallError: ENOTCONN when fd is not connected (never
// was, or its connection is gone), ENOTSOCK when it is not a socket.
func CloseWrite(fd int) error {
	for {
		err := unix.Shutdown(fd, unix.SHUT_WR)
		switch err {
		case nil:
			return nil
		case unix.EINTR:
			continue
		}
		return os.NewSyscallError("shutdown", err)
	}
}

// Close closes fd with close(2). Remove fd from its [Poller] first.
//
// Close never retries, not even on EINTR: Linux, like the BSDs, frees the
// fd number before it reports the interruption, so the number may already
// belong to a file that another goroutine opened meanwhile, and a second
// close would close that file instead. Failures return the kernel's error
// in an *os.SyscallError: EBADF when fd was not open; after any other
// error (EINTR, EIO) fd is closed all the same and must not be closed
// again.
func Close(fd int) error {
	if err := unix.Close(fd); err != nil {
		return os.NewSyscallError("close", err)
	}
	return nil
}

// retryIO runs a read or write call: it retries EINTR, maps EAGAIN to
// ErrWouldBlock and wraps other errors in an *os.SyscallError named op.
func retryIO[B []byte | [][]byte](op string, call func(int, B) (int, error), fd int, b B) (int, error) {
	for {
		n, err := call(fd, b)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, ErrWouldBlock
		}
		return 0, os.NewSyscallError(op, err)
	}
}
