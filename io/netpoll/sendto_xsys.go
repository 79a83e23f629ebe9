//go:build darwin || openbsd || (linux && (386 || s390x))

package netpoll

import "golang.org/x/sys/unix"

// These systems reach sendto through libc (macOS, OpenBSD) or socketcall
// (Linux on 386 and s390x), which x/sys wraps; its Sendto takes the
// address as an interface, so each call allocates it.

func sendto(fd int, p []byte, to *inetAddr) error {
	if to.family == unix.AF_INET {
		return unix.Sendto(fd, p, 0, &unix.SockaddrInet4{Port: to.port, Addr: [4]byte(to.ip[:4])})
	}
	return unix.Sendto(fd, p, 0, &unix.SockaddrInet6{Port: to.port, ZoneId: to.zone, Addr: to.ip})
}
