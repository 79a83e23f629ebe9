package actor

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/internal/blocking"
	"github.com/actorio/actorio/internal/dispatch"
	"github.com/actorio/actorio/internal/workerid"
	"github.com/actorio/actorio/timer"
)

// System is a tree of actors and the runtime that runs them: a bounded
// pool of dispatcher workers, a bounded pool for blocking work, a timer
// wheel, the event stream and the name registry. Create one with NewSystem
// and end it with Shutdown; a System starts goroutines, so it must be shut
// down.
type System struct {
	opts     Options
	turnHook TurnHook // opts.TurnHook, read on every turn
	log      *slog.Logger
	disp     *dispatch.Dispatcher
	blocking *blocking.Pool
	timers   *timer.Scheduler // actor timers, receive timeouts, restart backoffs
	root     *proc[any]
	rootDone chan struct{}
	ids      atomic.Uint32 // path numbers, see cell.pathID

	namesMu sync.Mutex
	names   map[string]*cell

	events eventStream
	stats  counters

	running  []workerSlot // per dispatcher worker, see observe.go
	hosts    hostSet      // goroutines running turns with RaiseHere
	watchdog *watchdog    // nil when disabled

	dedicated sync.WaitGroup // dedicated actors' goroutines

	hooksMu  sync.Mutex
	hooks    []*shutdownHook // OnShutdown's, run last first
	hookTurn chan struct{}   // held by the Shutdown running hooks

	stopping    atomic.Bool
	down        atomic.Bool // Shutdown has returned nil
	closeEvents sync.Once
}

// NewSystem starts a system configured by opts.
func NewSystem(opts ...Option) (*System, error) {
	s := &System{names: make(map[string]*cell), rootDone: make(chan struct{}), hookTurn: make(chan struct{}, 1)}
	for _, o := range opts {
		if o != nil {
			o(&s.opts)
		}
	}
	if err := s.opts.resolve(); err != nil {
		return nil, err
	}
	s.log = s.opts.Logger
	s.turnHook = s.opts.TurnHook
	var err error
	if s.disp, err = dispatch.New(s.opts.Workers, s.log); err != nil {
		return nil, fmt.Errorf("actor: %w", err)
	}
	if s.blocking, err = blocking.New(s.opts.BlockingLimit, s.log); err != nil {
		_ = s.disp.Stop(context.Background())
		return nil, fmt.Errorf("actor: %w", err)
	}
	s.timers = timer.NewScheduler(timer.WithTick(s.opts.TimerTick), timer.WithLogger(s.log))
	s.root = &proc[any]{handler: func(*Context[any], any) {}}
	s.root.sys, s.root.self = s, s.root
	s.running = make([]workerSlot, s.opts.Workers)
	if s.opts.Watchdog > 0 {
		s.watchdog = startWatchdog(s, s.opts.Watchdog)
	}
	return s, nil
}

// Subscribe returns a subscription to the system's events with room for
// buffer events (at least 1). A subscriber that falls behind loses events
// rather than slowing the runtime, and is told how many with EventsLost.
func (s *System) Subscribe(buffer int) *Subscription { return s.events.subscribe(buffer) }

// Logger returns the system's logger (Options.Logger), for components
// that work on its behalf, such as a network reactor.
func (s *System) Logger() *slog.Logger { return s.log }

// Timers returns the system's timer wheel, on which Context.After,
// Context.Every, receive timeouts and restart backoffs run, and which
// anyone may use, for example to send to actors with timer.SendAfter or
// to give futures.Timeout and futures.Ask a deadline with
// futures.WithClock(sys.Timers().Clock()). Its resolution is
// Options.TimerTick.
//
// The system owns it: do not stop it. Shutdown stops it once every actor
// has stopped; timers still pending then never fire, and Sleep futures
// fail with timer.ErrStopped. Its callbacks run on its driver goroutines
// and must not block, and must not call Shutdown, which waits for them.
func (s *System) Timers() *timer.Scheduler { return s.timers }

// Submit runs task on the system's blocking pool, so System is a
// futures.Executor. It never blocks; it returns ErrShutdown once shutdown
// has begun.
func (s *System) Submit(task func()) error {
	if err := s.blocking.Submit(task); err != nil {
		return ErrShutdown
	}
	return nil
}

// Shutdown stops every actor, children before parents: each finishes the
// message it is handling, runs its stop hooks, and has its queued messages
// delivered to dead letters. Then it waits for Blocking calls to return,
// releases the worker pools and closes event subscriptions. After Shutdown
// returns nil, no goroutine started by the system remains.
//
// If ctx ends first, Shutdown returns a *ShutdownError wrapping ctx.Err()
// that names the actors still alive and counts the Blocking calls still
// running; the system keeps shutting down, and Shutdown may be called
// again to wait longer. Once it has returned nil it keeps returning nil.
//
// Called from inside an actor (a handler or hook, whether on a dispatcher
// worker, a network event loop or a dedicated goroutine) or from a
// Blocking task, Shutdown cannot wait: the shutdown waits for the caller's
// turn or task to end. It then starts the shutdown as a call from outside
// does and returns ErrShutdownFromActor at once, whatever ctx; the caller
// should return, and the program should wait with a Shutdown from outside
// the runtime (for example in main), which releases what is left and
// returns nil once everything has stopped. This holds for actors and tasks
// of any System: a handler that shuts down another System does not wait
// either.
func (s *System) Shutdown(ctx context.Context) error {
	if s.stopping.CompareAndSwap(false, true) {
		s.root.postSystem(sysStop{})
	}
	if s.down.Load() {
		return nil
	}
	// A worker, an event loop, a dedicated goroutine or a blocking task:
	// everything below waits for the caller to return.
	if workerid.IsRuntime() {
		return ErrShutdownFromActor
	}
	if !isClosed(s.rootDone) {
		select {
		case <-s.rootDone:
		case <-ctx.Done():
			return &ShutdownError{Remaining: s.alive(), Err: ctx.Err()}
		}
	}
	if err := s.runHooks(ctx); err != nil {
		return &ShutdownError{Err: err}
	}
	// Every actor has stopped, and with it its timers; what is left (restart
	// backoffs, timers started through Timers) is discarded. Stop is
	// idempotent, so a Shutdown called again after a deadline is fine.
	s.timers.Stop()
	s.dedicated.Wait() // their actors have all closed, so they are exiting
	if err := s.blocking.Close(ctx); err != nil {
		running, queued := s.blocking.Stats()
		return &ShutdownError{Blocking: running + queued, Err: err}
	}
	if err := s.disp.Stop(ctx); err != nil {
		return &ShutdownError{Err: err}
	}
	if s.watchdog != nil {
		s.watchdog.stop()
	}
	s.closeEvents.Do(s.events.close)
	s.down.Store(true)
	return nil
}

