package actorotel

import (
	"context"
	"reflect"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// instrumentation is the tracer's name: this package's import path.
const instrumentation = "github.com/actorio/actorio/observability/actorotel"

// The attributes of the spans.
const (
	// AttrActor is the path of the actor handling a message.
	AttrActor = attribute.Key("actorio.actor")
	// AttrMessageType is the Go type of the message.
	AttrMessageType = attribute.Key("actorio.message_type")
)

// Options holds what Option values set.
type Options struct {
	// TracerProvider provides the tracer. Default: the global one,
	// otel.GetTracerProvider(), read when Hook or Ask is called.
	TracerProvider trace.TracerProvider
}

// Option configures Hook and Ask.
type Option func(*Options)

// WithTracerProvider sets Options.TracerProvider.
func WithTracerProvider(p trace.TracerProvider) Option {
	return func(o *Options) { o.TracerProvider = p }
}

func tracer(opts []Option) trace.Tracer {
	var o Options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.TracerProvider == nil {
		o.TracerProvider = otel.GetTracerProvider()
	}
	return o.TracerProvider.Tracer(instrumentation)
}

// Hook returns an actor.TurnHook (see actor.WithTurnHook) that handles
// every message in a span of kind consumer named "receive" and the
// message's Go type, a child of the span in the context the message was
// sent with, with the attributes AttrActor and AttrMessageType. A handler
// that panics ends its span with an error status.
func Hook(opts ...Option) actor.TurnHook {
	t := tracer(opts)
	return func(ctx context.Context, turn actor.Turn) (context.Context, func(bool)) {
		typ := typeName(turn.Message)
		ctx, span := t.Start(ctx, "receive "+typ, trace.WithSpanKind(trace.SpanKindConsumer),
			trace.WithAttributes(AttrActor.String(turn.Actor.String()), AttrMessageType.String(typ)))
		return ctx, func(panicked bool) {
			if panicked {
				span.SetStatus(codes.Error, "the handler panicked")
			}
			span.End()
		}
	}
}

// Ask is futures.AskContext in a span of kind client named "ask" and the
// request's Go type, a child of the span in ctx: the request carries the
// span, so the receiver's handler runs in a child of it (with Hook), and
// the span ends when the reply, or the failure, comes. A failed ask ends
// it with an error status.
func Ask[M, R any](ctx context.Context, to futures.Sender[M], build func(futures.Promise[R]) M, opts ...Option) futures.Future[R] {
	t := tracer(opts)
	typ := reflect.TypeFor[M]().String()
	ctx, span := t.Start(ctx, "ask "+typ, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(AttrMessageType.String(typ)))
	f := futures.AskContext(ctx, to, build)
	f.OnComplete(func(_ R, err error) {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	})
	return f
}

// typeName returns the Go type of msg, without allocating.
func typeName(msg any) string {
	if msg == nil {
		return "<nil>"
	}
	return reflect.TypeOf(msg).String()
}
