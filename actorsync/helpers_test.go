package actorsync_test

import (
	"context"
	"testing"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
)

// waitFor bounds waits that only a bug would reach.
const waitFor = testutil.Guard

func newSystem(t *testing.T) *actor.System { return testutil.NewSystem(t) }

func await[T any](t *testing.T, f interface {
	Await(ctx context.Context) (T, error)
}) (T, error) {
	t.Helper()
	return testutil.Await[T](t, f)
}
