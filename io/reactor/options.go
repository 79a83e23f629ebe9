package reactor

import (
	"fmt"
	"runtime"
	"strconv"
	"time"
)

// Engine selects how a Reactor waits for I/O.
type Engine int

const (
	// EngineAuto uses event loops on io_uring where the kernel has what
	// they need (Linux 6.0: multishot receive into a provided buffer
	// ring) and allows it, on epoll or kqueue elsewhere, and the portable
	// engine where the platform has neither. When io_uring is refused
	// (an old kernel, the sysctl kernel.io_uring_disabled, a seccomp
	// filter), New logs the reason once and uses epoll.
	EngineAuto Engine = iota
	// EnginePortable runs every connection on package net, with a reader
	// and a writer goroutine each: it works on every platform (Windows
	// included) and costs about 9 KB per idle connection instead of
	// about 430 bytes. TLS connections always use it.
	EnginePortable
	// EnginePoll runs event loops on epoll (Linux) or kqueue (macOS, the
	// BSDs): they wait for readiness, and the connections' actors read
	// and write with a system call each. Where neither exists it is
	// EnginePortable.
	EnginePoll
	// EngineUring runs event loops on io_uring (Linux): a connection's
	// input arrives in buffers the loop shares among its connections,
	// without a system call per read, and its output is sent in batches,
	// one io_uring_enter per loop iteration for all of the loop's
	// connections. Listeners and datagram sockets wait for readiness
	// through the same ring. New fails with an error wrapping
	// ErrUnsupported where io_uring cannot be used.
	EngineUring
)

// String returns the engine's name: "auto", "portable", "poll" or
// "uring".
func (e Engine) String() string {
	switch e {
	case EngineAuto:
		return "auto"
	case EnginePortable:
		return "portable"
	case EnginePoll:
		return "poll"
	case EngineUring:
		return "uring"
	}
	return "Engine(" + strconv.Itoa(int(e)) + ")"
}

// DefaultFlushTimeout is the value Options.FlushTimeout takes when zero.
const DefaultFlushTimeout = 5 * time.Second

// Options configures a Reactor. New starts from the zero Options, applies
// its arguments, and fills in the defaults documented on each field.
type Options struct {
	// Loops is the number of event loops, each a goroutine waiting in
	// epoll_wait or kevent and running the turns of the connections it
	// wakes (see the package documentation). Zero means GOMAXPROCS.
	Loops int
	// FlushTimeout bounds how long the output a closed connection still
	// had queued keeps being written, in the background, before its
	// socket is closed anyway, and how long System.Shutdown waits for
	// all of them. Zero means DefaultFlushTimeout; negative means the
	// output is discarded at once.
	FlushTimeout time.Duration
	// Engine selects the event loops' kind or the portable engine; see
	// Engine.
	Engine Engine
}

// Option configures a Reactor; pass it to New.
type Option func(*Options)

// WithLoops sets Options.Loops.
func WithLoops(n int) Option { return func(o *Options) { o.Loops = n } }

// WithFlushTimeout sets Options.FlushTimeout.
func WithFlushTimeout(d time.Duration) Option { return func(o *Options) { o.FlushTimeout = d } }

// WithEngine sets Options.Engine.
func WithEngine(e Engine) Option { return func(o *Options) { o.Engine = e } }

func (o *Options) resolve() error {
	if o.Loops < 0 {
		return fmt.Errorf("reactor: %d loops: must not be negative", o.Loops)
	}
	if o.Loops == 0 {
		o.Loops = runtime.GOMAXPROCS(0)
	}
	if o.FlushTimeout == 0 {
		o.FlushTimeout = DefaultFlushTimeout
	}
	if o.Engine < EngineAuto || o.Engine > EngineUring {
		return fmt.Errorf("reactor: unknown engine %d", o.Engine)
	}
	return nil
}
