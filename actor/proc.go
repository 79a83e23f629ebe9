package actor

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"runtime/pprof"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/dispatch"
	"github.com/actorio/actorio/internal/inbox"
	"github.com/actorio/actorio/mailbox"
)

// envelope carries a user message through the mailbox.
type envelope[M any] struct {
	msg M
	x   *extra // nil for a plain message
}

// extra marks the envelopes that are more than a message.
type extra struct {
	reply  futures.Rejecter // the promise of a request sent with SendRequest
	poison bool             // stop after the messages queued before this one
	timer  bool             // sent by one of the actor's own timers: value is its *selfTimer
	call   func()           // a continuation to run inside the actor
	signal bool             // a Signal's deferred run, which call makes; counts as a message
	value  any              // what a dead-lettered continuation carried
	ctx    context.Context  // sent with SendContext or SendRequestContext, or an Await's
}

var poisonPill = &extra{poison: true}

// proc is an actor: its cell, mailbox, behaviour and turn state. Fields
// below the mailbox are touched only by the goroutine running its turn.
type proc[M any] struct {
	cell
	mb      inbox.Mailbox[any, envelope[M]]
	handler func(*Context[M], M) // the actor's Receive
	more    *procMore[M]
}

// procMore holds what an actor made by Spawn has and one made by SpawnFunc
// has not, and a pointer to the rarely used turn state, so that an actor
// pays for the latter only once it uses it.
type procMore[M any] struct {
	producer producer[M]
	instance Actor[M] // made by producer; nil for SpawnFunc
	rare     *procRare[M]
}

// procRare holds the rarely used turn state.
type procRare[M any] struct {
	behavior func(*Context[M], M) // set by Become
	stash    []envelope[M]
	replay   []envelope[M] // consumed before the mailbox
	owned    []futures.Rejecter
	cause    error           // of the pending restart
	wake     chan struct{}   // dedicated goroutine's signal
	msgCtx   context.Context // of the message being handled (message_context.go)
}

// extra returns the rarely used turn state, making it if need be.
func (p *proc[M]) extra() *procRare[M] {
	m := p.moreState()
	if m.rare == nil {
		m.rare = new(procRare[M])
	}
	return m.rare
}

// rare returns the rarely used turn state, or nil if there is none.
func (p *proc[M]) rare() *procRare[M] {
	if p.more == nil {
		return nil
	}
	return p.more.rare
}

func (p *proc[M]) moreState() *procMore[M] {
	if p.more == nil {
		p.more = new(procMore[M])
	}
	return p.more
}

func (p *proc[M]) ctx() *Context[M] { return (*Context[M])(p) }

// Schedule implements inbox.Owner.
func (p *proc[M]) Schedule() {
	if p.is(fDedicated) {
		select {
		case p.rare().wake <- struct{}{}:
		default:
		}
		return
	}
	p.sys.disp.Schedule(p)
}

func (p *proc[M]) postSystem(m any) { p.mb.PostSystem(p, m) }

// Run runs one turn: system messages first at every message boundary,
// then up to the budget of user messages. It implements dispatch.Runnable.
func (p *proc[M]) Run(w *dispatch.Worker) bool {
	if w != nil {
		p.sys.running[w.ID].enter(&p.cell)
	}
	if !p.sys.opts.ProfilerLabels {
		return p.turn(w)
	}
	pprof.SetGoroutineLabels(p.labels())
	more := p.turn(w)
	pprof.SetGoroutineLabels(context.Background()) // workers carry no labels
	return more
}

