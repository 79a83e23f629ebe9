//go:build freebsd || netbsd || dragonfly

package netpoll

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// x/sys has no Readv and Writev on these systems, which allow direct
// system calls; the iovecs live on the stack for up to eight buffers.

func readv(fd int, bufs [][]byte) (int, error) { return iovSyscall(unix.SYS_READV, fd, bufs) }

func writev(fd int, bufs [][]byte) (int, error) { return iovSyscall(unix.SYS_WRITEV, fd, bufs) }

func iovSyscall(trap uintptr, fd int, bufs [][]byte) (int, error) {
	var small [8]unix.Iovec
	iov := small[:0]
	if len(bufs) > len(small) {
		iov = make([]unix.Iovec, 0, len(bufs))
	}
	for _, b := range bufs {
		var v unix.Iovec
		if len(b) > 0 {
			v.Base = &b[0]
			v.SetLen(len(b))
		}
		iov = append(iov, v)
	}
	n, _, errno := unix.Syscall(trap, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(iov))), uintptr(len(iov)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
