package embedded

import "net"

// This file holds the routeProxy state that block, relay and close share;
// see proxy.go for how it is used.

// track records an accepted connection, with src -1 until its source is
// known. It reports false if the proxy is closed.
func (p *routeProxy) track(c net.Conn, src int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = src
	return true
}

// register records that in, from member src, is relayed over out. It
// reports false if the proxy is closed or routes with src are cut.
func (p *routeProxy) register(src int, in, out net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || p.blockedLocked(src) {
		return false
	}
	p.conns[in] = src
	p.conns[out] = src
	return true
}

// drop forgets and closes a relayed connection pair; out may be nil.
func (p *routeProxy) drop(in, out net.Conn) {
	p.mu.Lock()
	delete(p.conns, in)
	if out != nil {
		delete(p.conns, out)
	}
	p.mu.Unlock()
	in.Close()
	if out != nil {
		out.Close()
	}
}

// block sets which members' routes are cut, nil for none, and closes the
// connections of the members now cut. blocked is kept: it must not be
// modified afterwards.
func (p *routeProxy) block(blocked []bool) {
	p.mu.Lock()
	p.blocked = blocked
	var cut []net.Conn
	for c, src := range p.conns {
		if src >= 0 && p.blockedLocked(src) {
			cut = append(cut, c)
			delete(p.conns, c)
		}
	}
	p.mu.Unlock()
	for _, c := range cut {
		c.Close()
	}
}

// isBlocked reports whether routes with member src are cut.
func (p *routeProxy) isBlocked(src int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.blockedLocked(src)
}

// blockedLocked is isBlocked with p.mu held.
func (p *routeProxy) blockedLocked(src int) bool {
	return src < len(p.blocked) && p.blocked[src]
}

// close stops the proxy: it cancels dials, closes the listener and every
// connection, and waits for the proxy's goroutines to end. It is
// idempotent.
func (p *routeProxy) close() {
	p.mu.Lock()
	closed := p.closed
	p.closed = true
	conns := p.conns
	p.conns = map[net.Conn]int{}
	p.mu.Unlock()
	if !closed {
		p.cancel()
		p.ln.Close()
		for c := range conns {
			c.Close()
		}
	}
	p.wg.Wait()
}
