package netpoll

import (
	"encoding/binary"
	"net"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// EnableDropCount sets SO_RXQ_OVFL on fd, a datagram socket: from then on
// each datagram received carries the number of datagrams the socket has
// dropped, which [RecvFromDrops] and [DropCount] return. Setting it again
// does nothing more. It fails with the kernel's error in an
// *os.SyscallError: ENOTSOCK for an fd that is not a socket, ENOPROTOOPT
// where the kernel (or a sandbox that emulates it) lacks the option.
func EnableDropCount(fd int) error {
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RXQ_OVFL, 1); err != nil {
		return os.NewSyscallError("setsockopt", err)
	}
	return nil
}

// RecvFromDrops receives one datagram from fd, as [RecvFrom] does, with
// one recvmsg(2) call, and returns with it drops: the number of datagrams
// fd had dropped when this one was queued, since fd was opened, modulo
// 2^32. drops is 0 when [EnableDropCount] was not called on fd, and on
// every failure. The difference between the drops of two datagrams (in
// uint32 arithmetic, which survives the wrap) is the number dropped
// between them.
//
// It allocates what RecvFrom does, the sender's address, and nothing
// more: the control messages go to a buffer on the stack. An empty p
// costs a getsockopt(2) more, which package syscall makes to learn the
// socket's type.
func RecvFromDrops(fd int, p []byte) (n int, from net.Addr, drops uint32, err error) {
	var oob [DropCountSpace / 8]uint64 // aligned for the cmsghdrs
	b := unsafe.Slice((*byte)(unsafe.Pointer(&oob)), DropCountSpace)
	for {
		n, oobn, _, sa, err := syscall.Recvmsg(fd, p, b, 0)
		switch err {
		case nil:
			return n, datagramAddr(sa), DropCount(b[:oobn]), nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, nil, 0, ErrWouldBlock
		}
		return 0, nil, 0, os.NewSyscallError("recvmsg", err)
	}
}

// DropCount returns the count of dropped datagrams that oob, the control
// messages recvmsg(2) returned with a datagram of a socket with
// [EnableDropCount], carries: what [RecvFromDrops] returns as drops. It
// returns 0 when oob holds no such message, and stops at the first
// malformed one. oob need not be aligned. It allocates nothing.
func DropCount(oob []byte) uint32 {
	var h unix.Cmsghdr
	hdr := unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr)
	dataOff := unix.CmsgLen(0)
	for len(oob) >= unix.SizeofCmsghdr {
		copy(hdr, oob)
		if uint64(h.Len) < uint64(dataOff) || uint64(h.Len) > uint64(len(oob)) {
			return 0
		}
		data := oob[dataOff:h.Len]
		if h.Level == unix.SOL_SOCKET && h.Type == unix.SO_RXQ_OVFL && len(data) >= 4 {
			return binary.NativeEndian.Uint32(data)
		}
		next := unix.CmsgSpace(int(h.Len) - dataOff)
		if next >= len(oob) {
			return 0
		}
		oob = oob[next:]
	}
	return 0
}
