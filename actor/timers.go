package actor

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/internal/ilist"
	"github.com/actorio/actorio/timer"
)

// Timer is a message that an actor scheduled for itself with
// [Context.After]. It belongs to the actor instance that made it: when the
// actor stops or restarts, the timer is cancelled.
type Timer struct{ st selfTimer }

// Stop cancels the timer's message and reports whether the call did so:
// true if the message had not been handed to the actor's Receive yet,
// whether it was still waiting for its deadline or already queued in the
// mailbox; the actor will then never receive it. It returns false if the
// message was handled (or dead-lettered) already, or the timer had been
// stopped, or cancelled because the actor stopped or restarted. This is
// time.Timer's Stop as Go 1.23 defines it for channel timers: no stale
// message arrives after a Stop. Stop never blocks and is safe to call from
// any goroutine.
func (t *Timer) Stop() bool { return t.st.cancel() }

// Ticker sends a message to the actor that made it with [Context.Every],
// every period, until it is stopped or the actor stops or restarts.
type Ticker struct{ st selfTimer }

// Stop stops the ticker and reports whether the call did so: false if it
// had been stopped already, or cancelled because the actor stopped or
// restarted. Ticks already queued in the mailbox are discarded: the actor
// receives none after Stop returns. Stop never blocks and is safe to call
// from any goroutine.
func (k *Ticker) Stop() bool { return k.st.cancel() }

// After sends msg to the actor itself once d has elapsed, on the system's
// timer wheel (see System.Timers for its accuracy), and returns a Timer
// that can cancel it. The message is queued like any other message of the
// actor; it is subject to the mailbox's overflow policy, and dead-lettered
// if it is refused.
//
// The timer is cancelled when the actor stops or restarts, so the message
// never reaches a later instance and never becomes a dead letter of a
// stopped actor. Called while the actor is stopping or restarting (from a
// Stopping, Stopped or Restarting hook), After schedules nothing and
// returns a Timer that is already stopped.
//
// A message that the actor stashes with Stash is set free from its timer:
// it is then an ordinary stashed message, which Stop no longer recalls.
func (c *Context[M]) After(d time.Duration, msg M) *Timer {
	p := c.proc()
	t := &afterTimer[M]{p: p}
	t.st.init(kindOnce)
	if ts := p.timerState(); ts != nil {
		ts.add(&t.st)
		t.st.wheel = timer.SendAfter(p.sys.timers, t, d, msg)
	} else {
		t.st.state.Store(stCancelled)
	}
	return &t.Timer
}

// Every sends msg to the actor itself every period, the first time one
// period from now, and returns a Ticker to stop it. Late ticks follow the
// MissedTickBehavior in opts (Burst by default); see package timer. Ticks
// are queued like any message, so an actor slower than its ticker falls
// behind by as many ticks as its mailbox admits.
//
// The ticker is cancelled when the actor stops or restarts; its queued
// ticks are then discarded rather than dead-lettered. Called while the
// actor is stopping or restarting, Every schedules nothing and returns a
// Ticker that is already stopped. Every panics if period is not positive.
func (c *Context[M]) Every(period time.Duration, msg M, opts ...timer.IntervalOption) *Ticker {
	if period <= 0 {
		panic("actor: non-positive period for Every")
	}
	p := c.proc()
	k := &everyTimer[M]{p: p}
	k.st.init(kindEvery)
	if ts := p.timerState(); ts != nil {
		ts.add(&k.st)
		k.st.wheel = timer.SendEvery(p.sys.timers, k, period, msg, opts...)
	} else {
		k.st.state.Store(stCancelled)
	}
	return &k.Ticker
}

// timerState returns the actor's timer bookkeeping, allocating it on first
// use, or nil if the actor is stopping or restarting and takes no timers.
// Called on the actor's turn.
func (p *proc[M]) timerState() *timerState {
	if p.is(fStopping) || p.is(fClosed) || p.is(fRestarting) {
		return nil
	}
	x := p.extras()
	if x.timers == nil {
		x.timers = new(timerState)
	}
	return x.timers
}

