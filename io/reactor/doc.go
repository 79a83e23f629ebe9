// Package reactor turns sockets into actors: each TCP, Unix or UDP socket
// is an actor of an actor.System, woken by event loops when the socket is
// ready, reading and writing on the system's dispatcher without ever
// blocking it. An idle connection is a few hundred bytes and no
// goroutine, so a service can hold a hundred thousand of them.
//
//	sys, _ := actor.NewSystem()
//	r, _ := reactor.New(sys)
//	ln, _ := reactor.Listen(sys, r, "tcp", "127.0.0.1:7000",
//		func(c *reactor.Conn) reactor.Handler[struct{}] { return &echo{c} })
//	defer sys.Shutdown(ctx) // closes ln, its connections, and the loops
//
//	type echo struct{ c *reactor.Conn }
//
//	func (e *echo) Receive(*actor.Context[struct{}], struct{}) {}
//
//	func (e *echo) HandleIO(ctx *actor.Context[struct{}], ev reactor.Event) {
//		if _, ok := ev.(reactor.Readable); ok {
//			e.c.Write(e.c.Next(e.c.Buffered()))
//		}
//	}
//
// # Connections are actors
//
// A connection's actor has a Handler[M]: Receive handles the messages of
// type M other actors send it (a chat room sending a line to print), and
// HandleIO handles the connection's events, in order: [Readable] (input
// is buffered: consume it with Conn.Next, Peek and Discard, or Read), or
// one [Frame] per frame with a codec (see WithCodec and package
// io/codec); [Writable] when queued output has drained; [PeerClosed] at
// end of stream; and [Closed], exactly once, last, with the reason. The
// actor stops after Closed; stopping the actor closes the connection.
// Listen and Serve make each accepted connection a child of the
// Listener's actor; Dial and Adopt make one under a parent of your choice
// and return its actor.Ref[M].
//
// # Event loops
//
// A Reactor runs Options.Loops event loops, each a goroutine waiting in
// epoll_wait (kqueue on macOS and the BSDs) on edge-triggered
// registrations. An event raises the connection's actor.Signal, a
// coalescing flag that puts at most one notification in the actor's
// mailbox however many events arrive. If the actor is idle, which is the
// usual case, the loop runs its turn at once on the loop goroutine
// (actor.Signal.RaiseHere), saving the hand-off to a dispatcher worker
// that would cost a goroutine switch per event; an actor that is already
// running, or that has more to do than a turn's budget, continues on the
// dispatcher. Handlers must not block, as always: on a loop, a blocked
// handler would also hold up the loop's other connections.
//
// The actor reads until the socket is empty, or a read comes back short,
// which says the same without another system call (up to 8 reads a turn,
// then it yields), into a buffer from a size-classed pool, which it
// returns once everything read has been consumed: an idle connection
// holds no buffer. A generation number in each registration's token
// keeps an event for a closed socket from reaching the actor of a new one
// that got the same fd.
//
// Writes go to the socket at once when nothing is queued; what does not
// fit is queued in pooled buffers and written with writev when the
// socket has room (the loop watches for room only while output is
// queued).
//
// # Backpressure
//
// Input: a connection reads only while fewer than ConnOptions.ReadHighWater
// bytes wait to be consumed, then stops watching the socket, so a slow
// handler slows the peer through TCP instead of growing memory; it
// resumes below ReadLowWater. With a codec, whole frames are delivered
// as soon as they arrive, and a frame larger than the codec's limit
// closes the connection before it is buffered. Output: a Write that
// would queue more than ConnOptions.MaxOutbound bytes behind a peer that
// does not read fails with ErrOutboundFull and closes the connection, so
// one slow client cannot hold a server's memory; Conn.Outbound tells a
// handler how much is queued, and Writable when it has drained.
//
// # Timeouts and closing
//
// ConnOptions.IdleTimeout, Conn.SetReadDeadline and SetWriteDeadline run
// on the system's timer wheel and close the connection with
// ErrIdleTimeout, ErrReadTimeout or ErrWriteTimeout; Dial's timeout fails
// it with ErrDialTimeout. Conn.CloseWrite half-closes after the queued
// output. Conn.Close, a stopped actor and System.Shutdown close
// gracefully: the queued output is written by the event loop, in the
// background, for up to Options.FlushTimeout, and Shutdown waits for it;
// errors (a reset, a timeout, a full queue) drop it.
//
// # Datagrams
//
// ListenPacket makes a UDP socket an actor whose handler gets a
// [Datagram] event per datagram and sends with PacketConn.WriteTo.
//
// # Portable engine and TLS
//
// Where there is no epoll or kqueue (Windows), and with
// WithEngine(EnginePortable), connections run on package net with a
// reader and a writer goroutine each, behind the same API: every program
// works everywhere, at about 9 KB of RSS per idle connection (two
// goroutine stacks and the reader's buffer, which starts at 2 KB) instead
// of about 430 bytes; measured on Linux. TLS connections
// (WithTLS) always use the portable engine, since crypto/tls needs a
// net.Conn to read from.
package reactor
