package actor

import "github.com/actorio/actorio/futures"

// Terminated returns a future that completes with the actor's Terminated
// once it has stopped (at once if it already has), for code outside the
// runtime that must wait for an actor: for example
//
//	ref.Stop()
//	t, err := ref.PID().Terminated().Await(ctx)
//
// Inside an actor, use Context.Watch instead. For a zero PID the future
// fails with ErrNoActor.
func (p PID) Terminated() futures.Future[Terminated] {
	if p.c == nil {
		return futures.Failed[Terminated](ErrNoActor)
	}
	promise, f := futures.NewPromise[Terminated]()
	w := &cell{sys: p.c.sys}
	w.self = terminationWaiter{promise}
	p.c.self.postSystem(sysWatch{watcher: w})
	return f
}

// terminationWaiter stands in for a watching actor: the watched actor
// posts it a Terminated as it would to any watcher.
type terminationWaiter struct{ p futures.Promise[Terminated] }

func (w terminationWaiter) postSystem(m any) {
	if t, ok := m.(sysTerminated); ok {
		_ = w.p.Resolve(Terminated{Actor: PID{t.who}, Reason: t.reason})
	}
}

// observe and mailboxLen complete process; a waiter is never in the tree.
func (terminationWaiter) observe(*ActorInfo) {}
func (terminationWaiter) mailboxLen() int    { return 0 }
