// Package leaks holds the goleak options of the bench module's tests.
package leaks

import (
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/leakcheck"
)

// Options returns actorio's own goleak options, which ignore the two
// goroutines that ants starts for its package-level default pool on
// import, plus the goroutines that protoactor-go may leave behind.
//
// protoactor-go's dead-letter throttle (actor.NewThrottle, used by
// actor.NewDeadLetter for every system) starts a goroutine at the first
// dead letter of each period and lets it sleep out the period, one second
// by default, with no way to stop it: ActorSystem.Shutdown only closes a
// channel. The suite fails a protoactor run that produces a dead letter,
// so none should be left, but a failing run must not also fail the leak
// check on a goroutine that ends by itself. goleak v1.3.0 matches whole
// function names only, so each name the compiler may give that closure is
// listed.
func Options() []goleak.Option {
	opts := leakcheck.Options()
	for _, fn := range []string{
		"github.com/asynkron/protoactor-go/actor.NewThrottle.func1.1",
		"github.com/asynkron/protoactor-go/actor.NewThrottleWithLogger.func1.1",
		"github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1",
	} {
		opts = append(opts, goleak.IgnoreAnyFunction(fn))
	}
	return opts
}
