// Package actor runs typed actors on a bounded pool of goroutines.
//
// An actor is a value that handles messages of one type, one at a time,
// so its state needs no locks. Messages wait in the actor's mailbox; an
// idle actor holds no goroutine and about 128 bytes of memory (240 once
// it has handled messages: its mailbox keeps its last queue segment,
// measured by TestIdleActorSize). A System
// schedules ready actors onto a fixed number of dispatcher workers, which
// never block on a full mailbox, a future or another actor.
//
// # Spawning and sending
//
// Spawn and SpawnFunc return a Ref[M], so sending the wrong type is a
// compile error:
//
//	sys, _ := actor.NewSystem()
//	defer sys.Shutdown(context.Background())
//	greeter, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[string], name string) {
//		fmt.Println("hello,", name)
//	})
//	greeter.Send("world")
//
// An actor that takes messages of several types takes a sealed interface,
// one unexported marker method per message type, and switches on the
// type; the compiler then refuses anything else:
//
//	type roomMsg interface{ isRoomMsg() }
//	type join struct{ who string }
//	type say struct{ who, text string }
//
//	func (join) isRoomMsg() {}
//	func (say) isRoomMsg()  {}
//
// Sending a struct as an interface copies it to the heap once, as any
// conversion to an interface does; a pointer-shaped message (a pointer,
// or a struct holding just one) costs nothing more. Adapt gives such an
// actor a Ref of another type without an actor in between, for example a
// Ref[int] for a worker that replies with ints. Context.Parent and
// Context.Children give PIDs: RefOf turns one into a Ref of the type the
// actor takes, and PID.Send sends to it with the type checked at run time.
//
// Use Ref[any] for actors that take messages of any type.
//
// # Delivery
//
// Every message sent is either processed or reported on the system's
// event stream as a DeadLetter with its reason: the actor had stopped, its
// bounded mailbox was full or dropped it (see package mailbox), its handler
// panicked, or the system shut down. Send returns an error when it knows
// at once that the message cannot be delivered. Messages from one sender
// to one actor arrive in the order they were sent. System messages (stop,
// supervision, watch) overtake queued messages at the next message
// boundary.
//
// # Failure and supervision
//
// A panic in a handler is recovered. The message being handled goes to
// dead letters with a *PanicError, the actor is suspended with the rest of
// its mailbox intact, and its parent's Strategy chooses a Directive:
// Resume, Restart (a fresh instance from the actor's producer), Stop, or
// Escalate. Parents are the actor's spawner: top-level actors are
// supervised by the system. Restart limits and backoff are part of the
// strategy.
//
// # Stopping
//
// Ref.Stop and Context.Stop stop an actor after its current message;
// Ref.Poison stops it after the messages queued before the pill. Either
// way its children stop first, its hooks run, and Watch-ers get a
// Terminated. System.Shutdown stops everything, children before parents,
// and waits for every goroutine the system started. System.OnShutdown
// registers what must stop after the actors, such as a network reactor.
//
// # Signals
//
// A Signal[M] wakes an actor of message type M from any goroutine with a
// set of flags, coalescing: however often it is raised, the actor has at
// most one run of its SignalHandler[M] queued, and that run sees every
// flag raised before it. It is how event sources that fire far more often
// than an actor can usefully react, such as socket readiness (package
// io/reactor), reach actors without filling their mailboxes.
// Signal.RaiseHere runs an idle actor's turn on the raising goroutine, a
// Host (System.NewHost): the same turn a dispatcher worker runs, which
// takes the Signal from the Host and runs it first, with no system
// message and no allocation.
//
// # Timers
//
// Context.After and Context.Every send the actor a message later or
// periodically, and Context.SetReceiveTimeout tells it when it has been
// idle. They run on the system's sharded timer wheel (System.Timers), cost
// no goroutine per timer, and are cancelled when the actor stops or
// restarts, so no message from its own timers reaches a stopped actor or a
// fresh instance.
//
// # Waiting without blocking
//
// A handler must not block its worker. To wait for a reply, use
// actor.Await (the continuation runs inside the actor when the future
// completes) or futures.PipeTo (the result arrives as a message). Blocking
// work goes to actor.Blocking, which runs it on a separate bounded pool,
// or to an actor spawned WithDedicatedGoroutine.
//
// # Observability
//
// System.Metrics returns counters (actors, messages, dead letters by
// reason, restarts, busy workers, run queue, blocking pool, pending
// timers) and histograms of mailbox depth and of sampled turn durations.
// System.Snapshot and System.Dump list every live actor with its path,
// parent, state, message type, estimated mailbox depth, restarts and
// watchers, without stopping the system. Package
// github.com/actorio/actorio/observability/actorhttp serves both over HTTP
// (text or JSON) and publishes the metrics through package expvar, and
// package observability/actorconsole shows them, with the event stream,
// as a live page in a browser; package actor itself imports neither
// net/http nor expvar.
//
// WithProfilerLabels tags each turn's goroutine with pprof labels "actor"
// and "message", so CPU profiles show which actor burned the time.
//
// A watchdog (WithWatchdog, 1 s by default) publishes a SlowHandler event,
// with the worker's stack, for every turn that runs longer than its
// threshold. A slow handler holds a dispatcher worker that every other
// actor needs: move the blocking or long work to actor.Blocking, or spawn
// the actor WithDedicatedGoroutine.
//
// # Message context
//
// A message can carry its sender's context.Context, for values such as a
// trace: send it with Ref.SendContext (or futures.AskContext for a
// request), read it in the handler with Context.MessageContext, and pass
// it on to the messages the handler sends. WithTurnHook calls a TurnHook
// around every message handled, with that context: package
// observability/actorotel makes one that traces actors with
// OpenTelemetry.
//
// # Importing
//
// Importing actor starts no goroutine of actorio's and registers nothing
// anywhere: a System's goroutines start with NewSystem and end with
// Shutdown. The ants dependency, whose pools run the workers, does start
// two goroutines when it is imported (the purger and the clock of its
// default pool, a package variable of ants); that is ants' behaviour,
// and actorio never uses that pool. A goleak check ignores them with
//
//	goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
//	goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
package actor
