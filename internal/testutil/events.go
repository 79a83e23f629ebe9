package testutil

import (
	"testing"

	"github.com/actorio/actorio/actor"
)

// DeadLetters collects the dead letters published on sys from now on into
// a channel, which closes when sys shuts down.
func DeadLetters(t testing.TB, sys *actor.System) <-chan actor.DeadLetter {
	t.Helper()
	sub := sys.Subscribe(1024)
	out := make(chan actor.DeadLetter, 1024)
	go func() {
		defer close(out)
		for e := range sub.C() {
			if d, ok := e.(actor.DeadLetter); ok {
				out <- d
			}
		}
	}()
	return out
}
