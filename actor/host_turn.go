package actor

import (
	"context"
	"runtime/pprof"
)

// Handing a turn the Signal raised for it
//
// RaiseHere runs an idle actor's turn on the calling goroutine, its Host,
// with the raised Signal first. The turn is the ordinary one (proc.turn,
// which dispatcher workers and dedicated goroutines run too): it takes no
// Signal as a parameter, and no system message brings it, which would
// cost an allocation per socket event. Nor does the actor keep it in a
// field, which would cost every actor 16 bytes (an idle one takes 128)
// for the few that Hosts run. The Host holds it, as Go's runtime keeps
// the goroutine to run next on the P that will run it:
//
//  1. runHere claims the idle mailbox (inbox.Claim): until the turn
//     ends, no other goroutine runs the actor or writes its turn state,
//     its flags included.
//  2. It puts the Signal in the Host's held, and the Host's number in the
//     top bits of the actor's flags, and runs the turn.
//  3. The turn begins with takeHeld: finding a number in its flags, it
//     clears it and takes the Signal from that Host, the goroutine running
//     it. Once the actor has started, it runs the Signal with signalled,
//     as processSystem runs one that Raise queued: counted as a message,
//     deferred while the actor is suspended, dropped while it stops.
//
// The top bits are zero at any other time, so any other turn pays one
// load of its flags and a test. A Host serves actors of every message
// type, so it holds the Signal behind a one-method interface (heldSignal)
// and the turn reaches the typed handler through that call, with no type
// assertion. A Host is numbered, from 1, while it is open, and a closed
// Host's number serves the next one; a Host opened while maxHosts are
// numbered has none, and its RaiseHere posts the Signal as Raise does, as
// it does for an actor that is busy, closed or has a goroutine of its own.
// No step waits for anything, so none can deadlock.

// hostShift places a Host's number in an actor's flags, above the flag
// bits; maxHosts is the largest number.
const (
	hostShift = 16
	maxHosts  = 1<<(32-hostShift) - 1
)

// A heldSignal is a raised *Signal[M] held by a Host for the turn of its
// actor: a Host serves actors of every message type. deliver runs
// signalled for it and returns its count.
type heldSignal interface{ deliver() int }

func (s *Signal[M]) deliver() int { return s.p.signalled(s) }

// runHere runs p's turn here, on Host h, with s held for it, if p was
// idle; otherwise it posts s as Raise does. It reports whether h is still
// the caller's (see RaiseHere).
func (p *proc[M]) runHere(h *Host, s *Signal[M]) bool {
	if h.num == 0 || p.is(fDedicated) || !p.mb.Claim() {
		p.postSystem(s) // no number, its own goroutine, busy, or closed
		return true
	}
	h.held = s
	p.flags.Store(p.flags.Load() | h.num<<hostShift)
	if p.sys.opts.ProfilerLabels {
		pprof.SetGoroutineLabels(p.labels())
		defer pprof.SetGoroutineLabels(context.Background())
	}
	h.enter(&p.cell)
	more := p.turn(nil)
	kept := h.leave()
	if more {
		p.Schedule()
	}
	return kept
}

// takeHeld returns the Signal that the Host running this turn holds for
// it, clearing the Host's number from the actor's flags, or nil if the
// turn is not runHere's. The turn calls it first.
func (p *proc[M]) takeHeld() heldSignal {
	f := p.flags.Load()
	if f>>hostShift == 0 {
		return nil
	}
	p.flags.Store(f & (1<<hostShift - 1))
	h := p.sys.hosts.numbered(f >> hostShift)
	s := h.held
	h.held = nil
	return s
}
