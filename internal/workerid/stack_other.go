//go:build !amd64

package workerid

func onStack(a, b uintptr) bool { return callersOnStack(a, b) }
