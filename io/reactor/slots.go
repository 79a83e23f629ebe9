package reactor

import (
	"sync"
	"sync/atomic"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/netpoll"
)

// A raiser raises the actor.Signal of a socket's actor (Signal.Raise),
// from any goroutine, for the parts of the package that do not know the
// actor's message type: Conn, PacketConn, the portable engine's
// goroutines and the timers.
type raiser interface {
	raise(flags uint32)
}

// A pollable is what a loop's slot holds: the actor of something
// registered with the loop's poller (a connection, a listener, a datagram
// socket), which wants its events on the loop goroutine, and through
// which the rest of the package raises its Signal.
type pollable interface {
	raiser
	// pollEvent handles one event; it must not block. It may run a turn
	// on h, the calling goroutine's Host, and reports false if h was
	// retired meanwhile (see loop).
	pollEvent(h *actor.Host, ev netpoll.Event) bool
}

// A pollReg is one registration with a loop: its token and its owner,
// which embeds it, so that registering allocates nothing.
type pollReg struct {
	tok netpoll.Token // netpoll.NoToken while not registered
	p   pollable      // on an io_uring loop, a connection's is its ustream
}

// slotChunk is the number of slots per chunk of a slotTable.
const slotChunk = 1024

// slotTable maps the index of a Token to the registration it names. The
// loop looks slots up without a lock; chunks never move once made, so a
// slot's address is stable. Alloc and release take mu.
type slotTable struct {
	chunks [slotChunk]atomic.Pointer[[slotChunk]atomic.Pointer[pollReg]]

	mu   sync.Mutex
	gens []uint32 // last generation handed out, by index
	free []uint32
}

// alloc stores r in a free slot and sets r.tok to the token naming it.
// It reports false when the table is full.
func (t *slotTable) alloc(r *pollReg) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	var idx uint32
	if n := len(t.free); n > 0 {
		idx = t.free[n-1]
		t.free = t.free[:n-1]
	} else {
		idx = uint32(len(t.gens))
		if idx >= slotChunk*slotChunk {
			return false
		}
		t.gens = append(t.gens, 0)
		if idx%slotChunk == 0 {
			t.chunks[idx/slotChunk].Store(new([slotChunk]atomic.Pointer[pollReg]))
		}
	}
	t.gens[idx]++
	gen := t.gens[idx]
	if gen == ^uint32(0) { // keep clear of netpoll.NoToken
		t.gens[idx], gen = 1, 1
	}
	r.tok = netpoll.MakeToken(idx, gen)
	t.slot(idx).Store(r) // publishes r.tok to the loop
	return true
}

// release frees the slot of r, which no longer names a registration;
// events still carrying its token are dropped.
func (t *slotTable) release(r *pollReg) {
	tok := r.tok
	if tok == netpoll.NoToken {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if s := t.slot(tok.Index()); s.Load() == r {
		s.Store(nil)
		t.free = append(t.free, tok.Index())
	}
}

// lookup returns the owner of tok, or nil if tok is stale.
func (t *slotTable) lookup(tok netpoll.Token) pollable {
	if r := t.lookupReg(tok); r != nil {
		return r.p
	}
	return nil
}

// lookupReg returns the registration tok names, or nil if tok is stale.
func (t *slotTable) lookupReg(tok netpoll.Token) *pollReg {
	idx := tok.Index()
	c := t.chunks[(idx/slotChunk)%slotChunk].Load()
	if c == nil {
		return nil
	}
	r := c[idx%slotChunk].Load()
	if r == nil || r.tok != tok {
		return nil
	}
	return r
}

func (t *slotTable) slot(idx uint32) *atomic.Pointer[pollReg] {
	return &t.chunks[idx/slotChunk].Load()[idx%slotChunk]
}
