//go:build !unix

package proc

import (
	"errors"
	"time"
)

// CPUTime fails: a child's CPU time is read with getrusage, which only
// Unix systems have.
func CPUTime() (time.Duration, error) {
	return 0, errors.New("proc: no getrusage on this system")
}

// RaiseFileLimit does nothing where there is no RLIMIT_NOFILE.
func RaiseFileLimit() error { return nil }
