package browsertest

import (
	"math"
	"time"

	"github.com/actorio/actorio/observability/actorconsole"
)

// fakeNode stands in for a remote node in a network of four, so that the
// page shows its section without a NATS server (the remote module tests
// the real one, remote/remoteconsole). Its counters are functions of the
// time since start, each peer's traffic rising and falling on a wave of
// its own, never going down; it starts no goroutine.
type fakeNode struct{ start time.Time }

// fakePeers are the other nodes: messages per second each way, the
// bytes of one message, a round trip, and dead letters.
var fakePeers = []struct {
	id        string
	out, in   float64
	size      float64
	rtt       time.Duration
	deadAfter float64 // a dead letter every so many seconds; 0 for none
}{
	{"8c2e41f07a9d3b65", 900, 780, 96, 420 * time.Microsecond, 0},
	{"3f9a1c02d4e7b851", 420, 510, 180, 610 * time.Microsecond, 0},
	{"e07b5d9a2c4f6138", 60, 35, 1400, 1900 * time.Microsecond, 3},
}

func (f fakeNode) read() actorconsole.Node {
	secs := time.Since(f.start).Seconds()
	n := actorconsole.Node{ID: "5a17c0de93b2e4f1", Members: len(fakePeers)}
	for i, fp := range fakePeers {
		// The integral of rate·(1 + sin(secs/2 + i)/2): never decreasing.
		phase := float64(i)
		wave := secs + math.Cos(phase) - math.Cos(secs/2+phase)
		out, in := uint64(fp.out*wave), uint64(fp.in*wave)
		p := actorconsole.Peer{
			ID: fp.id, MessagesOut: out, MessagesIn: in,
			BytesOut: uint64(float64(out) * fp.size), BytesIn: uint64(float64(in) * fp.size),
			RTT: fp.rtt + time.Duration(float64(fp.rtt)*0.3*math.Sin(secs*1.3+phase)),
		}
		if fp.deadAfter > 0 {
			p.DeadLetters = uint64(secs / fp.deadAfter)
		}
		n.Peers = append(n.Peers, p)
		n.MessagesOut += p.MessagesOut
		n.MessagesIn += p.MessagesIn
		n.BytesOut += p.BytesOut
		n.BytesIn += p.BytesIn
		n.DeadLetters += p.DeadLetters
	}
	return n
}
