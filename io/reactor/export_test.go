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
func UringAvailable() error { return uringProbe() }
