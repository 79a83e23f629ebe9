package actorsync_test

import (
	"context"
	"fmt"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/actorsync"
)

func ExampleSemaphore() {
	ctx := context.Background()
	s := actorsync.NewSemaphore(1)
	p, _ := s.TryAcquire()
	next := s.Acquire(ctx) // waits: the only permit is taken
	fmt.Println(s.Available())

	p.Release() // goes to the waiter
	q, err := next.Await(ctx)
	fmt.Println(err)
	fmt.Println(s.Available())
	q.Release()
	fmt.Println(s.Available())
	// Output:
	// 0 1
	// <nil>
	// 0 0
	// 1 0
}

// Two database permits, three clients: the third waits until a holder
// stops, which releases its permit without a Release call.
func ExampleAcquire() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	db := actorsync.NewSemaphore(2)

	took := make(chan string, 3)
	spawn := func(name string) actor.Ref[string] {
		client, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[string], query string) {
			actorsync.Acquire(ctx, db, func(p *actorsync.Permit, err error) {
				took <- name // holds p until it stops
			})
		})
		client.Send("SELECT 1")
		return client
	}
	a := spawn("a")
	fmt.Println(<-took)
	spawn("b")
	fmt.Println(<-took)
	spawn("c")
	a.Stop()
	fmt.Println(<-took)
	// Output:
	// a
	// b
	// c
}

// A configuration that changes while an actor runs: the actor reads the
// latest value when it handles the Changed, so it never acts on an old
// one.
func ExampleWatch() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	config := actorsync.NewWatch("v1")

	got := make(chan string)
	reader, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[actorsync.Changed[string]], c actorsync.Changed[string]) {
		v, version := c.Value()
		got <- fmt.Sprint(v, " (version ", version, ")")
	})
	unsubscribe := config.Subscribe(reader)
	defer unsubscribe()
	fmt.Println(<-got) // at once: the current value

	config.Set("v2")
	fmt.Println(<-got)
	// Output:
	// v1 (version 0)
	// v2 (version 1)
}

// A price feed broadcast to a subscriber with a backlog of 2: it was busy
// while four prices went out, so it takes the newest two and learns it
// lost two.
func ExampleTopic() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	prices := actorsync.NewTopic[int](2)

	busy := make(chan struct{})
	out := make(chan string)
	sub, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[actorsync.Delivery[int]], d actorsync.Delivery[int]) {
		<-busy
		values, lagged := d.Take(nil)
		out <- fmt.Sprint(values, " lost ", lagged)
	})
	prices.Subscribe(sub)
	for _, p := range []int{100, 101, 102, 103} {
		prices.Publish(p)
	}
	close(busy)
	fmt.Println(<-out)
	// Output: [102 103] lost 2
}
