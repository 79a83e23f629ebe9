package reactor

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/actor"
)

// ListenerInfo describes one Listener of a Reactor, as Listeners reports
// it.
type ListenerInfo struct {
	Addr net.Addr  // as Listener.Addr
	PID  actor.PID // the Listener's actor, parent of its connections
	// Loop is the index of the event loop the listening socket is
	// registered with, or -1 on the portable engine (TLS, or a
	// net.Listener that is not TCP or Unix).
	Loop     int
	TLS      bool      // WithTLS: its connections run TLS as servers
	Opened   time.Time // when its actor started
	Accepted uint64    // connections it has accepted so far
}

// listenerEntry is a Listener as Listeners sees it: info is set before
// the entry is added and not changed after, accepted counts on.
type listenerEntry struct {
	info     ListenerInfo
	accepted atomic.Uint64
}

// newListenerEntry makes the entry of a listener on addr, on loop l or
// (nil) the portable engine.
func newListenerEntry(addr net.Addr, l *loop, o *connConfig) *listenerEntry {
	e := &listenerEntry{info: ListenerInfo{Addr: addr, Loop: -1, TLS: o.TLS != nil}}
	if l != nil {
		e.info.Loop = l.id
	}
	return e
}

// listenerSet is the Reactor's live listeners: each adds itself once its
// actor has started and removes itself when it stops.
type listenerSet struct {
	mu sync.Mutex
	m  map[*listenerEntry]struct{}
}

// add lists e as the listener of actor pid; the listener's actor calls it
// from Started.
func (s *listenerSet) add(e *listenerEntry, pid actor.PID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[*listenerEntry]struct{})
	}
	e.info.PID, e.info.Opened = pid, time.Now()
	s.m[e] = struct{}{}
}

func (s *listenerSet) remove(e *listenerEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, e)
}

// Listeners returns the Reactor's live Listeners, in no particular order:
// those whose actor has started and not stopped. It is safe to call from
// any goroutine and costs time in proportion to the Listeners.
func (r *Reactor) Listeners() []ListenerInfo {
	s := &r.listeners
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ListenerInfo, 0, len(s.m))
	for e := range s.m {
		info := e.info
		info.Accepted = e.accepted.Load()
		out = append(out, info)
	}
	return out
}
