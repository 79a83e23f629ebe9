package actor

import (
	"context"

	"github.com/actorio/actorio/futures"
)

// A message may carry a context.Context from its sender, for the values
// that describe the work it belongs to, such as a trace: Ref.SendContext
// and Ref.SendRequestContext (which futures.AskContext uses) send one, and
// the handler reads it with Context.MessageContext, and passes it on to
// the messages it sends in turn. Continuations (Await, Blocking) run with
// the message context of the handler that started them. A message sent
// without a context costs nothing more than before.

// TurnHook is called around the handling of each message sent to an
// actor, when set with WithTurnHook: before the handler, with the context
// the message was sent with (context.Background() if none) and what is
// being handled; the context it returns is the handler's
// Context.MessageContext, and end, if not nil, is called when the handler
// returns (panicked false) or panics (true). It runs on the actor's
// worker, so it must be quick and must not block. Package
// observability/actorotel makes one that starts an OpenTelemetry span per
// message.
type TurnHook func(ctx context.Context, turn Turn) (handler context.Context, end func(panicked bool))

// Turn describes the handling of one message, for a TurnHook.
type Turn struct {
	// Actor is the actor handling the message.
	Actor PID
	// Message is the message.
	Message any
}

// MessageContext returns the context the message being handled was sent
// with (by Ref.SendContext or Ref.SendRequestContext), as a TurnHook
// returned it, or context.Background() for a message sent without one.
// Its values are the sender's; whether it is cancelled is the sender's
// business: work that must not outlive the actor uses Context instead.
// Inside an Await or Blocking continuation it is the context of the
// message whose handler started it.
func (c *Context[M]) MessageContext() context.Context {
	if ctx := c.proc().messageCtx(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// messageCtx returns the context of the message being handled, or nil.
func (p *proc[M]) messageCtx() context.Context {
	if r := p.rare(); r != nil {
		return r.msgCtx
	}
	return nil
}

// receiveInContext is receive for a message that carries a context or
// for a system with a TurnHook.
func (p *proc[M]) receiveInContext(env envelope[M]) {
	ctx := context.Background()
	if env.x != nil && env.x.ctx != nil {
		ctx = env.x.ctx
	}
	var end func(bool)
	if h := p.sys.turnHook; h != nil {
		ctx, end = h(ctx, Turn{Actor: PID{&p.cell}, Message: env.msg})
	}
	r := p.extra()
	prev := r.msgCtx
	r.msgCtx = ctx
	returned := false
	defer func() { // a panic too: the hook's end, and the context back
		r.msgCtx = prev
		if end != nil {
			end(!returned)
		}
	}()
	p.receive(env.msg)
	returned = true
}

// callInContext runs a continuation in the message context it carries.
func (p *proc[M]) callInContext(x *extra) {
	r := p.extra()
	prev := r.msgCtx
	r.msgCtx = x.ctx
	defer func() { r.msgCtx = prev }()
	x.call()
}

// SendRequestContext is SendRequest with a context that travels with the
// request, for its handler's Context.MessageContext; futures.AskContext
// calls it. It never waits. A transport to another process (see External)
// does not carry the context.
func (r Ref[M]) SendRequestContext(ctx context.Context, msg M, reply futures.Rejecter) error {
	if r.p == nil {
		return r.external(ctx, msg, reply)
	}
	return mapErr(r.p.mb.Post(r.p, envelope[M]{msg: msg, x: &extra{reply: reply, ctx: carried(ctx)}}))
}

// carried returns what of ctx a message carries: nil for the background
// context, which carries nothing.
func carried(ctx context.Context) context.Context {
	if ctx == context.Background() {
		return nil
	}
	return ctx
}
