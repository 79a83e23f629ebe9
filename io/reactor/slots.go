package reactor

import (
	"sync"
	"sync/atomic"
	"time"

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
//
// Each slot also keeps what Reactor.Connections reports of a connection
// registered in it (slotStat): 16 bytes a slot, so that Conn itself grows
// by nothing.
type slotTable struct {
	chunks [slotChunk]atomic.Pointer[slotBlock]

	mu   sync.Mutex
	gens []uint32 // last generation handed out, by index
	free []uint32
}

// slotBlock is one chunk of a slotTable: its registrations, and beside
// them their slotStats.
type slotBlock struct {
	regs  [slotChunk]atomic.Pointer[pollReg]
	stats [slotChunk]slotStat
}

// slotStat is what Reactor.Connections reads of the registration in a
// slot without asking its actor: when it was registered, and, for a
// connection, its buffered input and queued output as its actor last
// published them (Conn.publish).
type slotStat struct {
	sizes  atomic.Uint64 // packSizes, or sizesClosed once the actor has stopped
	opened int64         // Unix nanoseconds of the alloc; mu guards it
}

// alloc stores r in a free slot and sets r.tok to the token naming it.
// It reports false when the table is full.
func (t *slotTable) alloc(r *pollReg) bool {
	now := time.Now().UnixNano()
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
			t.chunks[idx/slotChunk].Store(new(slotBlock))
		}
	}
	st := t.stat(idx)
	st.opened = now
	st.sizes.Store(0)
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
	r := c.regs[idx%slotChunk].Load()
	if r == nil || r.tok != tok {
		return nil
	}
	return r
}

func (t *slotTable) slot(idx uint32) *atomic.Pointer[pollReg] {
	return &t.chunks[idx/slotChunk].Load().regs[idx%slotChunk]
}

func (t *slotTable) stat(idx uint32) *slotStat {
	return &t.chunks[idx/slotChunk].Load().stats[idx%slotChunk]
}

// sizes returns where the connection registered as r publishes its
// sizes, or nil if r holds no slot (any more).
func (t *slotTable) sizes(r *pollReg) *atomic.Uint64 {
	tok := r.tok
	if tok == netpoll.NoToken {
		return nil
	}
	idx := tok.Index()
	c := t.chunks[(idx/slotChunk)%slotChunk].Load()
	if c == nil || c.regs[idx%slotChunk].Load() != r {
		return nil
	}
	return &c.stats[idx%slotChunk].sizes
}

// appendConns appends to out the stream connections registered in chunk
// ch of the table, those whose actor has not stopped, as Connections
// reports them for loop l; more is false past the last chunk. It holds
// mu for one chunk, so that registering on the loop waits for at most
// 1,024 slots' worth of copying.
func (t *slotTable) appendConns(out []ConnInfo, ch int, l *loop) (_ []ConnInfo, more bool) {
	if ch >= slotChunk {
		return out, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.chunks[ch].Load()
	if c == nil {
		return out, false
	}
	for i := range c.regs {
		r := c.regs[i].Load()
		if r == nil {
			continue
		}
		if _, ok := r.p.(streamPollable); !ok {
			continue // a listener or a datagram socket
		}
		st := &c.stats[i]
		sizes := st.sizes.Load()
		if sizes == sizesClosed {
			continue // closed, still writing its last output
		}
		out = append(out, ConnInfo{
			Loop:   l.id,
			Opened: time.Unix(0, st.opened),
			ref:    connRef{l: l, reg: r, tok: r.tok},
		}.withSizes(sizes))
	}
	return out, true
}
