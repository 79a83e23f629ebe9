package actor_test

import (
	"context"
	"fmt"

	"github.com/actorio/actorio/actor"
)

// The messages of a game master, a sealed interface.
type (
	gameMsg interface{ isGameMsg() }
	scored  struct{ points int }
	joined  struct{ name string }
)

func (scored) isGameMsg() {}
func (joined) isGameMsg() {}

// A judge replies with a plain int; an adapter turns its replies into
// the master's own message type, with no actor in between.
func ExampleAdapt() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())

	done := make(chan struct{})
	master, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[gameMsg], m gameMsg) {
		switch m := m.(type) {
		case joined:
			fmt.Println("joined:", m.name)
		case scored:
			fmt.Println("scored:", m.points)
			close(done)
		}
	})
	judge, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[actor.Ref[int]], reply actor.Ref[int]) {
		reply.Send(10)
	})

	master.Send(joined{"ada"})
	judge.Send(actor.Adapt(master, func(points int) gameMsg { return scored{points} }))
	<-done
	// Output:
	// joined: ada
	// scored: 10
}

// A child reports to its parent through the PID that Context.Parent
// gives, checked at run time; RefOf is the typed way.
func ExamplePID_Send() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())

	done := make(chan struct{})
	parent, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[gameMsg], m gameMsg) {
		if j, ok := m.(joined); ok && j.name == "start" {
			child, _ := actor.SpawnFunc(ctx, func(c *actor.Context[int], n int) {
				if _, ok := actor.RefOf[gameMsg](c.Parent()); ok {
					fmt.Println("the parent takes gameMsg")
				}
				c.Parent().Send(scored{n})
			})
			child.Send(7)
			return
		}
		fmt.Println("parent got", m)
		close(done)
	})
	parent.Send(joined{"start"})
	<-done
	// Output:
	// the parent takes gameMsg
	// parent got {7}
}

// conn stands for something an actor holds open, such as a connection.
type conn struct{ name string }

func (c *conn) Close() { fmt.Println("closed", c.name) }

// A resource tied to the actor's instance: closed when the actor stops,
// without a Stopped hook.
func ExampleContext_Cleanup() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())

	opened := make(chan struct{})
	db, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[string], name string) {
		c := &conn{name}
		ctx.Cleanup(c.Close)
		close(opened)
	})
	db.Send("db-1")
	<-opened
	stopped := db.PID().Terminated()
	db.Stop()
	stopped.Await(context.Background())
	// Output: closed db-1
}
