//go:build unix

package echo

import "syscall"

// raiseFileLimit raises this process's soft limit on open files to the
// hard limit: 10,000 connections need about as many descriptors on each
// side.
func raiseFileLimit() error {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return err
	}
	if l.Cur >= l.Max {
		return nil
	}
	l.Cur = l.Max
	return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
}
