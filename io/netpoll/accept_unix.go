//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import (
	"net"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Accept accepts a connection on fd, a non-blocking listening socket (see
// [FD]), and returns the new socket's fd, close-on-exec and non-blocking,
// with the peer's address: a *net.TCPAddr for IPv4 and IPv6, a
// *net.UnixAddr with Net "unix" for Unix-domain sockets (its Name often
// empty: clients seldom bind), nil for other families. The caller owns the
// fd and closes it.
//
// Interrupted calls (EINTR) and connections aborted while queued
// (ECONNABORTED) are retried. With no connection pending Accept returns -1
// and [ErrWouldBlock]; other failures return -1 and the kernel's error in
// an *os.SyscallError (EMFILE when the process has no fd left: the
// connection stays queued and the listener readable).
func Accept(fd int) (int, net.Addr, error) {
	for {
		nfd, sa, err := accept(fd)
		switch err {
		case nil:
			return nfd, sockaddrToAddr(sa), nil
		case unix.EINTR, unix.ECONNABORTED:
			continue
		case unix.EAGAIN:
			return -1, nil, ErrWouldBlock
		}
		return -1, nil, os.NewSyscallError(acceptCall, err)
	}
}

func sockaddrToAddr(sa unix.Sockaddr) net.Addr {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return &net.TCPAddr{IP: net.IP(sa.Addr[:]), Port: sa.Port}
	case *unix.SockaddrInet6:
		return &net.TCPAddr{IP: net.IP(sa.Addr[:]), Port: sa.Port, Zone: zoneName(sa.ZoneId)}
	case *unix.SockaddrUnix:
		return &net.UnixAddr{Name: sa.Name, Net: "unix"}
	}
	return nil
}

// zoneName names an IPv6 scope: the interface name if there is one, its
// index otherwise, as the net package does.
func zoneName(id uint32) string {
	if id == 0 {
		return ""
	}
	if ifi, err := net.InterfaceByIndex(int(id)); err == nil {
		return ifi.Name
	}
	return strconv.FormatUint(uint64(id), 10)
}
