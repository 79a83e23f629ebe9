//go:build unix

package echo

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time of this process, all
// threads included, from getrusage.
func cpuTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
