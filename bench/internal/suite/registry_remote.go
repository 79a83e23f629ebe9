package suite

import "fmt"

// Names of the remote messaging workloads' own metrics. A name ending in
// "-per-op" is per operation of the workload (its Op: a message or a
// round trip).
const (
	MetricCPUPerOp         = "cpu-per-op"          // us: CPU of every process involved, per operation
	MetricSenderCPUPerOp   = "cpu-sender-per-op"   // us: the sender's share
	MetricReceiverCPUPerOp = "cpu-receiver-per-op" // us: the receiver's share
	MetricServerCPUPerOp   = "cpu-server-per-op"   // us: the NATS server's share, where there is one
	MetricWirePerOp        = "wire-bytes-per-op"   // B written to TCP by the sender and receiver, per operation
	MetricNATSBytesPerOp   = "nats-bytes-per-op"   // B: NATS server in_bytes (payloads) per operation
	MetricOpsPerNATSMsg    = "ops-per-nats-msg"    // operations per NATS message published: the batching
)

// Peers that the remote workloads' targets name.
const (
	peerProtoactor = "protoactor"
	peerNATS       = "nats"
)

// remoteSetup is what every remote workload shares in its definition.
const remoteSetup = "Two nodes run in processes of their own, re-executed from this binary, with GOMAXPROCS=1 each: " +
	"the receiver pinned to the first CPU, the sender to the second. actorio (package remote, default options " +
	"but its registry of message types, CBOR) and nats (raw nats.go, the floor) talk through a NATS server " +
	"(nats-server v2, run by this binary as a third process of its own, pinned to the first CPU with the " +
	"receiver, GOMAXPROCS=1); protoactor's nodes (protoactor-go remote, gRPC, wrapperspb.BytesValue messages) " +
	"talk directly. Every message carries Payload bytes: its sequence number, its stream number, and bytes that " +
	"depend on the stream, checked on arrival. Setup (processes, connections, lookups, one untimed exchange) is " +
	"not timed. cpu-per-op is the user + system CPU time of every process involved (sender, receiver, NATS " +
	"server; each reads its own with getrusage just before and after the measured phase) per operation, split " +
	"by process in the cpu-*-per-op metrics. wire-bytes-per-op is what the sender and receiver processes wrote " +
	"to their TCP connections in the measured phase (counted by a net.Conn wrapper: nats.go's custom dialer; " +
	"gRPC transport credentials wrapping both dialed and accepted connections), per operation; a NATS server " +
	"relays those bytes once more to the receiver, which is not counted there. nats-bytes-per-op is the " +
	"server's in_bytes (payloads only, from Varz) per operation, and ops-per-nats-msg the operations per " +
	"NATS message published (in_msgs): how much a transport batches."

