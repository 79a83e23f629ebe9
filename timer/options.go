package timer

import (
	"log/slog"
	"time"
)

// Options configures a [Scheduler]. [NewScheduler] starts from the zero
// Options and applies its Option arguments in order; zero fields take the
// defaults given below.
type Options struct {
	// Tick is the resolution of the timing wheels. Deadlines are rounded up
	// to a whole tick, so a timer fires up to one Tick (plus scheduling
	// delay) after its deadline and never before it. Smaller ticks cost
	// more driver wake-ups when timers are spread out. Zero or negative
	// means 1 ms.
	Tick time.Duration

	// Shards is the number of independent wheels, each with its own lock
	// and driver goroutine. Zero or negative means 4 * runtime.GOMAXPROCS(0):
	// more shards than Ps, so that goroutines starting or stopping timers
	// at the same moment rarely contend for one lock. An idle driver costs
	// a parked goroutine and no wake-ups.
	Shards int

	// Logger receives an Error record, with the stack, for each callback
	// that panics while PanicHandler is nil. Nil means a logger that
	// discards everything.
	Logger *slog.Logger

	// PanicHandler, if not nil, replaces the Logger record: it receives the
	// value recovered from a panicking callback, or ErrGoexit, on the
	// driver goroutine, where runtime/debug.Stack still shows the panic.
	// It must neither block nor panic.
	PanicHandler func(recovered any)
}

// Option configures a Scheduler; pass it to [NewScheduler].
type Option func(*Options)

// WithTick sets [Options.Tick].
func WithTick(d time.Duration) Option {
	return func(o *Options) { o.Tick = d }
}

// WithShards sets [Options.Shards].
func WithShards(n int) Option {
	return func(o *Options) { o.Shards = n }
}

// WithLogger sets [Options.Logger].
func WithLogger(l *slog.Logger) Option {
	return func(o *Options) { o.Logger = l }
}

// WithPanicHandler sets [Options.PanicHandler].
func WithPanicHandler(f func(recovered any)) Option {
	return func(o *Options) { o.PanicHandler = f }
}
