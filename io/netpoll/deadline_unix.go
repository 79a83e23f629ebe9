//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll

import "time"

// A deadline carries a Wait's timeout across EINTR retries. It reads the
// clock only for a positive timeout.
type deadline struct {
	timeout time.Duration
	at      time.Time
}

func newDeadline(timeout time.Duration) deadline {
	d := deadline{timeout: timeout}
	if timeout > 0 {
		d.at = time.Now().Add(timeout)
	}
	return d
}

// left returns the timeout for the next attempt: negative for forever, and
// ok false once a positive timeout has run out.
func (d deadline) left() (timeout time.Duration, ok bool) {
	if d.timeout <= 0 {
		return d.timeout, true
	}
	rem := time.Until(d.at)
	return rem, rem > 0
}
