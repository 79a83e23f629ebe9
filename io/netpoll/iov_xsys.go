//go:build linux || darwin || openbsd

package netpoll

import "golang.org/x/sys/unix"

// x/sys builds the iovecs on the stack for up to eight buffers and tells
// the race detector about the kernel's reads and writes.

func readv(fd int, bufs [][]byte) (int, error) { return unix.Readv(fd, bufs) }

func writev(fd int, bufs [][]byte) (int, error) { return unix.Writev(fd, bufs) }
