package futures

import (
	"context"
	"errors"
	"fmt"
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
// A Group makes its members' promises from chunks it allocates a few at a
// time, so that a member costs no allocation of its own: collecting a
// thousand asks costs a handful of allocations, not a thousand. In
// return, a promise the group made keeps its chunk (up to 1,024 members)
// in memory while anyone holds it: a group is for results collected
// together, not for promises kept long after. No method blocks. A Group is safe for concurrent use; it must not be copied.
type Group[T any] struct {
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex    // serializes adding, closing and PipeEach
	chunks [][]member[T] // members never move: a full chunk is kept, a new one made
	n      int           // members
	cut    bool          // Cancel was called

	// Settling a member takes no lock: it records its result in the
	// member and counts down pending.
	pending  atomic.Int64
	closed   atomic.Bool
	finished atomic.Bool
	each     atomic.Pointer[func(i int, r Result[T])] // PipeEach's
	wait     atomic.Pointer[state[[]Result[T]]]       // Wait's, once called
	all      atomic.Pointer[state[[]T]]               // All's, once called
}

// member is one member of a Group: its own promise's state, when the
// group made it, and its registration on the future it waits for.
//
// Its result is in st: for a member made by Promise, st is its promise's
// state, complete before the member hears of it; for one made by Add, st
// is used by nobody else, and settle writes the result there.
type member[T any] struct {
	st    state[T]
	in    link[T]
	src   *state[T] // the state it listens to: &st for Promise's
	g     *Group[T]
	i     int
	flags atomic.Uint32 // mClaimed, mSettled, mSent
}

// Member flags.
const (
	mClaimed uint32 = 1 << iota // by the one settle that records the result
	mSettled                    // the result is in st
	mSent                       // to PipeEach's function
)

// set sets f and reports whether this call did.
func (m *member[T]) set(f uint32) bool { return m.flags.Or(f)&f == 0 }

func (m *member[T]) is(f uint32) bool { return m.flags.Load()&f != 0 }

// result returns the member's result; it must be settled.
func (m *member[T]) result() Result[T] { return Result[T]{Value: m.st.value, Err: m.st.err} }

func (m *member[T]) notify(v T, err error) { m.g.settle(m, v, err) }

// NewGroup returns an empty Group whose tasks (see Go) run with a context
// derived from ctx, cancelled by Cancel and once every member has
// settled after Wait or All.
func NewGroup[T any](ctx context.Context) *Group[T] {
	g := &Group[T]{}
	g.ctx, g.cancel = context.WithCancel(ctx)
	return g
}

// Context returns the context of the group's tasks.
func (g *Group[T]) Context() context.Context { return g.ctx }

// Promise adds a member that the returned promise completes, and returns
// it: hand it to whoever will produce the value, as futures.Ask hands its
// promise to an actor. It panics with ErrGroupClosed after Wait or All.
func (g *Group[T]) Promise() Promise[T] {
	g.mu.Lock()
	m := g.addLocked()
	m.src = &m.st
	// Nobody else has the state yet: link the member without its lock.
	m.in.next, m.in.prev, m.st.head = &m.in, &m.in, &m.in
	failed := g.cut
	g.mu.Unlock()
	p := Promise[T]{&m.st}
	if failed {
		_ = p.Reject(context.Canceled)
	}
	return p
}

// Add adds f as a member.
func (g *Group[T]) Add(f Future[T]) {
	g.mu.Lock()
	m := g.addLocked()
	m.src = f.s
	g.mu.Unlock()
	switch s := f.s; {
	case s == nil:
		var zero T
		g.settle(m, zero, ErrBrokenPromise)
	case !s.add(&m.in):
		g.settle(m, s.value, s.err)
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
// is positive (its timer).
func AskIn[M, R any](g *Group[R], to Sender[M], build func(Promise[R]) M, timeout time.Duration, opts ...TimeoutOption) {
	ask(g.Promise(), to, build, timeout, opts)
}

// addLocked makes a member; g.mu is held.
func (g *Group[T]) addLocked() *member[T] {
	if g.closed.Load() {
		g.mu.Unlock()
		panic(ErrGroupClosed)
	}
	last := len(g.chunks) - 1
	if last < 0 || len(g.chunks[last]) == cap(g.chunks[last]) {
		// Chunks double from 8 to 1,024 members: few allocations for a
		// big group, little waste for a small one.
		size := 8
		if last >= 0 {
			size = min(2*cap(g.chunks[last]), 1024)
		}
		g.chunks = append(g.chunks, make([]member[T], 0, size))
		last++
	}
	g.chunks[last] = g.chunks[last][:len(g.chunks[last])+1]
	m := &g.chunks[last][len(g.chunks[last])-1]
	m.g, m.i = g, g.n
	m.in.w = m
	g.n++
	g.pending.Add(1)
	return m
}

// settle records member m's result.
func (g *Group[T]) settle(m *member[T], v T, err error) {
	if m.src != &m.st {
		// Cancel and the source may settle it at the same moment.
		if !m.set(mClaimed) {
			return
		}
		m.st.value, m.st.err = v, err // nobody else uses st
	} // else its state completes once, and notifies once
	m.set(mSettled)
	if each := g.each.Load(); each != nil && m.set(mSent) {
		(*each)(m.i, m.result())
	}
	if all := g.all.Load(); err != nil && all != nil && all.complete(nil, err) {
		g.Cancel() // All failed fast: the rest are not needed
	}
	if g.pending.Add(-1) == 0 && g.closed.Load() {
		g.finish()
	}
}

// finish completes Wait's and All's futures once every member settled
// and the group is closed; it runs once.
func (g *Group[T]) finish() {
	if !g.finished.CompareAndSwap(false, true) {
		return
	}
	g.cancel()
	g.mu.Lock()
	results := make([]Result[T], 0, g.n)
	for _, c := range g.chunks {
		for k := range c {
			results = append(results, c[k].result())
		}
	}
	g.mu.Unlock()
	if w := g.wait.Load(); w != nil {
		w.complete(results, nil)
	}
	if all := g.all.Load(); all != nil {
		values := make([]T, len(results))
		for i, r := range results {
			values[i] = r.Value
		}
		all.complete(values, nil) // a no-op if a failure completed it
	}
}

// Wait closes the group to new members and returns a future of every
// member's result, in the order they were added, once all have settled.
// It never fails. Calling Wait or All again returns the same results.
func (g *Group[T]) Wait() Future[[]Result[T]] {
	g.wait.CompareAndSwap(nil, new(state[[]Result[T]]))
	f := Future[[]Result[T]]{g.wait.Load()}
	g.close()
	return f
}

// All closes the group to new members and returns a future of every
// member's value, in the order they were added. It fails fast: at the
// first member that fails it fails with that error and cancels the rest
// (see Cancel).
func (g *Group[T]) All() Future[[]T] {
	g.all.CompareAndSwap(nil, new(state[[]T]))
	all := g.all.Load()
	g.mu.Lock()
	var failed error
	for _, c := range g.chunks {
		for k := range c {
			if c[k].is(mSettled) && c[k].st.err != nil {
				failed = c[k].st.err
			}
		}
	}
	g.mu.Unlock()
	if failed != nil && all.complete(nil, failed) {
		g.Cancel()
	}
	g.close()
	return Future[[]T]{all}
}

// close closes the group to new members and finishes it if every member
// has settled.
func (g *Group[T]) close() {
	g.mu.Lock()
	g.closed.Store(true)
	g.mu.Unlock()
	if g.pending.Load() == 0 {
		g.finish()
	}
}

// Cancel cancels the group's context, so that its tasks can stop, and
// fails every member still pending with context.Canceled: the promises
// the group made are rejected (an actor holding one sees it completed and
// can skip the work), and members added with Add stop being waited for.
// Members added after Cancel fail at once.
func (g *Group[T]) Cancel() {
	g.cancel()
	g.mu.Lock()
	g.cut = true
	var pending []*member[T]
	for _, c := range g.chunks {
		for k := range c {
			if !c[k].is(mSettled) {
				pending = append(pending, &c[k])
			}
		}
	}
	g.mu.Unlock()
	for _, m := range pending {
		if m.src == &m.st {
			_ = Promise[T]{&m.st}.Reject(context.Canceled)
			continue
		}
		m.src.remove(&m.in)
		var zero T
		g.settle(m, zero, context.Canceled)
	}
}

// Len returns the number of members, and Pending how many have not
// settled.
func (g *Group[T]) Len() (members, pending int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n, int(g.pending.Load())
}

// PipeEach sends every member's result to to, as the message wrap(i, r)
// where i is the member's number in the order added, as the members
// settle: at once for those settled already, in the order they settled,
// then each as it settles (two members settling at the same time may
// arrive in either order).
// As with PipeTo, a Send error is dropped, which is safe for an
// actor.Ref (it records what it cannot deliver as a dead letter), and so
// is a panic in wrap or Send, which would otherwise reach whoever
// completed the member. Call it once; a second call replaces the first.
func PipeEach[T, M any](g *Group[T], to Sender[M], wrap func(i int, r Result[T]) M) {
	each := func(i int, r Result[T]) {
		defer func() { _ = recover() }()
		_ = to.Send(wrap(i, r))
	}
	g.mu.Lock()
	g.each.Store(&each)
	// Those settled before each was set; one settling now may also be
	// sent by settle: deliver each member once.
	var before []*member[T]
	for _, c := range g.chunks {
		for k := range c {
			if c[k].is(mSettled) {
				before = append(before, &c[k])
			}
		}
	}
	g.mu.Unlock()
	for _, m := range before {
		if m.set(mSent) {
			each(m.i, m.result())
		}
	}
}
