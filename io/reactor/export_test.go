package reactor

// GoGroup exposes goGroup to the tests.
type GoGroup = goGroup

// Idle returns g.idle().
func Idle(g *GoGroup) <-chan struct{} { return g.idle() }
