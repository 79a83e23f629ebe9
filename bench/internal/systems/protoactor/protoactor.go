// Package protoactor implements the benchmark workloads with
// github.com/asynkron/protoactor-go as its users would: props from a
// function or a producer, Context.Send to PIDs, RequestFuture and
// Context.Respond, *actor.Started and *actor.Stopped for lifecycle. Each
// run gets an actor system of its own with a logger that discards, and
// stops its actors before the next run.
package protoactor

import (
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Name is the system's name in reports.
const Name = "protoactor"

// askTimeout is the timeout every RequestFuture carries.
const askTimeout = 5 * time.Second

const noTimers = "protoactor-go has no timer scheduler of its own (its scheduler package wraps time.AfterFunc)"

// System returns the protoactor implementations.
func System() suite.System {
	return suite.System{
		Name: Name,
		Funcs: map[string]suite.Func{
			"round-trip":        withSystem(roundTrip),
			"pipelined":         withSystem(pipelined),
			"flood":             withSystem(flood),
			"fan-in":            withSystem(fanIn),
			"spawn":             withSystem(spawn),
			"idle-memory":       withSystem(idleMemory),
			"skynet":            withSystem(skynet),
			"ask-roundtrip":     withSystem(askRoundTrip),
			"ask-throughput":    withSystem(askThroughput),
			"futures-all":       withSystem(futuresAll),
			"savina-counting":   withSystem(counting),
			"savina-threadring": withSystem(threadRing),
			"savina-chameneos":  withSystem(chameneos),
			"savina-big":        withSystem(big),
			"savina-forkjoin":   withSystem(forkJoin),
			"rings-20x100":      withSystem(rings),
			"ring-1x100":        withSystem(rings),
		},
		NA: map[string]string{"timers-cancel": noTimers, "timers-fire": noTimers},
	}
}

// env is one run's actor system and the top-level actors to stop after it.
type env struct {
	sys *actor.ActorSystem
	top []*actor.PID
}

// spawn starts a top-level actor that is stopped when the run ends. Actors
// that stop themselves are spawned with sys.Root.Spawn instead, since
// stopping a stopped actor would make a dead letter.
func (e *env) spawn(props *actor.Props) *actor.PID {
	pid := e.sys.Root.Spawn(props)
	e.top = append(e.top, pid)
	return pid
}

func (e *env) send(pid *actor.PID, msg any) { e.sys.Root.Send(pid, msg) }

// withSystem gives fn a fresh actor system, counts the user messages
// dead-lettered while fn runs (there must be none: every message sent
// must reach a live actor; protoactor dead-letters the Stop it sends to
// children that stopped themselves, which is not a lost message), then stops the top-level actors, waiting for each,
// and shuts the system down.
func withSystem(fn func(*suite.Run, *env) (suite.Outcome, error)) suite.Func {
	return func(r *suite.Run) (suite.Outcome, error) {
		e := &env{sys: actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
			return slog.New(slog.DiscardHandler)
		}))}
		var dead atomic.Int64
		sub := e.sys.EventStream.Subscribe(func(evt any) {
			if d, ok := evt.(*actor.DeadLetterEvent); ok {
				if _, system := d.Message.(actor.SystemMessage); !system {
					dead.Add(1)
				}
			}
		})
		o, err := fn(r, e)
		e.sys.EventStream.Unsubscribe(sub)
		for _, pid := range e.top {
			_ = e.sys.Root.StopFuture(pid).Wait()
		}
		e.sys.Shutdown()
		if n := dead.Load(); err == nil && n != 0 {
			err = fmt.Errorf("protoactor: %d dead letters", n)
		}
		return o, err
	}
}
