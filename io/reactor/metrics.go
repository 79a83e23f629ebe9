package reactor

import "sync/atomic"

// Metrics is a snapshot of a Reactor's counters, for dashboards and
// alerts: the figures an operator needs to tell an attack or an overload
// from a quiet day. Reading them costs a few atomic loads.
type Metrics struct {
	Loops       int    // event loops; 0 on the portable engine
	Connections int64  // connections open now, on either engine
	Accepted    uint64 // connections accepted by Listeners so far
	// AcceptErrors counts failed accepts, such as those of a process out
	// of file descriptors (EMFILE): each is counted, and logged at most
	// once a second with the count since the last log line.
	AcceptErrors uint64
	// DatagramsDropped counts the datagrams lost because a datagram
	// socket's receive buffer was full (Linux, SO_RXQ_OVFL) or, on the
	// portable engine, its reader's queue was; see PacketConn.Dropped.
	DatagramsDropped uint64
	// Handoffs counts the times an event loop stuck in a blocked handler
	// was handed to a new goroutine (see the package documentation).
	Handoffs uint64
	// ReceiveBuffers is the number of 4 KiB buffers the io_uring loops
	// have given their receives (0 on other engines), and
	// ReceiveBuffersInUse how many of them hold input that connections
	// have not read yet.
	ReceiveBuffers, ReceiveBuffersInUse int
	// ReceivesStarved counts the times a connection's receive found its
	// io_uring loop without a free buffer and had to wait for one: now
	// and then under bursts, steadily when the loops are overloaded.
	ReceivesStarved uint64
}

// counters are the Reactor's own tallies. Nothing on the per-event path
// touches them: they count connections, failures and rare events.
type counters struct {
	open             atomic.Int64
	accepted         atomic.Uint64
	acceptErrors     atomic.Uint64
	datagramsDropped atomic.Uint64
	handoffs         atomic.Uint64
	starved          atomic.Uint64
}

// Metrics returns a snapshot of the reactor's counters.
func (r *Reactor) Metrics() Metrics {
	var provided, inRing int
	for _, l := range r.loops {
		if p, ok := l.poller.(interface{ ringBuffers() (int, int) }); ok {
			i, n := p.ringBuffers()
			inRing, provided = inRing+i, provided+n
		}
	}
	return Metrics{
		ReceiveBuffers:      provided,
		ReceiveBuffersInUse: max(0, provided-inRing),
		ReceivesStarved:     r.stats.starved.Load(),
		Loops:               len(r.loops),
		Connections:         r.stats.open.Load(),
		Accepted:            r.stats.accepted.Load(),
		AcceptErrors:        r.stats.acceptErrors.Load(),
		DatagramsDropped:    r.stats.datagramsDropped.Load(),
		Handoffs:            r.stats.handoffs.Load(),
	}
}
