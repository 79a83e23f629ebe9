package futures

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"
	"time"
)

// ErrGroupClosed is the panic value of adding to a Group after Wait or
// All.
var ErrGroupClosed = errors.New("futures: group closed: Wait or All was called")

// Group collects the results of many futures as they complete: Tokio's
// JoinSet. Members are promises made by the group (Promise, AskIn), tasks
// it starts (Go), or futures made elsewhere (Add). Results can be read
// all at once (Wait, All) or one by one as they complete, as messages
// (PipeEach); Cancel fails the members still pending.
//
// A Group keeps its members' results itself, in segments of 64 members
// (the first three of 8, 16 and 32) that it allocates as it grows, so a
// promise it makes (Promise, AskIn) costs no allocation of its own: a
// pending member costs a byte and its share of its segment, about 3 bytes
// in all, and a settled one its value besides; collecting a thousand asks
// costs a few dozen allocations, not a thousand. Members that settle after
// All was called write their values straight into the slice All returns.
// Completing such a promise takes two atomic operations and no lock,
// unless someone waits for that one member's future. In return, a promise
// the group made keeps the group's storage in memory while anyone holds
// it: a group is for results collected together, not for promises kept
// long after.
//
// No method blocks. A Group is safe for concurrent use; it must not be
// copied.
type Group[T any] struct {
	ctx    context.Context
	cancel context.CancelFunc

	next atomic.Uint64 // members; closed is set by Wait or All
	cut  atomic.Bool   // Cancel was called

	mu   sync.Mutex                 // guards segs: adding a segment
	segs []*segment[T]              // in order; see segment
	cur  atomic.Pointer[segment[T]] // the last segment, where members are added

	// A member settles in its segment, and the group counts down
	// segments (see tally).
	tally    tally[T]
	out      []T // All's values, when All closed the group: see close
	finished atomic.Bool
	wait     atomic.Pointer[state[[]Result[T]]] // Wait's, once called
	all      atomic.Pointer[state[[]T]]         // All's, once called
}

// closed is the bit of Group.next that Wait and All set.
const closed = 1 << 63

// NewGroup returns an empty Group whose tasks (see Go) run with a context
// derived from ctx, cancelled by Cancel and once every member has
// settled after Wait or All.
func NewGroup[T any](ctx context.Context) *Group[T] {
	g := &Group[T]{}
	g.ctx, g.cancel = context.WithCancel(ctx)
	g.tally.group = g
	return g
}

// Context returns the context of the group's tasks.
func (g *Group[T]) Context() context.Context { return g.ctx }

// Promise adds a member that the returned promise completes, and returns
// it: hand it to whoever will produce the value, as futures.Ask hands its
// promise to an actor. It is a Promise like any other (its Future can be
// awaited, combined or piped). It panics with ErrGroupClosed after Wait
// or All.
func (g *Group[T]) Promise() Promise[T] {
	s, k := g.reserve()
	p := Promise[T]{&s.refs[k]}
	if g.cut.Load() {
		_ = p.Reject(context.Canceled)
	}
	return p
}

// Add adds f as a member.
func (g *Group[T]) Add(f Future[T]) {
	s, k := g.reserve()
	var zero T
	switch r := f.r; {
	case r == nil:
		s.complete(k, zero, ErrBrokenPromise)
	case r.isDone():
		v, err := r.result()
		s.complete(k, v, err)
	case g.cut.Load():
		s.complete(k, zero, context.Canceled)
	default:
		a := s.adder(k)
		if !r.add(&a.in) {
			v, err := r.result()
			s.complete(k, v, err)
			return
		}
		a.src.Store(r)
		if s.claimed.Load()&(1<<k) != 0 {
			r.remove(&a.in) // Cancel settled it before it could see src
		}
	}
}

// Go adds a member that runs fn on exec with the group's context. A
// Submit error and a panic in fn fail the member, as FromFunc's future.
func (g *Group[T]) Go(exec Executor, fn func(ctx context.Context) (T, error)) {
	p := g.Promise()
	if err := exec.Submit(func() { _ = p.Complete(call(func() (T, error) { return fn(g.ctx) })) }); err != nil {
		_ = p.Reject(fmt.Errorf("futures: submit: %w", err))
	}
}

