package wheel

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Config configures an [Engine]. Zero fields take their defaults.
type Config struct {
	// Tick is the wheel's resolution. Zero or negative means 1 ms.
	Tick time.Duration
	// Shards is the number of shards, each with one driver goroutine.
	// Zero or negative means 4 * runtime.GOMAXPROCS(0).
	Shards int
	// OnPanic receives the value recovered from a panicking callback, on
	// the driver goroutine. Nil drops it.
	OnPanic func(recovered any)
	// OnGoexit is called when a callback calls runtime.Goexit, which ends
	// the driver goroutine; a replacement carries on. Nil ignores it.
	OnGoexit func()
}

// Engine is a set of shards, each a locked Wheel advanced by its own driver
// goroutine. Create it with [New] and release it with [Engine.Stop].
type Engine struct {
	start    time.Time
	tick     time.Duration
	shards   []*shard
	onPanic  func(any)
	onGoexit func()
	stopped  atomic.Bool
	done     chan struct{}
	once     sync.Once
	drivers  sync.WaitGroup
}

// New returns an Engine whose drivers are already running.
func New(cfg Config) *Engine {
	if cfg.Tick <= 0 {
		cfg.Tick = time.Millisecond
	}
	if cfg.Shards <= 0 {
		// More shards than Ps, so that callers running at the same time
		// rarely pick the same lock: with one shard per P, two cores
		// collide on every other insert.
		cfg.Shards = 4 * runtime.GOMAXPROCS(0)
	}
	if cfg.OnPanic == nil {
		cfg.OnPanic = func(any) {}
	}
	if cfg.OnGoexit == nil {
		cfg.OnGoexit = func() {}
	}
	e := &Engine{
		start:    time.Now(),
		tick:     cfg.Tick,
		shards:   make([]*shard, cfg.Shards),
		onPanic:  cfg.OnPanic,
		onGoexit: cfg.OnGoexit,
		done:     make(chan struct{}),
	}
	for i := range e.shards {
		sh := &shard{eng: e, sleep: idle, wake: make(chan struct{}, 1)}
		e.shards[i] = sh
		e.drivers.Add(1)
		go sh.run()
	}
	return e
}

// Stop discards every pending entry and waits for the drivers to return.
// A callback that is running finishes first; no other callback starts. It
// is idempotent, and must not be called from a callback, which would wait
// for its own driver.
func (e *Engine) Stop() {
	e.once.Do(func() {
		e.stopped.Store(true)
		for _, sh := range e.shards {
			sh.mu.Lock()
			sh.closed = true
			sh.wheel.Clear()
			sh.mu.Unlock()
		}
		close(e.done)
		e.drivers.Wait()
	})
}

// Stopped reports whether Stop has been called.
func (e *Engine) Stopped() bool { return e.stopped.Load() }

// Pending returns the number of entries waiting to fire.
func (e *Engine) Pending() int {
	n := 0
	for _, sh := range e.shards {
		sh.mu.Lock()
		n += sh.wheel.Len()
		sh.mu.Unlock()
	}
	return n
}

// Now returns the time elapsed since the Engine was created, read from the
// monotonic clock (the fake clock inside a synctest bubble).
func (e *Engine) Now() time.Duration { return time.Since(e.start) }

// Schedule binds en, which must be a zero Entry, to target and to a shard,
// and schedules it to fire d from now. After Stop it does nothing.
func (e *Engine) Schedule(en *Entry, target Target, d time.Duration) {
	e.bind(en, target).reset(en, e.tickAfter(d))
}

// ScheduleAt is Schedule with a deadline given as a time since the Engine
// was created, as returned by Now.
func (e *Engine) ScheduleAt(en *Entry, target Target, at time.Duration) {
	e.bind(en, target).reset(en, e.tickAt(at))
}

// bind chooses en's shard from en's address: the 8 KiB page it lies in,
// hashed. This costs a multiplication where a random choice costs a call
// to the runtime's generator, and it keeps a goroutine on one shard for a
// while: the allocator hands each P consecutive objects from a page of its
// own, so a run of timers made by one goroutine shares a shard whose lock
// and slots stay in that core's cache, while timers made on other Ps
// (other pages) spread evenly over the shards. Heap objects do not move,
// and the choice is made once, so a moved stack could not change it.
func (e *Engine) bind(en *Entry, target Target) *shard {
	page := uint64(uintptr(unsafe.Pointer(en))) >> 13
	h := page * 0x9e3779b97f4a7c15 // Fibonacci hashing: the high bits are well mixed
	sh := e.shards[(h>>32)*uint64(len(e.shards))>>32]
	en.target, en.shard = target, sh
	return sh
}

// tickAfter returns the first tick at or after d from now; a negative d
// counts as zero.
func (e *Engine) tickAfter(d time.Duration) uint64 {
	now := e.Now()
	d = max(d, 0)
	if d > math.MaxInt64-now {
		return e.tickAt(math.MaxInt64)
	}
	return e.tickAt(now + d)
}

// tickAt returns the first tick at or after at; the wheel moves ticks that
// have passed to the next one.
func (e *Engine) tickAt(at time.Duration) uint64 {
	if at <= 0 {
		return 0
	}
	t := uint64(at / e.tick)
	if at%e.tick != 0 {
		t++
	}
	return t
}

// nowTick returns the last tick that has begun.
func (e *Engine) nowTick() uint64 { return uint64(e.Now() / e.tick) }

// until returns how long to sleep for tick to begin.
func (e *Engine) until(tick uint64) time.Duration {
	if tick > math.MaxInt64/uint64(e.tick) {
		return math.MaxInt64 / 2
	}
	return time.Duration(tick)*e.tick - e.Now()
}

// Bound reports whether en has been passed to Schedule or ScheduleAt.
func (en *Entry) Bound() bool { return en.shard != nil }

// Stop cancels en and reports whether it was pending. It does not wait for
// a callback that has already been handed to the driver.
func (en *Entry) Stop() bool {
	sh := en.shard
	sh.mu.Lock()
	stopped := !sh.closed && sh.wheel.Remove(en)
	sh.mu.Unlock()
	return stopped
}

// Reset reschedules en to fire d from now and reports whether it was
// pending. After the Engine's Stop it does nothing and returns false.
func (en *Entry) Reset(d time.Duration) bool {
	return en.shard.reset(en, en.shard.eng.tickAfter(d))
}

// ResetAt is Reset with a deadline given as a time since the Engine was
// created, as returned by Now.
func (en *Entry) ResetAt(at time.Duration) bool {
	return en.shard.reset(en, en.shard.eng.tickAt(at))
}
