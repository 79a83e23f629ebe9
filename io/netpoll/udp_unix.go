//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// RecvFrom receives one datagram from fd, a non-blocking datagram socket,
// into p with one recvfrom(2) call, and returns its length with the
// sender's address: a *net.UDPAddr for IPv4 (its IP 4 bytes long) and
// IPv6 (an IPv4 sender on a dual-stack IPv6 socket comes as an
// IPv4-mapped address, 16 bytes long), a *net.UnixAddr with Net
// "unixgram" for a bound Unix-domain sender, nil for an unbound one and
// for other families.
//
// A datagram longer than p is truncated to len(p), the rest discarded,
// with no error: a caller that must detect truncation passes a buffer one
// byte longer than the largest datagram it accepts. An empty p receives
// and discards a datagram, returning 0 and its sender; 0 with a nil error
// is otherwise an empty datagram.
//
// Interrupted calls (EINTR) are retried. With no datagram queued RecvFrom
// returns 0, nil and [ErrWouldBlock]; other failures return 0, nil and
// the kernel's error in an *os.SyscallError. Each datagram allocates its
// address (a link-local IPv6 sender's zone also costs an interface
// lookup), and the kernel's writes to p are not reported to the race
// detector. [RecvFromDrops] receives as RecvFrom does, with the count of
// datagrams fd has dropped.
func RecvFrom(fd int, p []byte) (n int, from net.Addr, err error) {
	for {
		// syscall's Recvfrom, not x/sys's: on Linux the latter asks for
		// the socket's protocol with a second system call per datagram,
		// to tell L2TP addresses apart.
		n, sa, err := syscall.Recvfrom(fd, p, 0)
		switch err {
		case nil:
			return n, datagramAddr(sa), nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, nil, ErrWouldBlock
		}
		return 0, nil, os.NewSyscallError("recvfrom", err)
	}
}

func datagramAddr(sa syscall.Sockaddr) net.Addr {
	switch sa := sa.(type) {
	case *syscall.SockaddrInet4:
		return &net.UDPAddr{IP: net.IP(sa.Addr[:]), Port: sa.Port}
	case *syscall.SockaddrInet6:
		return &net.UDPAddr{IP: net.IP(sa.Addr[:]), Port: sa.Port, Zone: zoneName(sa.ZoneId)}
	case *syscall.SockaddrUnix:
		if sa.Name != "" {
			return &net.UnixAddr{Name: sa.Name, Net: "unixgram"}
		}
	}
	return nil
}

// SendTo sends p as one datagram to the *net.UDPAddr to, from fd, a
// non-blocking datagram socket, with sendto(2). The datagram goes whole or
// not at all (EMSGSIZE when it is too large); an empty p sends an empty
// datagram.
//
// An IPv4 address (one whose To4 is not nil) goes out in the IPv4 form
// first. Linux accepts that form on a dual-stack IPv6 socket; the BSDs
// and macOS refuse it with EAFNOSUPPORT or EINVAL, and SendTo then sends
// to the IPv4-mapped IPv6 address instead. This costs a failed system
// call per datagram on those systems, and spares every call a
// getsockname(2) to learn the socket's family. An IPv6 zone is an
// interface index or name.
//
// Interrupted calls (EINTR) are retried. When fd has no room SendTo
// returns [ErrWouldBlock]. A nil address, an address of another type, a
// port outside 0-65535, an IP of neither 4 nor 16 bytes or an unknown
// zone return an error wrapping [ErrInvalid], without a system call;
// other failures return the kernel's error in an *os.SyscallError (for
// an IPv6 address on an IPv4 socket, or port 0, for example).
//
// SendTo does not allocate, except for a zone given by name, which costs
// an interface lookup, and on macOS, OpenBSD, and Linux on 386 and s390x,
// where the system call goes through golang.org/x/sys and the address is
// allocated.
func SendTo(fd int, p []byte, to net.Addr) error {
	sa, err := udpSockaddr(to)
	if err != nil {
		return err
	}
	err = sendInet(fd, p, &sa)
	if sa.family == unix.AF_INET && familyRefused(err) {
		sa.mapToInet6()
		if err6 := sendInet(fd, p, &sa); !familyRefused(err6) {
			err = err6
		}
	}
	switch err {
	case nil:
		return nil
	case unix.EAGAIN:
		return ErrWouldBlock
	}
	return os.NewSyscallError("sendto", err)
}

// An inetAddr is a UDP destination, ready for sendto(2).
type inetAddr struct {
	family int      // unix.AF_INET or unix.AF_INET6
	ip     [16]byte // an IPv4 address in the first 4 bytes
	port   int
	zone   uint32
}

// mapToInet6 turns an IPv4 address into its IPv4-mapped IPv6 form.
func (a *inetAddr) mapToInet6() {
	var ip [16]byte
	ip[10], ip[11] = 0xff, 0xff
	copy(ip[12:], a.ip[:4])
	a.family, a.ip = unix.AF_INET6, ip
}

// sendInet runs sendto, retrying EINTR, and returns the kernel's error.
func sendInet(fd int, p []byte, to *inetAddr) error {
	for {
		if err := sendto(fd, p, to); err != unix.EINTR {
			return err
		}
	}
}

// familyRefused reports whether sendto refused the address's family.
func familyRefused(err error) bool {
	return err == unix.EAFNOSUPPORT || err == unix.EINVAL
}

func udpSockaddr(to net.Addr) (inetAddr, error) {
	ua, ok := to.(*net.UDPAddr)
	switch {
	case to == nil || ok && ua == nil:
		return inetAddr{}, fmt.Errorf("netpoll: sendto: %w: nil address", ErrInvalid)
	case !ok:
		return inetAddr{}, fmt.Errorf("netpoll: sendto: %w: %T, not a *net.UDPAddr", ErrInvalid, to)
	case ua.Port < 0 || ua.Port > 0xffff:
		return inetAddr{}, fmt.Errorf("netpoll: sendto: %w: port %d", ErrInvalid, ua.Port)
	}
	a := inetAddr{port: ua.Port}
	if ip4 := ua.IP.To4(); ip4 != nil {
		a.family = unix.AF_INET
		copy(a.ip[:], ip4)
		return a, nil
	}
	if len(ua.IP) != net.IPv6len {
		return inetAddr{}, fmt.Errorf("netpoll: sendto: %w: IP of %d bytes", ErrInvalid, len(ua.IP))
	}
	a.family = unix.AF_INET6
	a.ip = [16]byte(ua.IP)
	if ua.Zone != "" {
		zone, err := zoneIndex(ua.Zone)
		if err != nil {
			return inetAddr{}, fmt.Errorf("netpoll: sendto: %w: zone %q: %w", ErrInvalid, ua.Zone, err)
		}
		a.zone = zone
	}
	return a, nil
}

// zoneIndex returns the index of the interface that zone names, by index
// or by name, as zoneName writes it.
func zoneIndex(zone string) (uint32, error) {
	if id, err := strconv.ParseUint(zone, 10, 32); err == nil {
		return uint32(id), nil
	}
	ifi, err := net.InterfaceByName(zone)
	if err != nil {
		return 0, err
	}
	return uint32(ifi.Index), nil
}
