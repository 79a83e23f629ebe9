// Package remote lets the actors of several processes and machines talk to
// each other on NATS, through the same actor.Ref and actor.PID as local
// actors.
//
// A Node joins an actor.System to a NATS network: Start it with a server
// URL (WithURL), an existing connection (WithConn), or an embedded server
// in the process for development and tests (WithEmbeddedServer). Register
// makes a local actor reachable under a service key; Lookup on any node
// returns a typed Ref to it, which Send, Stop, Poison, PID and Watch work
// on as on a local actor:
//
//	node, err := remote.Start(ctx, sys, remote.WithURL("nats://10.0.0.1:4222"),
//		remote.WithRegistry(reg)) // the message types that may cross
//	...
//	_ = remote.Register(node, "kv.shard-1", shard)          // on one node
//	kv, err := remote.Lookup[kv.Command](ctx, node, "kv.shard-1") // on any
//	_ = kv.Send(kv.Put{Key: "a", Value: "1"})
//
// # Services
//
// Several actors, on one node or many, may be registered under one key.
// Lookup takes turns among them; Balanced returns a Ref that spreads
// every message over them through a NATS queue group; WatchService tells
// an actor as instances come and go.
//
// # Messages
//
// Only registered types cross the network (package codec: CBOR by
// default, JSON and protobuf as options, each with limits against hostile
// input). A
// message that cannot be encoded or is too large fails its Send and is a
// dead letter on the sender; one that the receiver cannot decode (an
// unknown type, a payload over the limit, invalid data) is a dead letter
// on the receiver, reported with the reason, and harms nothing else.
//
// # Guarantees
//
// Delivery is at most once, and ordered per sender-receiver pair: the
// messages for one actor always travel on the same subject, in the order
// they were sent. Every loss the sender can know about is a dead letter
// on the sender with its reason: encoding failed, too large, the node is
// known down, the outbound queue is full (MaxOutbound), NATS refused the
// batch. A message lost in flight (a connection dropped after the
// publish, a receiver too slow for its subscription's pending limits)
// cannot be detected by the sender; the receiver counts what it drops.
// Nothing is retried.
//
// # Failure detection
//
// Nodes publish heartbeats (WithHeartbeat). A node silent for DownAfter,
// or that leaves, is down for good: every watcher of its actors gets one
// actor.Terminated whose reason wraps ErrNodeDown, and sends to its actors
// fail fast with ErrNodeDown. A restarted process is a new incarnation
// with a new node ID; refs to the old one keep failing. Watching an actor
// that does not exist gives a Terminated at once (ErrUnknownActor). A
// node declared down while it was merely paused or cut off is told so
// when it is heard again: it lets the others go in turn and counts it in
// Metrics.Quarantined, so that the application can restart it.
//
// # Backpressure
//
// Ref.Crowded reports a remote actor crowded while more than half of
// MaxOutbound waits to be published to its node, and Ref.Ready completes
// once it has gone out: a sender that can hold back never meets
// ErrOutboundFull.
//
// # Observability
//
// Node.Metrics counts messages, batches, bytes and dead letters in total
// and per peer, with each peer's heartbeat round trip; Node.Dump prints
// them, and package remoteconsole shows them, as rates and charts, in the
// live console of package actorconsole. Nothing a peer sends grows the
// node's tables without bound: the remote actors met in messages are held
// by weak pointer, and counters exist only for members and for nodes this
// one sends to.
//
// # Transport
//
// Messages for a node are batched into one NATS message per data shard
// (WithShards): a batch goes out as soon as the previous one is
// published, so batches grow with load and add no delay when idle. Each
// shard is decoded by its own goroutine; NATS callbacks decode and post,
// and never block. Stop, watch and termination travel on a control
// subject of their own, so data cannot delay them.
//
// # References and requests
//
// An actor.Ref or a futures.Promise inside a message travels as a
// reference: a reply-to Ref sent to another node points back to the
// actor, and futures.Ask and futures.PipeTo work across nodes unchanged.
// Every remote request ends in a reply, an error, ErrNodeDown (its node
// went down first) or its timeout; none waits forever, and nothing is
// retried. Errors that happened on the other node arrive as a
// RemoteError that wraps the runtime's sentinel when there is one
// (futures.ErrBrokenPromise when the actor stopped without replying,
// actor.ErrStopped, ErrUnknownActor, codec errors).
package remote
