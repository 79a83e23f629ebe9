//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

// maxIovecs is IOV_MAX on every system this file builds for: readv and
// writev fail with EINVAL when given more buffers.
const maxIovecs = 1024

// Readv reads from fd into bufs, filling them in order, with one readv(2)
// call, and returns the number of bytes read. It suits non-blocking
// sockets and pipes registered with a [Poller].
//
// Interrupted calls (EINTR) are retried. When fd has nothing to read
// Readv returns 0 and [ErrWouldBlock]; other failures return 0 and the
// kernel's error in an *os.SyscallError (errors.Is(err,
// syscall.ECONNRESET), for example). 0 bytes with a nil error means end of
// file on a stream socket or pipe (the peer closed its side), or an empty
// datagram; with no room at all (no buffers, or only empty ones) Readv
// returns 0 and nil without a system call. Only the first 1024 buffers
// (IOV_MAX) are used, as if the read had been short. Under the race
// detector the kernel's writes are reported on Linux, macOS and OpenBSD.
func Readv(fd int, bufs [][]byte) (int, error) {
	return vectored("readv", readv, fd, bufs)
}

// Writev writes bufs to fd in order (a gather write) with one writev(2)
// call and returns the number of bytes written, which may be fewer than
// their total: the caller keeps the rest for the next Writable event.
//
// Interrupted calls (EINTR) are retried. When fd has no room Writev
// returns 0 and [ErrWouldBlock]; other failures return 0 and the kernel's
// error in an *os.SyscallError (errors.Is(err, syscall.EPIPE) once the
// peer is gone; the Go runtime ignores the SIGPIPE). With nothing to write
// Writev returns 0 and nil without a system call. Only the first 1024
// buffers (IOV_MAX) are written, as if the write had been short.
func Writev(fd int, bufs [][]byte) (int, error) {
	return vectored("writev", writev, fd, bufs)
}

// iovecs caps bufs at maxIovecs and reports whether they hold any byte.
func iovecs(bufs [][]byte) ([][]byte, bool) {
	if len(bufs) > maxIovecs {
		bufs = bufs[:maxIovecs]
	}
	for _, b := range bufs {
		if len(b) > 0 {
			return bufs, true
		}
	}
	return bufs, false
}

// vectored caps bufs at IOV_MAX and runs a readv or writev call through
// retryIO, or returns 0 and nil without one when bufs hold no byte.
func vectored(op string, call func(int, [][]byte) (int, error), fd int, bufs [][]byte) (int, error) {
	bufs, ok := iovecs(bufs)
	if !ok {
		return 0, nil
	}
	return retryIO(op, call, fd, bufs)
}