// turn is Run without the bookkeeping. Every turn is this one, on a
// worker, a dedicated goroutine or a Host.
func (p *proc[M]) turn(w *dispatch.Worker) bool {
	// A Host's RaiseHere may have claimed the turn for a Signal, which it
	// holds for the turn: its first system message (see runHere).
	held := p.takeHeld()
	if !p.is(fStarted) && !p.is(fClosed) {
		p.start()
	}
	// A receive timeout (SetReceiveTimeout) must not fire during a turn.
	// Only actors that set one pay for this, with a clock read per turn.
	if it := p.idleTimer(); it != nil {
		it.turnStarted()
	}
	n := 0
	handled := false // a message that resets the receive timeout
	if held != nil && !p.is(fClosed) && held.deliver() > 0 {
		n, handled = 1, true
	}
	// A handler may close the actor (ctx.Stop), after which the mailbox
	// belongs to whoever drains it: check closed before touching it again.
	for n < p.sys.opts.Budget && !p.is(fClosed) {
		if p.mb.HasSystem() {
			if k := p.processSystem(); k > 0 {
				n += k
				handled = true
			}
			if p.is(fClosed) {
				break
			}
		}
		k, h, empty := p.invokeSome(p.sys.opts.Budget - n)
		n += k
		handled = handled || h
		if empty {
			break
		}
	}
	if it := p.idleTimer(); it != nil {
		it.turnEnded(handled)
	}
	if w != nil {
		w.Messages.Add(uint64(n))
	} else {
		p.sys.stats.dedicatedProcessed.Add(uint64(n))
		p.sys.stats.offDispatcherTurns.Add(1)
	}
	if p.is(fClosed) {
		return false
	}
	if r := p.rare(); r != nil && len(r.replay) > 0 && !p.mb.Suspended() {
		return true
	}
	return p.mb.Done()
}

// nextUser returns the next message: replayed ones first, then the
// mailbox's. Nothing while suspended.
func (p *proc[M]) nextUser() (envelope[M], bool) {
	if r := p.rare(); r != nil && len(r.replay) > 0 && !p.mb.Suspended() {
		env := r.replay[0]
		r.replay[0] = envelope[M]{}
		r.replay = r.replay[1:]
		return env, true
	}
	return p.mb.PopUser()
}

// invokeSome handles user messages until it has counted limit of them,
// the actor closes, a system message arrives (after at least one user
// message, so that a stream of system messages cannot starve them) or the
// mailbox is empty,
// which it reports. It returns how many messages it counted and whether
// one of them resets the receive timeout. A panic in a handler is a
// failure of the actor; recovering here, once per batch rather than once
// per message, keeps the deferred call off the per-message path.
func (p *proc[M]) invokeSome(limit int) (n int, handled, empty bool) {
	var env envelope[M]
	defer func() {
		if v := recover(); v != nil {
			p.set(fStashReq, false)
			p.fail(env, &PanicError{Actor: p.path(), Value: v, Stack: debug.Stack()})
		}
	}()
	for n < limit && !p.is(fClosed) {
		var ok bool
		if env, ok = p.nextUser(); !ok {
			return n, handled, true
		}
		// Count what users sent and signals; continuations and
		// notifications are the runtime's own. What others sent resets
		// the receive timeout; continuations and the actor's own timers
		// do not, and a message whose handler panics still does.
		counted := env.x == nil || env.x.call == nil || env.x.signal
		handled = handled || counted && (env.x == nil || !env.x.timer)
		if p.invoke(env) && counted {
			n++
		}
		if p.mb.HasSystem() {
			break // before the next message, as the caller's loop does
		}
	}
	return n, handled, false
}

// invoke handles one envelope. It reports whether the message was
// processed: the handler returned normally and did not stash it (a
// stashed message is counted when it is finally handled, or
// dead-lettered). A panic goes up to invokeSome.
func (p *proc[M]) invoke(env envelope[M]) bool {
	if x := env.x; x != nil {
		switch {
		case x.poison:
			p.stop(nil)
			return true
		case x.call != nil: // a continuation, or a Signal's deferred run
			if x.ctx != nil {
				p.callInContext(x)
			} else {
				x.call()
			}
			return true
		case x.reply != nil:
			p.own(x.reply)
		case x.timer:
			if !x.timerOf().take() {
				return false // its timer was cancelled: discarded
			}
		}
	}
	if p.sys.turnHook != nil || env.x != nil && env.x.ctx != nil {
		p.receiveInContext(env)
	} else {
		p.receive(env.msg)
	}
	if p.is(fStashReq) {
		p.set(fStashReq, false)
		if env.x != nil && env.x.timer {
			env.x = nil // a stashed timer message is an ordinary one
		}
		m := p.extra()
		m.stash = append(m.stash, env)
		return false
	}
	return true
}

