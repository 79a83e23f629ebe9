package workerid

// onStack reports whether a frame of the calling goroutine returns to a or
// to b, following the frame-pointer chain. Implemented in stack_amd64.s.
//
//go:noescape
func onStack(a, b uintptr) bool
