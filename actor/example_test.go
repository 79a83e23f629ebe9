package actor_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

func Example() {
	sys, err := actor.NewSystem()
	if err != nil {
		panic(err)
	}
	done := make(chan struct{})
	counter, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) {
		fmt.Println("got", n)
		if n == 3 {
			close(done)
		}
	})
	for i := 1; i <= 3; i++ {
		counter.Send(i)
	}
	<-done
	if err := sys.Shutdown(context.Background()); err != nil {
		panic(err)
	}
	// Output:
	// got 1
	// got 2
	// got 3
}

// get asks a counter for its value.
type get struct{ reply futures.Promise[int] }

// An actor that answers requests through the promise each carries.
func Example_ask() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())

	counter, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[get], m get) {
		m.reply.Resolve(42)
	})
	v, err := futures.Ask(counter, func(p futures.Promise[int]) get { return get{p} }, time.Second).
		Await(context.Background())
	fmt.Println(v, err)
	// Output: 42 <nil>
}

// A supervisor restarts a child that panics; the message that caused the
// panic goes to dead letters, and the child goes on with the next one.
func Example_supervision() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	dead := sys.Subscribe(8)

	out := make(chan string, 2)
	worker, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[string], job string) {
		if job == "bad" {
			panic("cannot do " + job)
		}
		out <- "did " + job
	})
	worker.Send("bad")
	worker.Send("good")
	fmt.Println(<-out)
	for e := range dead.C() {
		if d, ok := e.(actor.DeadLetter); ok {
			var pe *actor.PanicError
			fmt.Println("dead letter:", d.Message, errors.As(d.Reason, &pe), pe.Value)
			break
		}
	}
	// Output:
	// did good
	// dead letter: bad true cannot do bad
}

// Watching an actor delivers a Terminated when it stops.
func ExampleContext_Watch() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())

	target, _ := actor.SpawnFunc(sys, func(*actor.Context[int], int) {}, actor.WithName("target"))
	out := make(chan string)
	watcher, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[any], m any) {
		switch m := m.(type) {
		case string:
			ctx.Watch(target.PID(), func(t actor.Terminated) any { return t })
			target.Stop()
		case actor.Terminated:
			out <- m.Actor.String() + " stopped"
		}
	})
	watcher.Send("watch")
	fmt.Println(<-out)
	// Output: /target stopped
}
