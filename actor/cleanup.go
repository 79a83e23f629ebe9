package actor

// Cleanup registers fn to run when this instance of the actor ends: when
// the actor stops, or restarts after a failure, whichever comes first. It
// is how an actor ties something it holds to its own life, as
// testing.T.Cleanup ties it to a test's: a semaphore permit, a
// subscription, a connection, released exactly once even when a handler
// panics.
//
// The functions run on the actor's turn, last registered first: when it
// stops, after its Stopping hook (and those registered later, after its
// Stopped hook); when it restarts, after its Restarting hook, before the
// new instance starts. A panic in one is recovered and logged, and the
// others still run. Like every Context method, Cleanup may only be
// called while the actor handles a message or runs a hook.
func (c *Context[M]) Cleanup(fn func()) {
	x := c.proc().extras()
	x.cleanups = append(x.cleanups, fn)
}

// runCleanups runs and forgets the functions given to Cleanup, last
// first. Called on the actor's turn as its instance ends.
func (p *proc[M]) runCleanups() {
	x := p.ext.Load()
	if x == nil {
		return
	}
	for len(x.cleanups) > 0 {
		fn := x.cleanups[len(x.cleanups)-1]
		x.cleanups = x.cleanups[:len(x.cleanups)-1]
		func() {
			defer func() {
				if v := recover(); v != nil {
					p.sys.log.Error("actorio: a cleanup panicked", "actor", p.path(), "panic", v)
				}
			}()
			fn()
		}()
	}
	x.cleanups = nil
}
