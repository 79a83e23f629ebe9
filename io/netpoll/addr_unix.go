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
