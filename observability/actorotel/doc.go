// Package actorotel traces actors with OpenTelemetry: a span for every
// message an actor handles, and for every Ask, joined into one trace as
// messages go from actor to actor.
//
// Install the hook when making the system, and pass each handler's
// message context on with the messages it sends:
//
//	sys, _ := actor.NewSystem(actor.WithTurnHook(actorotel.Hook()))
//
//	func (o *orders) Receive(ctx *actor.Context[orderMsg], m orderMsg) {
//		_ = o.billing.SendContext(ctx.MessageContext(), charge{m.id})
//	}
//
// A message sent with SendContext from inside a span (an HTTP handler's,
// say) is handled in a child span of it; the messages its handler sends
// with ctx.MessageContext() are handled in children of that one, and so
// on. Ask does the same for requests, in a client span that ends with the
// reply. The core module does not depend on OpenTelemetry: this module
// does (go.opentelemetry.io/otel v1.47.0).
package actorotel
