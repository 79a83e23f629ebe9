//go:build !unix

package echo

// raiseFileLimit does nothing where there is no RLIMIT_NOFILE.
func raiseFileLimit() error { return nil }
