package actorconsole

import (
	"time"

	"github.com/actorio/actorio/io/reactor"
)

// Options configures a Console. Pass Option values to Handler; the zero
// value of each field means its default.
type Options struct {
	// Reactors are the network reactors whose listeners, connections and
	// counters the console shows, in this order. Default: none.
	Reactors []*reactor.Reactor
	// Node reads the remote node that the system belongs to, if any: its
	// totals and each peer's traffic and round trip, which the console
	// charts and lists beside the reactors. The sampler calls it once per
	// sample, from its own goroutine, only while a page is open; it
	// should return quickly, for it delays the sample. For a node of
	// package remote, remoteconsole.Option (in the remote module) sets
	// it. Default: none, and the page shows no node.
	Node func() Node
	// MinInterval is the least time between two samples of the system's
	// metrics, and between two snapshots of its actors: the most often
	// the console reads the system, however many pages are open and
	// however often they ask. A reading of the actors that takes longer
	// than a tenth of it spaces the next one out to ten times its cost,
	// so that a page left open on a large system takes at most a tenth
	// of a core for it. Values under 50 ms are raised to 50 ms.
	// Default: 1 s.
	MinInterval time.Duration
	// History is how many samples the console keeps for the charts of a
	// page that opens, in memory, while pages are open. Default: 300
	// (five minutes at the default MinInterval).
	History int
	// EventBuffer is the room of the console's subscription to the
	// system's events (System.Subscribe), which it holds only while a
	// page is open. Events beyond it are lost, counted, and the page
	// says how many. Default: 256.
	EventBuffer int
	// WriteTimeout is how long a page's stream may wait for its client
	// to take data before the console gives up on that client and ends
	// its stream. Until then a slow client loses updates, counted,
	// rather than making the server buffer more. Default: 10 s.
	WriteTimeout time.Duration
}

// Option configures a Console.
type Option func(*Options)

// WithReactor adds r to Options.Reactors.
func WithReactor(r *reactor.Reactor) Option {
	return func(o *Options) { o.Reactors = append(o.Reactors, r) }
}

// WithNode sets Options.Node to read.
func WithNode(read func() Node) Option { return func(o *Options) { o.Node = read } }

// WithMinInterval sets Options.MinInterval.
func WithMinInterval(d time.Duration) Option { return func(o *Options) { o.MinInterval = d } }

// WithHistory sets Options.History.
func WithHistory(n int) Option { return func(o *Options) { o.History = n } }

// WithEventBuffer sets Options.EventBuffer.
func WithEventBuffer(n int) Option { return func(o *Options) { o.EventBuffer = n } }

// WithWriteTimeout sets Options.WriteTimeout.
func WithWriteTimeout(d time.Duration) Option { return func(o *Options) { o.WriteTimeout = d } }

// Defaults, and the floor of MinInterval.
const (
	DefaultMinInterval  = time.Second
	DefaultHistory      = 300
	DefaultEventBuffer  = 256
	DefaultWriteTimeout = 10 * time.Second
	minMinInterval      = 50 * time.Millisecond
)

// resolve fills in the defaults.
func (o *Options) resolve() {
	if o.MinInterval <= 0 {
		o.MinInterval = DefaultMinInterval
	}
	o.MinInterval = max(o.MinInterval, minMinInterval)
	if o.History <= 0 {
		o.History = DefaultHistory
	}
	if o.EventBuffer <= 0 {
		o.EventBuffer = DefaultEventBuffer
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	var rs []*reactor.Reactor
	for _, r := range o.Reactors {
		if r != nil {
			rs = append(rs, r)
		}
	}
	o.Reactors = rs
}
