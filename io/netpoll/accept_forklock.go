//go:build darwin || netbsd || openbsd

package netpoll

import (
	"syscall"

	"golang.org/x/sys/unix"
)

const acceptCall = "accept"

// accept has no accept4 here (x/sys lacks it on NetBSD and OpenBSD, Darwin
// lacks it altogether), so it sets close-on-exec under syscall.ForkLock,
// as the net package does, lest a concurrent fork and exec inherit the fd.
func accept(fd int) (int, unix.Sockaddr, error) {
	syscall.ForkLock.RLock()
	nfd, sa, err := unix.Accept(fd)
	if err == nil {
		unix.CloseOnExec(nfd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, nil, err
	}
	if err := unix.SetNonblock(nfd, true); err != nil {
		unix.Close(nfd)
		return -1, nil, err
	}
	return nfd, sa, nil
}
