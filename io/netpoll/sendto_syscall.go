//go:build (linux && !386 && !s390x) || freebsd || netbsd || dragonfly

package netpoll

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// These systems allow direct system calls, so the address is built on the
// stack: x/sys's Sendto takes it as an interface, which puts it on the
// heap. (Linux on 386 and s390x reaches sendto through socketcall, the
// only way before Linux 4.3, and uses x/sys.) The BSD kernels set the
// sockaddr's length byte from the length argument.

func sendto(fd int, p []byte, to *inetAddr) error {
	if to.family == unix.AF_INET {
		raw := unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: [4]byte(to.ip[:4])}
		putPort(&raw.Port, to.port)
		return sendtoRaw(fd, p, unsafe.Pointer(&raw), unix.SizeofSockaddrInet4)
	}
	raw := unix.RawSockaddrInet6{Family: unix.AF_INET6, Addr: to.ip, Scope_id: to.zone}
	putPort(&raw.Port, to.port)
	return sendtoRaw(fd, p, unsafe.Pointer(&raw), unix.SizeofSockaddrInet6)
}

// putPort stores port in network byte order.
func putPort(dst *uint16, port int) {
	*(*[2]byte)(unsafe.Pointer(dst)) = [2]byte{byte(port >> 8), byte(port)}
}

func sendtoRaw(fd int, p []byte, sa unsafe.Pointer, salen uintptr) error {
	_, _, errno := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)), 0, uintptr(sa), salen)
	if errno != 0 {
		return errno
	}
	return nil
}
