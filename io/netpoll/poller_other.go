//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package netpoll

import (
	"fmt"
	"runtime"
	"time"
)

// backend is the stub for platforms without epoll or kqueue: New fails,
// so no other method is ever reached.
type backend struct{}

func (*backend) open(int) error {
	return fmt.Errorf("netpoll: no epoll or kqueue on %s: %w", runtime.GOOS, ErrUnsupported)
}

func (*backend) add(int, Interest, Token) error    { return ErrUnsupported }
func (*backend) modify(int, Interest, Token) error { return ErrUnsupported }
func (*backend) remove(int) error                  { return ErrUnsupported }
func (*backend) wake() error                       { return ErrUnsupported }
func (*backend) close() error                      { return ErrUnsupported }

func (*backend) wait([]Event, time.Duration) (int, bool, error) {
	return 0, false, ErrUnsupported
}