// cancelTimers cancels all the actor's timers, when it begins to stop or
// restart. Called on the actor's turn.
func (c *cell) cancelTimers() {
	if x := c.ext.Load(); x != nil && x.timers != nil {
		x.timers.cancelAll()
	}
}

// timerState is an actor's timer bookkeeping, in its extras: the After
// and Every timers that may still deliver, and the receive timeout.
type timerState struct {
	mu     sync.Mutex // guards the list: Stop and dead-lettering may run anywhere
	timers ilist.List[selfTimer, *selfTimer]
	idle   *idleTimer // touched only on the actor's turn
}

func (ts *timerState) add(t *selfTimer) {
	t.set = ts
	ts.mu.Lock()
	ts.timers.Push(t)
	ts.mu.Unlock()
}

// remove unlinks t; it does nothing if t is not linked.
func (ts *timerState) remove(t *selfTimer) {
	ts.mu.Lock()
	ts.timers.Remove(t)
	ts.mu.Unlock()
}

func (ts *timerState) cancelAll() {
	if ts.idle != nil {
		ts.idle.st.cancel()
		ts.idle = nil
	}
	ts.mu.Lock()
	for t := ts.timers.Pop(); t != nil; t = ts.timers.Pop() {
		if t.state.CompareAndSwap(stArmed, stCancelled) {
			t.wheel.Stop()
		}
	}
	ts.mu.Unlock()
}

// Kinds of selfTimer.
const (
	kindOnce  uint8 = iota // After: one message
	kindEvery              // Every: a message per tick
	kindIdle               // SetReceiveTimeout: a message per idle period
)

// States of a selfTimer.
const (
	stArmed     uint32 = iota // may still deliver
	stDone                    // an After whose message was handled or dead-lettered
	stCancelled               // stopped, or its actor stopped or restarted
)

// selfTimer is what every kind of actor timer shares: its state, its place
// in the actor's list, and the extra that tags its messages, so that the
// actor can tell them from others and drop them once the timer is
// cancelled.
type selfTimer struct {
	x     extra // x.timer is set and x.value is this selfTimer
	state atomic.Uint32
	kind  uint8
	set   *timerState            // nil for a receive timeout, which is not listed
	links ilist.Links[selfTimer] // in set.timers, guarded by set.mu
	wheel interface{ Stop() bool }
}

func (t *selfTimer) Links() *ilist.Links[selfTimer] { return &t.links }

func (t *selfTimer) init(kind uint8) {
	t.kind = kind
	t.x = extra{timer: true, value: t}
}

// take is called when one of the timer's messages is about to be handled
// or dead-lettered, and reports whether that should happen: false once
// the timer is cancelled, the message then being discarded. It ends an
// After timer, which leaves the list.
func (t *selfTimer) take() bool {
	if t.kind != kindOnce {
		return t.state.Load() == stArmed
	}
	if !t.state.CompareAndSwap(stArmed, stDone) {
		return false
	}
	t.set.remove(t)
	return true
}

// cancel stops the timer for good, and reports whether it was armed.
func (t *selfTimer) cancel() bool {
	if !t.state.CompareAndSwap(stArmed, stCancelled) {
		return false
	}
	t.wheel.Stop()
	if t.set != nil {
		t.set.remove(t)
	}
	return true
}

// timerOf returns the timer that tagged a message, or nil.
func (x *extra) timerOf() *selfTimer {
	if x == nil || !x.timer {
		return nil
	}
	return x.value.(*selfTimer)
}

// afterTimer is a Timer and the Sender that its wheel timer sends through.
type afterTimer[M any] struct {
	Timer
	p *proc[M]
}

func (t *afterTimer[M]) Send(msg M) error {
	return t.p.mb.Post(t.p, envelope[M]{msg: msg, x: &t.st.x})
}

// everyTimer is a Ticker and the Sender that its wheel ticker sends
// through.
type everyTimer[M any] struct {
	Ticker
	p *proc[M]
}

func (k *everyTimer[M]) Send(msg M) error {
	return k.p.mb.Post(k.p, envelope[M]{msg: msg, x: &k.st.x})
}
