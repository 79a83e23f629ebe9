//go:build amd64 || arm64

package workerid

// G returns an identity of the calling goroutine: the address of the
// runtime's record of it, read in about a nanosecond. It is stable while
// the goroutine lives and may be given to another goroutine after it
// exits, so a holder must forget it before its goroutine ends. It is
// never 0 on amd64 and arm64; elsewhere G returns 0, meaning unknown.
func G() uintptr
