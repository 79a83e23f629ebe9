package dispatch

// Current returns the worker whose loop is the calling goroutine, or nil.
func (d *Dispatcher) Current() *Worker { return d.byG.current() }
