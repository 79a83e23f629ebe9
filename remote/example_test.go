package remote_test

import (
	"context"
	"fmt"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
)

// Question asks an actor of another node for an answer.
type Question struct {
	Text  string
	Reply futures.Promise[string]
}

// Two nodes on a NATS server embedded in the first: one offers an actor
// under a service key, the other finds it and asks it a question.
func Example() {
	ctx := context.Background()
	reg := codec.NewRegistry(nil) // CBOR
	_ = codec.RegisterBasic(reg)  // the string answer
	_ = codec.Register[Question](reg, "example.Question")

	sysA, _ := actor.NewSystem()
	a, err := remote.Start(ctx, sysA, remote.WithEmbeddedServer(), remote.WithRegistry(reg))
	if err != nil {
		panic(err)
	}
	oracle, _ := actor.SpawnFunc(sysA, func(_ *actor.Context[Question], q Question) {
		_ = q.Reply.Resolve("42, to " + q.Text)
	})
	_ = remote.Register(a, "oracle", oracle)

	sysB, _ := actor.NewSystem()
	b, err := remote.Start(ctx, sysB, remote.WithURL(a.URL()), remote.WithRegistry(reg))
	if err != nil {
		panic(err)
	}
	lookupCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ref, err := remote.Lookup[Question](lookupCtx, b, "oracle")
	if err != nil {
		panic(err)
	}
	answer, err := futures.Ask(ref, func(p futures.Promise[string]) Question {
		return Question{Text: "the question", Reply: p}
	}, 10*time.Second).Await(ctx)
	fmt.Println(answer, err)

	_ = sysB.Shutdown(ctx) // closes node b
	_ = sysA.Shutdown(ctx) // closes node a and its server
	// Output: 42, to the question <nil>
}
