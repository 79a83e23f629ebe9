//go:build !linux

package uring

// Ring is unavailable on this platform.
type Ring struct{}

// New returns ErrUnsupported: io_uring is Linux's.
func New(entries uint32) (*Ring, error) { return nil, ErrUnsupported }
