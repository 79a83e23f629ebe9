package reactor

import "unsafe"

// GoGroup exposes goGroup to the tests.
type GoGroup = goGroup

// Idle returns g.idle().
func Idle(g *GoGroup) <-chan struct{} { return g.idle() }

// ConnActorSize is the size of a connection's actor, Conn included: with
// the actor's own state, all that an idle connection holds on the heap.
const ConnActorSize = unsafe.Sizeof(connActor[struct{}]{})

// UringAvailable reports why the loops cannot run on io_uring here, or
// nil.
func UringAvailable() error { return EngineUring.Available() }

// ForceUringUnavailable makes the io_uring probe fail with err, and the
// reason be logged again, until the returned function restores both.
func ForceUringUnavailable(err error) (restore func()) {
	saved := uringProbe
	uringProbe = func() error { return err }
	uringFallbackLogged.Store(false)
	return func() { uringProbe = saved; uringFallbackLogged.Store(false) }
}
