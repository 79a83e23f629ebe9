package actorotel_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/observability/actorotel"
)

// traced returns a system whose turns are traced into a recorder, and a
// tracer of the same provider for the test's own spans.
func traced(t *testing.T) (*actor.System, *tracetest.SpanRecorder, trace.Tracer, actorotel.Option) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	opt := actorotel.WithTracerProvider(tp)
	sys, err := actor.NewSystem(actor.WithTurnHook(actorotel.Hook(opt)))
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, sys.Shutdown(ctx))
	})
	return sys, rec, tp.Tracer("test"), opt
}

// ended returns the ended spans once there are n.
func ended(t *testing.T, rec *tracetest.SpanRecorder, n int) map[string]sdktrace.ReadOnlySpan {
	t.Helper()
	require.Eventually(t, func() bool { return len(rec.Ended()) >= n }, 10*time.Second, time.Millisecond)
	spans := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range rec.Ended() {
		spans[s.Name()] = s
	}
	require.Len(t, spans, n, "distinct names")
	return spans
}

type order struct{ id int }
type charge struct{ id int }

// TestTrace: a message sent from inside a span is handled in a child of
// it, and the message its handler passes on in a grandchild: one trace.
func TestTrace(t *testing.T) {
	sys, rec, tracer, _ := traced(t)
	billing, err := actor.SpawnFunc(sys, func(*actor.Context[charge], charge) {}, actor.WithName("billing"))
	require.NoError(t, err)
	orders, err := actor.SpawnFunc(sys, func(ctx *actor.Context[order], m order) {
		_ = billing.SendContext(ctx.MessageContext(), charge{m.id})
	}, actor.WithName("orders"))
	require.NoError(t, err)

	ctx, root := tracer.Start(context.Background(), "http request")
	require.NoError(t, orders.SendContext(ctx, order{1}))
	root.End()

	spans := ended(t, rec, 3)
	req, recvOrder, recvCharge := spans["http request"], spans["receive actorotel_test.order"], spans["receive actorotel_test.charge"]
	require.NotNil(t, recvOrder)
	require.NotNil(t, recvCharge)
	require.Equal(t, req.SpanContext().TraceID(), recvCharge.SpanContext().TraceID(), "one trace")
	require.Equal(t, req.SpanContext().SpanID(), recvOrder.Parent().SpanID())
	require.Equal(t, recvOrder.SpanContext().SpanID(), recvCharge.Parent().SpanID())
	require.Equal(t, trace.SpanKindConsumer, recvOrder.SpanKind())
	attrs := map[string]string{}
	for _, a := range recvOrder.Attributes() {
		attrs[string(a.Key)] = a.Value.Emit()
	}
	require.Equal(t, "/orders", attrs[string(actorotel.AttrActor)])
	require.Equal(t, "actorotel_test.order", attrs[string(actorotel.AttrMessageType)])
}

type lookup struct {
	key   string
	reply futures.Promise[int]
}

// TestAsk: an ask is a client span, parent of the handler's span, ended
// by the reply; a failed ask ends it with an error; a panicking handler's
// span has an error status.
func TestAsk(t *testing.T) {
	sys, rec, tracer, opt := traced(t)
	store, err := actor.SpawnFunc(sys, func(_ *actor.Context[lookup], m lookup) {
		switch m.key {
		case "panic":
			panic("store")
		case "missing":
			_ = m.reply.Reject(errors.New("no such key"))
		default:
			_ = m.reply.Resolve(len(m.key))
		}
	})
	require.NoError(t, err)
	ctx, root := tracer.Start(context.Background(), "caller")
	n, err := actorotel.Ask(ctx, store, func(p futures.Promise[int]) lookup { return lookup{"abc", p} }, opt).
		Await(context.Background())
	require.NoError(t, err)
	require.Equal(t, 3, n)
	root.End()
	spans := ended(t, rec, 3)
	ask, recv := spans["ask actorotel_test.lookup"], spans["receive actorotel_test.lookup"]
	require.Equal(t, trace.SpanKindClient, ask.SpanKind())
	require.Equal(t, spans["caller"].SpanContext().SpanID(), ask.Parent().SpanID())
	require.Equal(t, ask.SpanContext().SpanID(), recv.Parent().SpanID())
	require.Equal(t, codes.Unset, ask.Status().Code)

	_, err = actorotel.Ask(context.Background(), store, func(p futures.Promise[int]) lookup { return lookup{"missing", p} }, opt).
		Await(context.Background())
	require.Error(t, err)
	_, err = actorotel.Ask(context.Background(), store, func(p futures.Promise[int]) lookup { return lookup{"panic", p} }, opt).
		Await(context.Background())
	require.Error(t, err)
	require.Eventually(t, func() bool { return len(rec.Ended()) == 7 }, 10*time.Second, time.Millisecond)
	var failedAsks, panicked int
	for _, s := range rec.Ended()[3:] {
		if s.Status().Code != codes.Error {
			continue
		}
		switch s.SpanKind() {
		case trace.SpanKindClient:
			failedAsks++
		case trace.SpanKindConsumer:
			panicked++
		}
	}
	require.Equal(t, 2, failedAsks)
	require.Equal(t, 1, panicked)
}
