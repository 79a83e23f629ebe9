//go:build !unix

package echo

import (
	"errors"
	"time"
)

// cpuTime fails: the echo server's CPU time is read with getrusage, which
// only Unix systems have.
func cpuTime() (time.Duration, error) {
	return 0, errors.New("echo: no getrusage on this system")
}
