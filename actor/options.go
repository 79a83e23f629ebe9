package actor

import (
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/actorio/actorio/mailbox"
)

// Options configures a System. Pass Option values to NewSystem; the zero
// value of each field means its default.
type Options struct {
	// Workers is the number of dispatcher worker loops. Default:
	// runtime.GOMAXPROCS(0).
	Workers int
	// Budget is the most messages an actor processes in one turn before
	// yielding its worker to other ready actors. Default: 64.
	Budget int
	// BlockingLimit is the most Blocking calls that run at once; more
	// wait in a FIFO. Default: 64.
	BlockingLimit int
	// Supervisor supervises the top-level actors. Default:
	// OneForOne() (restart, at most 10 times in 10 seconds).
	Supervisor *Strategy
	// Logger receives the runtime's log records. Default: discard.
	Logger *slog.Logger
	// TimerTick is the resolution of the system's timer wheel (see
	// System.Timers): deadlines of actor timers, receive timeouts and
	// restart backoffs are rounded up to a whole tick. A coarser tick
	// wakes the wheel's drivers less often when timers are spread out.
	// Default: 1 ms.
	TimerTick time.Duration
	// ProfilerLabels makes every turn carry the goroutine pprof labels
	// "actor" (the actor's path) and "message" (its static message type),
	// so CPU and goroutine profiles show which actor ran. It costs two
	// pprof.SetGoroutineLabels calls per turn. Default: false.
	ProfilerLabels bool
	// Watchdog is how long a turn may run before the system publishes a
	// SlowHandler event for it. The watchdog samples the workers every
	// quarter of it and adds nothing to the message path. Negative
	// disables it. Default: 1 s.
	Watchdog time.Duration
	// TurnHook, when set, is called around the handling of every message
	// sent to an actor (see TurnHook): the place for tracing. Default:
	// none, which costs nothing.
	TurnHook TurnHook
}

// Option configures a System.
type Option func(*Options)

// WithTurnHook sets Options.TurnHook.
func WithTurnHook(h TurnHook) Option { return func(o *Options) { o.TurnHook = h } }

// WithWorkers sets Options.Workers.
func WithWorkers(n int) Option { return func(o *Options) { o.Workers = n } }

// WithBudget sets Options.Budget.
func WithBudget(n int) Option { return func(o *Options) { o.Budget = n } }

// WithBlockingLimit sets Options.BlockingLimit.
func WithBlockingLimit(n int) Option { return func(o *Options) { o.BlockingLimit = n } }

// WithSystemSupervisor sets Options.Supervisor.
func WithSystemSupervisor(s Strategy) Option { return func(o *Options) { o.Supervisor = &s } }

// WithLogger sets Options.Logger.
func WithLogger(l *slog.Logger) Option { return func(o *Options) { o.Logger = l } }

// WithTimerTick sets Options.TimerTick.
func WithTimerTick(d time.Duration) Option { return func(o *Options) { o.TimerTick = d } }

// WithProfilerLabels sets Options.ProfilerLabels.
func WithProfilerLabels(on bool) Option { return func(o *Options) { o.ProfilerLabels = on } }

// WithWatchdog sets Options.Watchdog; a threshold of zero or less disables
// the watchdog.
func WithWatchdog(threshold time.Duration) Option {
	return func(o *Options) {
		o.Watchdog = threshold
		if threshold <= 0 {
			o.Watchdog = -1
		}
	}
}

func (o *Options) resolve() error {
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Budget == 0 {
		o.Budget = 64
	}
	if o.BlockingLimit == 0 {
		o.BlockingLimit = 64
	}
	if o.TimerTick == 0 {
		o.TimerTick = time.Millisecond
	}
	if o.Watchdog == 0 {
		o.Watchdog = time.Second
	}
	if o.Workers < 0 || o.Budget < 0 || o.BlockingLimit < 0 || o.TimerTick < 0 {
		return fmt.Errorf("%w: Workers, Budget, BlockingLimit and TimerTick must not be negative", ErrInvalidOption)
	}
	if o.Supervisor == nil {
		s := OneForOne()
		o.Supervisor = &s
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// SpawnOptions configures one actor. Pass SpawnOption values to Spawn or
// SpawnFunc; the zero value of each field means its default.
type SpawnOptions struct {
	// Name makes the actor findable with Lookup and names it in paths and
	// logs. It must be unique among live actors. Default: none.
	Name string
	// Mailbox configures the actor's user lane. Default: unbounded.
	Mailbox mailbox.Config
	// Supervisor supervises the actor's children. Default: OneForOne().
	Supervisor *Strategy
	// Dedicated runs the actor's turns on a goroutine of its own instead
	// of the dispatcher, for handlers that must block. The goroutine
	// exists while the actor lives. Default: false.
	Dedicated bool
}

// SpawnOption configures one actor.
type SpawnOption func(*SpawnOptions)

// WithName sets SpawnOptions.Name.
func WithName(name string) SpawnOption { return func(o *SpawnOptions) { o.Name = name } }

// WithMailbox sets SpawnOptions.Mailbox.
func WithMailbox(c mailbox.Config) SpawnOption { return func(o *SpawnOptions) { o.Mailbox = c } }

// WithSupervisor sets SpawnOptions.Supervisor.
func WithSupervisor(s Strategy) SpawnOption { return func(o *SpawnOptions) { o.Supervisor = &s } }

// WithDedicatedGoroutine sets SpawnOptions.Dedicated.
func WithDedicatedGoroutine() SpawnOption { return func(o *SpawnOptions) { o.Dedicated = true } }
