package actorotel_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/observability/actorotel"
)

type greet struct {
	name  string
	reply futures.Promise[string]
}

// A traced Ask: the client span of the ask, and the span of the handler,
// its child.
func Example() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	opt := actorotel.WithTracerProvider(tp)
	sys, _ := actor.NewSystem(actor.WithTurnHook(actorotel.Hook(opt)))
	greeter, _ := actor.SpawnFunc(sys, func(_ *actor.Context[greet], m greet) { m.reply.Resolve("hello, " + m.name) })

	v, _ := actorotel.Ask(context.Background(), greeter,
		func(p futures.Promise[string]) greet { return greet{"ada", p} }, opt).Await(context.Background())
	fmt.Println(v)
	sys.Shutdown(context.Background()) // every turn, and its span, has ended

	spans := rec.Ended()
	byID := map[string]string{}
	for _, s := range spans {
		byID[s.SpanContext().SpanID().String()] = s.Name()
	}
	for _, s := range spans {
		if parent, ok := byID[s.Parent().SpanID().String()]; ok {
			fmt.Println(s.Name(), "is a child of", parent)
		}
	}
	// Output:
	// hello, ada
	// receive actorotel_test.greet is a child of ask actorotel_test.greet
}
