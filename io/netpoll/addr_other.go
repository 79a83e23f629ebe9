//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package netpoll

import "net"

// LocalAddr returns nil: this platform has no poller (see ErrUnsupported).
func LocalAddr(int) net.Addr { return nil }

// RemoteAddr returns nil: this platform has no poller (see ErrUnsupported).
func RemoteAddr(int) net.Addr { return nil }

// SetNoDelay returns an error wrapping ErrUnsupported: this platform has
// no poller.
func SetNoDelay(int, bool) error { return ErrUnsupported }

// SetBuffers returns an error wrapping ErrUnsupported: this platform has
// no poller.
func SetBuffers(int, int, int) error { return ErrUnsupported }
