package protoactor

import (
	"sync"
	"sync/atomic"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// tally is what the spawn workloads' actors add to.
type tally struct{ count, sum, exits atomic.Int64 }

func (t *tally) outcome() suite.Outcome {
	return suite.Outcome{Count: t.count.Load(), Sum: t.sum.Load(), Exits: t.exits.Load()}
}

// oneShot adds its first message to the tally and stops itself; it
// reports the stop when it gets *actor.Stopped.
type oneShot struct {
	t  *tally
	wg *sync.WaitGroup
}

func (a *oneShot) Receive(ctx actor.Context) {
	switch v := ctx.Message().(type) {
	case int:
		a.t.sum.Add(int64(v))
		a.t.count.Add(1)
		ctx.Stop(ctx.Self())
	case *actor.Stopped:
		a.t.exits.Add(1)
		a.wg.Done()
	}
}

// spawn: spawn, first message, stop, N times; timed until every actor has
// received *actor.Stopped.
func spawn(r *suite.Run, e *env) (suite.Outcome, error) {
	var t tally
	var wg sync.WaitGroup
	wg.Add(r.P.N)
	props := actor.PropsFromProducer(func() actor.Actor { return &oneShot{t: &t, wg: &wg} })
	r.Start()
	for i := range r.P.N {
		e.sys.Root.Send(e.sys.Root.Spawn(props), i)
	}
	err := r.Wait(waitChan(&wg), "every actor to stop")
	r.Stop()
	return t.outcome(), err
}

// idleMemory: N idle actors sharing one receive function. Each takes one
// value, then stops itself on a negative one.
func idleMemory(r *suite.Run, e *env) (suite.Outcome, error) {
	n := r.P.N
	pids := make([]*actor.PID, n)
	var t tally
	var touched, stopped sync.WaitGroup
	touched.Add(n)
	stopped.Add(n)
	props := actor.PropsFromFunc(func(ctx actor.Context) {
		switch v := ctx.Message().(type) {
		case int:
			if v < 0 {
				ctx.Stop(ctx.Self())
				return
			}
			t.sum.Add(int64(v))
			t.count.Add(1)
			touched.Done()
		case *actor.Stopped:
			t.exits.Add(1)
			stopped.Done()
		}
	})
	before := suite.LiveHeapAndStacks()
	r.Start()
	for i := range pids {
		pids[i] = e.sys.Root.Spawn(props)
	}
	r.Stop()
	fresh := suite.LiveHeapAndStacks()
	for i, pid := range pids {
		e.send(pid, i)
	}
	if err := r.Wait(waitChan(&touched), "every actor's first message"); err != nil {
		return suite.Outcome{}, err
	}
	used := suite.LiveHeapAndStacks()
	for _, pid := range pids {
		e.send(pid, -1)
	}
	if err := r.Wait(waitChan(&stopped), "every actor to stop"); err != nil {
		return suite.Outcome{}, err
	}
	o := t.outcome()
	o.Extra = suite.IdleMemory(before, fresh, used, n)
	return o, nil
}

// skyNode is one skynet actor: on *actor.Started a leaf reports its
// number, an inner node spawns its ten children; a node reports its
// children's sum.
type skyNode struct {
	parent    *actor.PID
	num, size int
	actors    *atomic.Int64
	sum, got  int
}

func (n *skyNode) Receive(ctx actor.Context) {
	switch v := ctx.Message().(type) {
	case *actor.Started:
		n.actors.Add(1)
		if n.size == 1 {
			ctx.Send(n.parent, n.num)
			ctx.Stop(ctx.Self())
			return
		}
		step := n.size / 10
		for i := range 10 {
			child := &skyNode{parent: ctx.Self(), num: n.num + i*step, size: step, actors: n.actors}
			ctx.Spawn(actor.PropsFromProducer(func() actor.Actor { return child }))
		}
	case int:
		n.sum += v
		if n.got++; n.got == 10 {
			ctx.Send(n.parent, n.sum)
			ctx.Stop(ctx.Self())
		}
	}
}

func skynet(r *suite.Run, e *env) (suite.Outcome, error) {
	var actors atomic.Int64
	result := make(chan int, 1)
	collector := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if sum, ok := ctx.Message().(int); ok {
			result <- sum
		}
	}))
	root := &skyNode{parent: collector, size: r.P.N, actors: &actors}
	r.Start()
	e.sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return root }))
	sum, err := suite.Recv(r, result, "the root's sum")
	r.Stop()
	return suite.Outcome{Sum: int64(sum), Actors: actors.Load()}, err
}

// waitChan returns a channel closed when wg's count reaches zero.
func waitChan(wg *sync.WaitGroup) <-chan struct{} {
	ch := make(chan struct{})
	go func() { wg.Wait(); close(ch) }()
	return ch
}
