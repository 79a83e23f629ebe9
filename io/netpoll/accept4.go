//go:build linux || freebsd || dragonfly

package netpoll

import "golang.org/x/sys/unix"

const acceptCall = "accept4"

// accept sets close-on-exec and non-blocking atomically with accept4.
func accept(fd int) (int, unix.Sockaddr, error) {
	return unix.Accept4(fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
}
