//go:build !amd64

package workerid

func onStack(target uintptr) bool { return callersOnStack(target) }