// remoteWorkloads returns the remote messaging workloads of issue 13: a
// tell flood, pipelined pairs, and Ask round trips of three sizes.
func remoteWorkloads() []Workload {
	metrics := []string{MetricCPUPerOp, MetricSenderCPUPerOp, MetricReceiverCPUPerOp, MetricWirePerOp}
	ask := func(name, title string, payload int) Workload {
		return Workload{
			Name: name, Title: title, Op: "round trip", Primary: MetricRTTP50, OutOfProcess: true,
			Summary: []string{MetricRTTP99, MetricCPUPerOp},
			Targets: []Target{{Peer: peerNATS, Max: 1.2}, {Metric: MetricRTTP99, Peer: peerProtoactor, Max: 1},
				{Metric: MetricCPUPerOp, Peer: peerProtoactor, Max: 0.7}},
			Definition: "The sender makes N requests of Payload bytes to one actor of the receiver, which replies " +
				"with the same bytes, each request awaited before the next: actorio futures.Ask (5 s timeout) and " +
				"Await on a Ref from remote.Lookup; protoactor RequestFuture (5 s) and Result; nats nc.Request (5 s) " +
				"answered by Msg.Respond. rtt-p50 and rtt-p99 are the sender's times of each request, nearest rank. " +
				remoteSetup + " Checks: N replies, each equal to its request byte for byte, sequence numbers " +
				"summing to N(N-1)/2.",
			Full: Params{N: 10_000, Payload: payload}, Quick: Params{N: 300, Payload: payload},
			Ops: n, Msgs: times(2, n),
			Check: remoteCheck(n, gauss, append(metrics, MetricRTTP50, MetricRTTP99)...),
		}
	}
	pairMsgs := func(p Params) int { return 2 * p.Actors * p.N }
	return []Workload{
		{
			Name: "remote-tell", Title: "Remote tell 1->1, 100 B", Op: "message", OutOfProcess: true,
			Summary: []string{MetricCPUPerOp, MetricWirePerOp},
			Targets: []Target{{Peer: peerProtoactor, Max: 0.5}, {Metric: MetricCPUPerOp, Peer: peerProtoactor, Max: 0.5}},
			Definition: "One sender goroutine sends N messages of Payload bytes to one actor of the receiver " +
				"(actorio: Ref.Send on a Ref from remote.Lookup; protoactor: Root.Send to the receiver's PID; nats: " +
				"Publish to a subject with one subscriber; nats-b100: the same with 100 messages packed into each " +
				"Publish, as a batching transport would). Flow control, the same for every system: the sender keeps " +
				"at most InFlight messages unacknowledged, and the receiving actor grants credit every InFlight / 8 " +
				"messages with a message back (actorio: to a Ref carried by a first hello message; protoactor: to the " +
				"hello's sender PID; nats: on a subject), so that no queue grows without bound and no at-most-once " +
				"transport drops messages for overload. Timed from the sender's start until the receiver has all N. " +
				remoteSetup + " Checks: the receiver got N messages, in the order sent, each equal to what was sent, " +
				"sequence numbers summing to N(N-1)/2; no dead letter and no message dropped on either node.",
			Full: Params{N: 1_000_000, InFlight: 50_000, Payload: 100}, Quick: Params{N: 20_000, InFlight: 4_096, Payload: 100},
			Ops: n, Msgs: n, Check: remoteCheck(n, gauss, metrics...),
		},
		{
			Name: "remote-pipelined", Title: "Remote pipelined pairs (100 x 10 in flight)", Op: "message", OutOfProcess: true,
			Summary: []string{MetricCPUPerOp},
			Targets: []Target{{Peer: peerProtoactor, Max: 0.5}},
			Definition: "Actors pairs, each a pinger actor on the sender node and a ponger actor on the receiver: " +
				"the pinger keeps InFlight pings of Payload bytes outstanding and the ponger tells each one back " +
				"(actorio: to the actor.Ref the ping carries, each ponger registered under a key of its own and " +
				"found with remote.Lookup; protoactor: Context.Request and Respond between named actors; nats: a " +
				"subscription per ponger answering on the ping's reply subject, a subscription per pinger), until " +
				"N round trips per pair. Time per message counts both directions (2 x Actors x N messages). " +
				remoteSetup + " Checks: every pair's pongs arrive in order, each equal to its ping, Actors x N in " +
				"all, each pair's sequence numbers summing to N(N-1)/2; no dead letter.",
			Full:  Params{N: 5_000, Actors: 100, InFlight: 10, Payload: 100},
			Quick: Params{N: 50, Actors: 100, InFlight: 10, Payload: 100},
			Ops:   pairMsgs, Msgs: pairMsgs,
			Check: remoteCheck(func(p Params) int { return p.Actors * p.N },
				func(p Params) int64 { return int64(p.Actors) * gauss(p) }, metrics...),
		},
		ask("remote-ask-100", "Remote Ask round trip, 100 B", 100),
		ask("remote-ask-1k", "Remote Ask round trip, 1 KB", 1024),
		ask("remote-ask-10k", "Remote Ask round trip, 10 KB", 10*1024),
	}
}

// remoteCheck verifies a remote run of count(p) messages or replies whose
// sequence numbers sum to sum(p), none out of order or different from
// what was sent, and the named metrics reported.
func remoteCheck(count func(Params) int, sum func(Params) int64, metrics ...string) func(Params, Outcome) error {
	return func(p Params, o Outcome) error {
		if err := checkCountSum(o, int64(count(p)), sum(p)); err != nil {
			return err
		}
		if o.Errors != 0 {
			return fmt.Errorf("%d messages out of order or different from what was sent", o.Errors)
		}
		return needExtra(o, metrics...)
	}
}
