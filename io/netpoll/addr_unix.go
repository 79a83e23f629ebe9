//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import (
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// LocalAddr returns the address fd, a socket, is bound to, as Accept
// returns peers: a *net.TCPAddr for a stream socket of IPv4 or IPv6, a
// *net.UnixAddr for a Unix-domain one. It returns nil if fd is not a
// bound socket of those families or the call fails.
func LocalAddr(fd int) net.Addr {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return nil
	}
	return sockaddrToAddr(sa)
}

// RemoteAddr returns the address of the peer of fd, a connected stream
// socket, as LocalAddr does; nil if it has none or the call fails.
func RemoteAddr(fd int) net.Addr {
	sa, err := unix.Getpeername(fd)
	if err != nil {
		return nil
	}
	return sockaddrToAddr(sa)
}

// SetNoDelay sets TCP_NODELAY on fd, a TCP socket: with on, small writes
// go out at once instead of waiting to be coalesced (Nagle's algorithm),
// as the net package sets for every TCP connection. It returns the
// kernel's error in an *os.SyscallError (EOPNOTSUPP for a socket that is
// not TCP).
func SetNoDelay(fd int, on bool) error {
	v := 0
	if on {
		v = 1
	}
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, v); err != nil {
		return os.NewSyscallError("setsockopt", err)
	}
	return nil
}

// SetBuffers sets the socket's receive and send buffer sizes
// (SO_RCVBUF, SO_SNDBUF) where read or write is positive, leaving the
// other alone. The kernel may round them (Linux doubles them for its
// bookkeeping), and a set size turns off its autotuning of that buffer
// for the socket. It returns the kernel's error in an *os.SyscallError.
func SetBuffers(fd, read, write int) error {
	if read > 0 {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, read); err != nil {
			return os.NewSyscallError("setsockopt", err)
		}
	}
	if write > 0 {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, write); err != nil {
			return os.NewSyscallError("setsockopt", err)
		}
	}
	return nil
}
