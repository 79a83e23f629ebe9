package actor

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
)

// cell is the part of an actor that does not depend on its message type:
// identity, place in the tree, and the rarely used extras.
type cell struct {
	sys        *System
	parent     *cell
	self       process
	prev, next *cell // siblings, guarded by parent's extras.mu
	ext        atomic.Pointer[extras]
	id         atomic.Uint32 // for paths; assigned when first needed
	// flags is the turn state. Only the actor's turn writes it; it is
	// atomic so that Snapshot may read it from elsewhere (writes are rare:
	// start, stop, restart, stash).
	flags atomic.Uint32
}

// flags is the turn state of an actor.
type flags uint32

const (
	fStarted    flags = 1 << iota // the Started hook ran for this instance
	fStopping                     // stopping its children before closing
	fRestarting                   // stopping its children before restarting
	fClosed                       // closed: its mailbox belongs to drainers
	fStashReq                     // the handler asked to stash its message
	fDedicated                    // runs on a goroutine of its own
	// The bits from hostShift up hold a Host's number between RaiseHere's
	// claim and the start of its turn (see host_turn.go).
)

func (c *cell) is(f flags) bool { return flags(c.flags.Load())&f != 0 }

// set changes flags; only the actor's turn calls it, so a load and a store
// suffice.
func (c *cell) set(f flags, on bool) {
	old := flags(c.flags.Load())
	v := old &^ f
	if on {
		v = old | f
	}
	if v != old {
		c.flags.Store(uint32(v))
	}
}

// pathID returns the actor's number for its path, assigning one the first
// time, so that spawning costs no shared counter. Numbers are 32 bits and
// repeat only after four billion actors have been printed.
func (c *cell) pathID() uint32 {
	if id := c.id.Load(); id != 0 {
		return id
	}
	c.id.CompareAndSwap(0, c.sys.ids.Add(1))
	return c.id.Load()
}

// process is what other actors and the system need from an actor of any
// message type.
type process interface {
	postSystem(m any)
	// observe fills in what Snapshot reports about the actor's mailbox
	// and message type, reading only atomic state.
	observe(info *ActorInfo)
	// mailboxLen estimates the queued user messages (inbox.Mailbox.Len).
	mailboxLen() int
}

// extras holds what most actors never need, so that an idle actor stays
// small. It is allocated on first use.
type extras struct {
	mu        sync.Mutex // guards children, nchildren, sealed
	children  *cell      // first child
	nchildren int
	sealed    bool // stopping: no new children

	name       string
	strategy   *Strategy     // supervises this actor's children
	restarts   restartStats  // this actor's restarts, kept by its parent
	nrestarts  atomic.Uint32 // restarts completed, for Snapshot
	nwatchers  atomic.Int32  // len(watchers), for Snapshot
	escalated  *cell         // child whose failure this actor escalated
	stopReason error         // why this actor stopped, for Terminated

	watchers map[*cell]struct{}         // actors watching this one
	watching map[*cell]func(Terminated) // actors this one watches

	ctx    context.Context // cancelled when the actor stops
	cancel context.CancelFunc

	timers *timerState // the actor's own timers, made on first use (timers.go)

	cleanups []func() // Context.Cleanup's, for the current instance

	labels context.Context // pprof labels, made on the first turn (profile.go)
}

func (c *cell) extras() *extras {
	if x := c.ext.Load(); x != nil {
		return x
	}
	c.ext.CompareAndSwap(nil, new(extras))
	return c.ext.Load()
}

func (c *cell) name() string {
	if x := c.ext.Load(); x != nil {
		return x.name
	}
	return ""
}

// path returns the actor's place in the tree, such as "/parent/$12".
func (c *cell) path() string {
	if x, ok := c.self.(*externalCell); ok {
		return x.e.String()
	}
	if c.parent == nil {
		return "/"
	}
	seg := c.name()
	if seg == "" {
		seg = "$" + strconv.FormatUint(uint64(c.pathID()), 10)
	}
	if c.parent.parent == nil {
		return "/" + seg
	}
	return c.parent.path() + "/" + seg
}

// addChild links child under c. It reports false if c is stopping.
func (c *cell) addChild(child *cell) bool {
	x := c.extras()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.sealed {
		return false
	}
	child.next = x.children
	if x.children != nil {
		x.children.prev = child
	}
	x.children = child
	x.nchildren++
	return true
}

// leave unlinks child, which has closed, and reports whether c must be
// told: when it was the last child of c and c waits for its children to
// stop, for its own stop or a restart. c's turn sets those flags before
// it takes the children's lock to list them, and leave reads them under
// that lock, so the last child to leave after the listing sees them. It
// does nothing and reports false if child was already removed.
func (c *cell) leave(child *cell) bool {
	x := c.extras()
	x.mu.Lock()
	defer x.mu.Unlock()
	if child.prev == nil && x.children != child {
		return false
	}
	if child.prev != nil {
		child.prev.next = child.next
	} else {
		x.children = child.next
	}
	if child.next != nil {
		child.next.prev = child.prev
	}
	child.prev, child.next = nil, nil
	x.nchildren--
	return x.nchildren == 0 && (c.is(fStopping) || c.is(fRestarting))
}

// childCount returns how many children c has.
func (c *cell) childCount() int {
	x := c.ext.Load()
	if x == nil {
		return 0
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.nchildren
}

// childList returns c's children; seal also forbids new ones. An actor
// without extras has no children, and only its own turn can add one
// (spawn checks that it is not stopping), so it needs no seal.
func (c *cell) childList(seal bool) []*cell {
	x := c.ext.Load()
	if x == nil {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if seal {
		x.sealed = true
	}
	if x.nchildren == 0 {
		return nil
	}
	out := make([]*cell, 0, x.nchildren)
	for k := x.children; k != nil; k = k.next {
		out = append(out, k)
	}
	return out
}

func (c *cell) isChild(k *cell) bool {
	return k != nil && k.parent == c
}
