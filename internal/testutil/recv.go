package testutil

import (
	"testing"
	"time"
)

// Recv receives from ch, failing the test if nothing comes within Guard.
// what names the awaited event in the failure.
func Recv[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(Guard):
		t.Fatalf("timed out after %v waiting for %s", Guard, what)
		var zero T
		return zero
	}
}
