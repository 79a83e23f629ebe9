package actor_test

import (
	"context"
	"fmt"

	"github.com/actorio/actorio/actor"
)

func ExampleSystem_Snapshot() {
	sys, err := actor.NewSystem()
	if err != nil {
		panic(err)
	}
	defer sys.Shutdown(context.Background())
	ready := make(chan struct{})
	boss, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[string], _ string) {
		_, _ = actor.SpawnFunc(ctx, func(*actor.Context[int], int) {}, actor.WithName("worker"))
		close(ready)
	}, actor.WithName("boss"))
	_ = boss.Send("hire")
	<-ready
	// Parents come before their children. sys.Dump(os.Stdout) prints
	// the same as text, with states and mailbox depths.
	for _, a := range sys.Snapshot() {
		fmt.Printf("%s (child of %s) takes %s\n", a.Path, a.Parent, a.MessageType)
	}
	// Output:
	// /boss (child of /) takes string
	// /boss/worker (child of /boss) takes int
}