func (p *proc[M]) receive(msg M) {
	if r := p.rare(); r != nil && r.behavior != nil {
		r.behavior(p.ctx(), msg)
		return
	}
	if p.handler == nil { // made by Spawn: no closure for its Receive
		p.more.instance.Receive(p.ctx(), msg)
		return
	}
	p.handler(p.ctx(), msg)
}

// become makes a the actor's current instance.
func (p *proc[M]) become(a Actor[M]) {
	p.moreState().instance = a
	p.handler = nil // see receive
}

// instance returns the actor's current instance, for its hooks: nil for
// an actor spawned with SpawnFunc, which has none.
func (p *proc[M]) instance() Actor[M] {
	if p.more == nil {
		return nil
	}
	return p.more.instance
}

// own records a request's promise, so that it is rejected if the actor
// stops without completing it. Completed promises are forgotten as the
// list grows.
func (p *proc[M]) own(r futures.Rejecter) {
	m := p.extra()
	if len(m.owned) == cap(m.owned) && len(m.owned) > 0 {
		kept := m.owned[:0]
		for _, o := range m.owned {
			if !o.Completed() {
				kept = append(kept, o)
			}
		}
		clear(m.owned[len(kept):])
		m.owned = kept
	}
	m.owned = append(m.owned, r)
}

// start runs the Started hook of a new or restarted instance.
func (p *proc[M]) start() {
	p.set(fStarted, true)
	if h, ok := p.instance().(StartHook[M]); ok {
		p.hook(func() { h.Started(p.ctx()) })
	}
}

// hook runs a lifecycle hook; a panic in it is a failure of the actor.
func (p *proc[M]) hook(fn func()) {
	defer func() {
		if v := recover(); v != nil {
			p.fail(envelope[M]{x: &extra{}}, &PanicError{Actor: p.path(), Value: v, Stack: debug.Stack()})
		}
	}()
	fn()
}

// fail handles a panic: the failing message goes to dead letters, user
// messages are held, and the parent decides what happens next. During
// stopping a failure only gets logged: the actor is on its way out.
func (p *proc[M]) fail(env envelope[M], err *PanicError) {
	p.sys.log.Error("actorio: actor panicked", "actor", err.Actor, "panic", err.Value)
	// A message someone sent, not a hook's, a signal's, a continuation's
	// or a timer's: a plain one, a request, a poison pill, or one sent
	// with a context.
	if x := env.x; x == nil || x.reply != nil || x.poison || x.ctx != nil && x.call == nil {
		p.DeadLetter(env, err)
	}
	if p.is(fStopping) || p.is(fClosed) {
		return
	}
	p.mb.Suspend()
	p.parent.self.postSystem(sysFailure{child: &p.cell, err: err})
}

// DeadLetter implements inbox.Owner: msg will not be processed.
func (p *proc[M]) DeadLetter(env envelope[M], reason error) {
	if errors.Is(reason, mailbox.ErrClosed) {
		reason = ErrStopped
	}
	var msg any = env.msg
	if x := env.x; x != nil {
		switch {
		case x.reply != nil:
			_ = x.reply.Reject(fmt.Errorf("actor %s: request not processed: %w", p.path(), reason))
		case x.poison:
			msg = Poison{}
		case x.signal:
			return // a signal carries no message: nothing is lost
		case x.call != nil:
			msg = x.value
		case x.timer:
			if !x.timerOf().take() {
				return // its timer was cancelled: discarded, not a dead letter
			}
		}
	}
	p.sys.deadLetter(&p.cell, msg, reason)
}

// Closed implements inbox.Owner: a system message reached a closed
// actor. A watch is answered at once; the rest no longer matter.
func (p *proc[M]) Closed(m any) {
	switch m := m.(type) {
	case sysWatch:
		m.watcher.self.postSystem(sysTerminated{who: &p.cell, reason: p.extras().stopReason})
	case sysCall:
		p.sys.deadLetter(&p.cell, m.value, ErrStopped)
	}
}
