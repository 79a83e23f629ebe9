package remoting

import (
	"context"
	"maps"
	"slices"
	"time"
)

// askTimeout is the timeout of every request, in every system: an actorio
// remote Ask, like protoactor's RequestFuture and nats.go's Request,
// should never wait forever.
const askTimeout = 5 * time.Second

// config is what both nodes of a run are told, by flags.
type config struct {
	System string
	Kind   string // kindTell, kindPipe or kindAsk
	N      int    // messages, round trips per pair, or requests
	Size   int    // payload bytes
	Pairs  int    // pipelined pairs
	Window int    // tell: messages unacknowledged; pipe: pings in flight per pair
	URL    string // the NATS server, for the systems that use one
	Peer   string // the receiver's address, for the systems that do not
}

// driver is one system's two nodes.
type driver struct {
	nats  bool     // its nodes talk through a NATS server
	kinds []string // the workload kinds it runs
	// receive sets up the receiving node of cfg's workload.
	receive func(cfg config, w *wire) (receiver, error)
	// send sets up the sending node and makes the untimed exchange.
	send func(cfg config, w *wire) (sender, error)
}

// receiver is the receiving node of a run.
type receiver interface {
	// addr returns where the sender reaches it directly, or "".
	addr() string
	// done is closed once a tell sink has every message; nil for the
	// other kinds, whose sender decides when the run ends.
	done() <-chan struct{}
	report() report
	// close tears the node down and reports a failure to do so cleanly.
	close() error
}

// sender is the sending node of a run.
type sender interface {
	// run is the measured phase; its report counts what the sender
	// checked (replies, pongs) or sent (tells).
	run(ctx context.Context) report
	report() report
	close() error
}

// drivers holds the systems, by name.
var drivers = map[string]driver{}

// Systems returns the names of the systems, sorted.
func Systems() []string { return slices.Sorted(maps.Keys(drivers)) }
