//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package netpoll

import (
	"net"
	"syscall"
)

// The socket helpers exist everywhere so that code using them compiles on
// every platform; where there is no Poller they fail with ErrUnsupported.

// FD returns -1 and [ErrUnsupported] on this platform.
func FD(syscall.RawConn) (int, error) { return -1, ErrUnsupported }

// Readv returns 0 and [ErrUnsupported] on this platform.
func Readv(int, [][]byte) (int, error) { return 0, ErrUnsupported }

// Writev returns 0 and [ErrUnsupported] on this platform.
func Writev(int, [][]byte) (int, error) { return 0, ErrUnsupported }

// Accept returns -1 and [ErrUnsupported] on this platform.
func Accept(int) (int, net.Addr, error) { return -1, nil, ErrUnsupported }

// Read returns 0 and [ErrUnsupported] on this platform.
func Read(int, []byte) (int, error) { return 0, ErrUnsupported }

// Write returns 0 and [ErrUnsupported] on this platform.
func Write(int, []byte) (int, error) { return 0, ErrUnsupported }

// CloseWrite returns [ErrUnsupported] on this platform.
func CloseWrite(int) error { return ErrUnsupported }

// Close returns [ErrUnsupported] on this platform.
func Close(int) error { return ErrUnsupported }

// RecvFrom returns 0, nil and [ErrUnsupported] on this platform.
func RecvFrom(int, []byte) (int, net.Addr, error) { return 0, nil, ErrUnsupported }

// SendTo returns [ErrUnsupported] on this platform.
func SendTo(int, []byte, net.Addr) error { return ErrUnsupported }
