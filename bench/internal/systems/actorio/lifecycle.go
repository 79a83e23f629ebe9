package actorio

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// tally is what the spawn workloads' actors add to.
type tally struct{ count, sum, exits atomic.Int64 }

func (t *tally) outcome() suite.Outcome {
	return suite.Outcome{Count: t.count.Load(), Sum: t.sum.Load(), Exits: t.exits.Load()}
}

// oneShot adds its first message to the tally and stops; its Stopped hook
// reports the stop.
type oneShot struct {
	t  *tally
	wg *sync.WaitGroup
}

func (a *oneShot) Receive(ctx *actor.Context[int], v int) {
	a.t.sum.Add(int64(v))
	a.t.count.Add(1)
	ctx.Stop()
}

func (a *oneShot) Stopped(*actor.Context[int]) {
	a.t.exits.Add(1)
	a.wg.Done()
}

// spawn: spawn, first message, stop, N times; timed until every actor has
// run its Stopped hook.
func spawn(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	var t tally
	var wg sync.WaitGroup
	wg.Add(r.P.N)
	r.Start()
	for i := range r.P.N {
		ref, err := actor.Spawn(sys, func() actor.Actor[int] { return &oneShot{t: &t, wg: &wg} })
		if err != nil {
			return suite.Outcome{}, err
		}
		if err := ref.Send(i); err != nil {
			return suite.Outcome{}, err
		}
	}
	err := r.Wait(waitChan(&wg), "every actor to stop")
	r.Stop()
	return t.outcome(), err
}

// idleMemory: N idle actors sharing one handler, as a user spawning many
// identical actors would write it. Each takes one value, then stops on a
// negative one.
func idleMemory(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	n := r.P.N
	refs := make([]actor.Ref[int], n)
	var t tally
	var touched sync.WaitGroup
	touched.Add(n)
	handler := func(ctx *actor.Context[int], v int) {
		if v < 0 {
			ctx.Stop()
			return
		}
		t.sum.Add(int64(v))
		t.count.Add(1)
		touched.Done()
	}
	stopped0 := sys.Metrics().ActorsStopped
	before := suite.LiveHeapAndStacks()
	r.Start()
	for i := range refs {
		ref, err := actor.SpawnFunc(sys, handler)
		if err != nil {
			return suite.Outcome{}, err
		}
		refs[i] = ref
	}
	r.Stop()
	fresh := suite.LiveHeapAndStacks()
	if err := sendAll(refs, func(i int) int { return i }); err != nil {
		return suite.Outcome{}, err
	}
	if err := r.Wait(waitChan(&touched), "every actor's first message"); err != nil {
		return suite.Outcome{}, err
	}
	used := suite.LiveHeapAndStacks()
	if err := sendAll(refs, func(int) int { return -1 }); err != nil {
		return suite.Outcome{}, err
	}
	// Count the completed stops through the system's own counters.
	for sys.Metrics().ActorsStopped-stopped0 < uint64(n) && r.Context().Err() == nil {
		time.Sleep(time.Millisecond)
	}
	t.exits.Store(int64(sys.Metrics().ActorsStopped - stopped0))
	o := t.outcome()
	o.Extra = suite.IdleMemory(before, fresh, used, n)
	return o, nil
}

func sendAll(refs []actor.Ref[int], msg func(i int) int) error {
	for i, ref := range refs {
		if err := ref.Send(msg(i)); err != nil {
			return err
		}
	}
	return nil
}

// skyNode is one skynet actor: on start a leaf reports its number, an
// inner node spawns its ten children; a node reports its children's sum.
type skyNode struct {
	parent    actor.Ref[int]
	num, size int
	actors    *atomic.Int64
	failures  *atomic.Int64
	sum, got  int
}

func (n *skyNode) Started(ctx *actor.Context[int]) {
	n.actors.Add(1)
	if n.size == 1 {
		_ = n.parent.Send(n.num)
		ctx.Stop()
		return
	}
	step := n.size / 10
	for i := range 10 {
		child := &skyNode{parent: ctx.Self(), num: n.num + i*step, size: step, actors: n.actors, failures: n.failures}
		if _, err := actor.Spawn(ctx, func() actor.Actor[int] { return child }); err != nil {
			n.failures.Add(1)
		}
	}
}

func (n *skyNode) Receive(ctx *actor.Context[int], v int) {
	n.sum += v
	if n.got++; n.got == 10 {
		_ = n.parent.Send(n.sum)
		ctx.Stop()
	}
}

func skynet(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	var actors, failures atomic.Int64
	result := make(chan int, 1)
	collector, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], sum int) { result <- sum })
	if err != nil {
		return suite.Outcome{}, err
	}
	root := &skyNode{parent: collector, size: r.P.N, actors: &actors, failures: &failures}
	r.Start()
	if _, err := actor.Spawn(sys, func() actor.Actor[int] { return root }); err != nil {
		return suite.Outcome{}, err
	}
	sum, err := suite.Recv(r, result, "the root's sum")
	r.Stop()
	return suite.Outcome{Sum: int64(sum), Actors: actors.Load(), Errors: failures.Load()}, err
}

// waitChan returns a channel closed when wg's count reaches zero.
func waitChan(wg *sync.WaitGroup) <-chan struct{} {
	ch := make(chan struct{})
	go func() { wg.Wait(); close(ch) }()
	return ch
}