// OnShutdown registers fn to run during Shutdown once every actor has
// stopped, before the system releases its timer wheel and worker pools.
// It is for resources that actors use and that must outlive them, such as
// a network reactor's event loops, which flush the output of stopped
// connections. Hooks run one at a time, the last registered first, each
// with Shutdown's context; fn should return ctx.Err() if ctx ends first.
// If fn fails, Shutdown returns a *ShutdownError wrapping the error, and a
// later Shutdown runs fn again, then the hooks after it; once fn has
// returned nil it is not called again.
//
// OnShutdown returns ErrShutdown, and does not register fn, once Shutdown
// has begun.
func (s *System) OnShutdown(fn func(ctx context.Context) error) error {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	if s.stopping.Load() {
		return ErrShutdown
	}
	s.hooks = append(s.hooks, &shutdownHook{fn: fn})
	return nil
}

// shutdownHook is a hook registered with OnShutdown.
type shutdownHook struct {
	fn   func(context.Context) error
	done bool // returned nil: not to be run again
}

// nextHook returns the last registered hook not yet done, or nil.
func (s *System) nextHook() *shutdownHook {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	for i := len(s.hooks) - 1; i >= 0; i-- {
		if !s.hooks[i].done {
			return s.hooks[i]
		}
	}
	return nil
}

// runHooks runs the OnShutdown hooks not yet done, last first. One
// Shutdown at a time runs them; another waits for its turn or its ctx.
// hooksMu is not held while a hook runs, so that a hook, or a goroutine it
// waits for, may call OnShutdown (and get ErrShutdown).
func (s *System) runHooks(ctx context.Context) error {
	select {
	case s.hookTurn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.hookTurn }()
	for h := s.nextHook(); h != nil; h = s.nextHook() {
		if err := h.fn(ctx); err != nil {
			return err
		}
		s.hooksMu.Lock()
		h.done = true
		s.hooksMu.Unlock()
	}
	return nil
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// alive returns the paths of the actors that have not stopped.
func (s *System) alive() []string {
	var out []string
	var walk func(c *cell)
	walk = func(c *cell) {
		for _, k := range c.childList(false) {
			out = append(out, k.path())
			walk(k)
		}
	}
	walk(&s.root.cell)
	sort.Strings(out)
	return out
}

// after runs fn on the timer wheel after d unless the system shuts down
// first. fn must not block.
func (s *System) after(d time.Duration, fn func()) { s.timers.AfterFunc(d, fn) }

func (s *System) register(name string, c *cell) error {
	s.namesMu.Lock()
	defer s.namesMu.Unlock()
	if _, ok := s.names[name]; ok {
		return fmt.Errorf("%w: %q", ErrNameTaken, name)
	}
	s.names[name] = c
	return nil
}

func (s *System) unregister(name string, c *cell) {
	s.namesMu.Lock()
	defer s.namesMu.Unlock()
	if s.names[name] == c {
		delete(s.names, name)
	}
}

// LookupPID returns the live actor registered under name, or ErrNotFound.
func (s *System) LookupPID(name string) (PID, error) {
	s.namesMu.Lock()
	defer s.namesMu.Unlock()
	c, ok := s.names[name]
	if !ok {
		return PID{}, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	return PID{c}, nil
}

// Lookup returns a Ref to the live actor registered under name. It returns
// ErrNotFound if there is none, or ErrWrongType if it takes messages of
// another type than M.
func Lookup[M any](s *System, name string) (Ref[M], error) {
	pid, err := s.LookupPID(name)
	if err != nil {
		return Ref[M]{}, err
	}
	p, ok := pid.c.self.(*proc[M])
	if !ok {
		return Ref[M]{}, fmt.Errorf("%w: %q does not take %T", ErrWrongType, name, *new(M))
	}
	return Ref[M]{p: p}, nil
}

// DeadLetter reports that msg, sent to target, will not be processed, for
// reason. It is for code that takes messages on the system's behalf, such
// as a transport to other nodes (package remote) that could not deliver
// one: the message is counted in Metrics ("other" unless reason is one
// of the runtime's) and published as a DeadLetter event, like the
// runtime's own.
func (s *System) DeadLetter(target PID, msg any, reason error) {
	s.deadLetter(target.c, msg, reason)
}

// deadLetter counts and publishes a message that will not be processed.
func (s *System) deadLetter(target *cell, msg any, reason error) {
	s.stats.deadLetter(reason)
	if s.events.active() {
		s.events.publish(DeadLetter{Target: PID{target}, Message: msg, Reason: reason})
	}
}

func (s *System) publish(e Event) {
	if s.events.active() {
		s.events.publish(e)
	}
}
