package testutil

import (
	"context"
	"testing"

	"github.com/actorio/actorio/actor"
)

// NewSystem returns a System with opts that shuts down, and must shut down
// cleanly within Guard, when the test ends.
func NewSystem(t testing.TB, opts ...actor.Option) *actor.System {
	t.Helper()
	sys, err := actor.NewSystem(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), Guard)
		defer cancel()
		if err := sys.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return sys
}

// Await waits for f within Guard.
func Await[T any](t testing.TB, f interface {
	Await(context.Context) (T, error)
}) (T, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Guard)
	defer cancel()
	return f.Await(ctx)
}