// AskIn is Ask with a promise of g: the reply, or the failure, settles a
// member of g. The member costs no allocation of its own unless timeout
// is positive (its timer, as Ask's).
func AskIn[M, R any](g *Group[R], to Sender[M], build func(Promise[R]) M, timeout time.Duration, opts ...TimeoutOption) {
	ask(g.Promise(), to, build, timeout, opts)
}

// reserve numbers a new member and returns its place. It panics with
// ErrGroupClosed once the group is closed.
func (g *Group[T]) reserve() (*segment[T], int) {
	n, s := g.next.Load(), g.cur.Load()
	if n&closed == 0 && s != nil && uint(int(n)-s.base) < uint(s.size) && g.next.CompareAndSwap(n, n+1) {
		return s, int(n) - s.base
	}
	return g.reserveSlow()
}

func (g *Group[T]) reserveSlow() (*segment[T], int) {
	for {
		n := g.next.Load()
		if n&closed != 0 {
			panic(ErrGroupClosed)
		}
		if g.next.CompareAndSwap(n, n+1) {
			return g.locate(int(n))
		}
	}
}

// members returns how many members were added.
func (g *Group[T]) members() int { return int(g.next.Load() &^ closed) }

// Wait closes the group to new members and returns a future of every
// member's result, in the order they were added, once all have settled.
// It never fails. Calling Wait or All again returns the same results.
func (g *Group[T]) Wait() Future[[]Result[T]] {
	g.wait.CompareAndSwap(nil, new(state[[]Result[T]]))
	w := g.wait.Load()
	if !g.close(false) && g.finished.Load() {
		g.deliverWait() // the group may have finished before w was there
	}
	return Future[[]Result[T]]{&w.ref}
}

// All closes the group to new members and returns a future of every
// member's value, in the order they were added. It fails fast: at the
// first member that fails it fails with that error and cancels the rest
// (see Cancel).
func (g *Group[T]) All() Future[[]T] {
	g.all.CompareAndSwap(nil, new(state[[]T]))
	all := g.all.Load()
	if err := g.failure(); err != nil && all.complete(nil, err) {
		g.Cancel()
	}
	if !g.close(!all.isDone()) && g.finished.Load() && g.out == nil {
		// The group may have finished before all was there. (Had All
		// closed it, with out, finish would have found all.)
		g.deliverAll()
	}
	return Future[[]T]{&all.ref}
}

// Cancel cancels the group's context, so that its tasks can stop, and
// fails every member still pending with context.Canceled: the promises
// the group made are rejected (an actor holding one sees it completed and
// can skip the work), and members added with Add stop being waited for.
// Members added after Cancel fail at once.
func (g *Group[T]) Cancel() {
	g.cancel()
	g.cut.Store(true)
	var zero T
	for s, valid := range g.segments(g.members()) {
		for pending := valid &^ s.claimed.Load(); pending != 0; pending &= pending - 1 {
			if k := bits.TrailingZeros64(pending); s.complete(k, zero, context.Canceled) {
				s.unlinkAdder(k)
			}
		}
	}
}

// Len returns the number of members, and Pending how many have not
// settled.
func (g *Group[T]) Len() (members, pending int) {
	members = g.members()
	for s, valid := range g.segments(members) {
		pending += bits.OnesCount64(valid &^ s.done.Load())
	}
	return members, pending
}

// PipeEach sends every member's result to to, as the message wrap(i, r)
// where i is the member's number in the order added, as the members
// settle: at once for those settled already, in the order they were
// added, then each as it settles (two members settling at the same time
// may arrive in either order).
// As with PipeTo, a Send error is dropped, which is safe for an
// actor.Ref (it records what it cannot deliver as a dead letter), and so
// is a panic in wrap or Send, which would otherwise reach whoever
// completed the member. Call it once; a second call replaces the first.
func PipeEach[T, M any](g *Group[T], to Sender[M], wrap func(i int, r Result[T]) M) {
	each := func(i int, r Result[T]) {
		defer func() { _ = recover() }()
		_ = to.Send(wrap(i, r))
	}
	g.tally.each.Store(&each)
	// Those settled before each was set; one settling now may also be
	// sent by settle: send bits deliver each member once.
	for s, valid := range g.segments(g.members()) {
		for ready := valid & s.done.Load(); ready != 0; ready &= ready - 1 {
			if k := bits.TrailingZeros64(ready); s.send(k) {
				v, err := s.result(k)
				each(s.base+k, Result[T]{Value: v, Err: err})
			}
		}
	}
}
