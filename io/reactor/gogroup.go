package reactor

import "sync"

// goGroup counts goroutines, as sync.WaitGroup does, but lets a waiter
// give up: idle returns a channel that is closed once the count is zero.
type goGroup struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0; nil while n is 0
}

// Add adds k goroutines.
func (g *goGroup) Add(k int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.zero = make(chan struct{})
	}
	g.n += k
}

// Done ends one goroutine.
func (g *goGroup) Done() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n--; g.n == 0 {
		close(g.zero)
		g.zero = nil
	}
}

// idle returns a channel that is closed once no goroutine is counted.
func (g *goGroup) idle() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		return closedChan
	}
	return g.zero
}

var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()
