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
// registrations, or, on Linux, in io_uring_enter (see below). An event
// goes to the connection's actor, which raises
// its actor.Signal, a coalescing flag that puts at most one notification
// in the actor's mailbox however many events arrive. If the actor is
// idle, which is the usual case, the loop runs its turn at once on the
// loop goroutine (actor.Signal.RaiseHere): the Signal's run, which does
// the socket's reads and writes and calls HandleIO, then any messages
// queued, saving the hand-off to a dispatcher worker that would cost a
// goroutine switch per event; an actor that is already running, or that
// has more to do than a turn's budget, continues on the dispatcher.
// Handlers must not block, as always.
//
// # A handler that blocks anyway
//
// On a loop, a blocked handler would hold up every other connection of
// that loop, and a careless one (a database call, a channel receive) is
// only one line away. The reactor does not trust handlers with that.
// Each loop goroutine is an actor.Host, whose turns the system's watchdog
// watches as it watches its workers': a handler stuck on a loop shows as
// running, with its turn's duration, in System.Dump, and is reported as
// a SlowHandler event with its stack. Once the turn has run for the
// watchdog's threshold (actor.WithWatchdog, 1 s by default), the loop is
// handed over to a new goroutine, which goes on serving the loop's other
// connections, while the old one finishes the blocked turn and exits (see
// Metrics.Handoffs). This is how Go's runtime hands a processor over from
// a thread blocked in a system call, and it was chosen over the
// alternatives for what it costs when nothing blocks, which is what
// matters on this path: four atomic operations per turn run on a loop
// (an empty turn raised on a loop went from 54 to 59 ns). Running
// every turn on the dispatcher would cost a goroutine switch per event,
// the price the inline turns exist to avoid; giving up inline turns on a
// loop once it has been stuck would leave that loop stuck until the
// handler returned, however long. With the watchdog off, nothing is
// handed over. A handler that blocks on every request still holds a
// goroutine per blocked turn, and its own connection waits: move such
// work to actor.Blocking, which is what the SlowHandler event says.
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
// closes the connection before it is buffered; a frame's buffer grows
// only as its bytes arrive, not to the size its header claims. Output: a
// Write that would queue more than ConnOptions.MaxOutbound bytes behind
// a peer that does not read fails with ErrOutboundFull and closes the
// connection, so one slow client cannot hold a server's memory;
// Conn.Outbound tells a handler how much is queued, and Writable when it
// has drained. ConnOptions.ReadBuffer and WriteBuffer bound what the
// kernel holds for a connection on top of that.
//
// Through actors: a handler that hands its input to other actors, which
// is what handlers are for, must not let their mailboxes grow faster
// than they drain, or the memory the reactor saves piles up there. The
// pattern: spawn the downstream actor with mailbox watermarks
// (mailbox.Config.HighWater), and when it is Crowded after a Send, stop
// reading until it is Ready again:
//
//	case reactor.Frame:
//		_ = h.worker.Send(job{data: bytes.Clone(ev.Data)})
//		if h.worker.Crowded() {
//			h.c.PauseReading() // no more Frames; the peer's TCP window closes
//			actor.Await(ctx, h.worker.Ready(), func(struct{}, error) {
//				h.c.ResumeReading() // the held input is delivered first
//			})
//		}
//
// No worker is blocked: the wait is a future, and the connection's actor
// goes on handling its messages meanwhile. Each sender overshoots the
// high watermark by at most one message, so the downstream mailbox stays
// bounded by the watermark plus one message per connection. Where the
// downstream actor fans out to others, as a chat room does, it can pass
// their pressure back the same way, by holding its acknowledgements (see
// examples/chat).
//
// # Hostile peers
//
// ConnOptions.FrameTimeout evicts a peer that sends a frame too slowly,
// one byte at a time (slowloris), which no idle timeout or read deadline
// catches: every byte resets those. SECURITY.md lists every limit and
// its default, and what a hostile peer can and cannot make a server do.
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
// # io_uring
//
// On Linux, where the kernel has what they need (6.0) and allows it, the
// loops run on io_uring (EngineUring, chosen by EngineAuto; New logs once
// why not and uses epoll where a kernel, the sysctl
// kernel.io_uring_disabled or a seccomp filter refuses it). A
// connection's socket then stays armed with a multishot receive that
// takes a buffer from a ring the loop shares among its connections only
// when data arrives: an idle connection holds none, and the loop's
// buffers grow on demand from 128 KiB to 1 MiB. Its actor copies its
// input out and gives the buffers back; a paused connection stops
// receiving and copies what had arrived aside, holding none of them
// (Metrics.ReceiveBuffersInUse tells how many are held). Writes go to a
// send window of 64 KiB per connection, beyond which they queue in the
// Conn as on epoll, and the loop submits every send of an iteration in
// one io_uring_enter: about 0.1 system calls per request at 1,000 busy
// connections, against 3 (read, write, epoll_wait) on epoll. Listeners
// accept with a multishot accept, and datagram sockets wait for
// readiness through the same ring.
// Everything else (events, backpressure, timeouts, graceful close, the
// hardening limits) is the same on every engine, and every test of this
// package runs on each. On loopback the kernel's TCP work dominates
// either way, so the system calls saved are worth less CPU than their
// count suggests (see the bench suite's actorio-uring).
//
// # Looking inside
//
// Reactor.Metrics counts connections, accepts and their failures,
// hand-offs and io_uring buffers with a few atomic loads.
// Reactor.Connections lists the open connections, each with its loop,
// when it opened, its addresses, and the input it holds and the output
// it has queued as its actor left them at the end of its latest turn;
// Reactor.Listeners lists the listeners with what each has accepted.
// Neither waits for a connection's actor, and neither costs anything
// until called but a comparison at the end of each connection's turn and
// 16 bytes of each loop's registration table per connection: package
// observability/actorconsole shows them in a browser.
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
