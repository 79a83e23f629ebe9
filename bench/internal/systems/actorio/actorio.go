// Package actorio implements the benchmark workloads with actorio, as a
// user would write them: typed actors made with actor.SpawnFunc or
// actor.Spawn, Ref.Send, futures.Ask and futures.All, and the timer
// package's Scheduler. Each run gets a system of its own with the default
// options (one dispatcher worker per GOMAXPROCS).
package actorio

import (
	"context"
	"fmt"
	"time"

	"github.com/actorio/actorio/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Name is the system's name in reports.
const Name = "actorio"

// askTimeout is the timeout of every Ask: none, like the plain-Go baseline,
// whose reply channel has none either. (protoactor's RequestFuture cannot
// go without one.) A deadline adds a timer per request: see the futures
// package's benchmarks for its cost.
const askTimeout = 0 * time.Second

// System returns the actorio implementations.
func System() suite.System {
	return suite.System{Name: Name, Funcs: map[string]suite.Func{
		"round-trip":        withSystem(roundTrip),
		"pipelined":         withSystem(pipelined),
		"flood":             withSystem(flood),
		"fan-in":            withSystem(fanIn),
		"spawn":             withSystem(spawn),
		"idle-memory":       withSystem(idleMemory),
		"skynet":            withSystem(skynet),
		"ask-roundtrip":     withSystem(askRoundTrip),
		"ask-throughput":    withSystem(askThroughput),
		"futures-all":       futuresAll,
		"timers-cancel":     timersCancel,
		"timers-fire":       timersFire,
		"savina-counting":   withSystem(counting),
		"savina-threadring": withSystem(threadRing),
		"savina-chameneos":  withSystem(chameneos),
		"savina-big":        withSystem(big),
		"savina-forkjoin":   withSystem(forkJoin),
	}}
}

// withSystem gives fn a fresh system and, after it returns, checks the
// runtime's own invariant (no message was dead-lettered: every one sent
// was processed) and shuts the system down, which must succeed.
func withSystem(fn func(*suite.Run, *actor.System) (suite.Outcome, error)) suite.Func {
	return func(r *suite.Run) (suite.Outcome, error) {
		sys, err := actor.NewSystem()
		if err != nil {
			return suite.Outcome{}, err
		}
		o, err := fn(r, sys)
		m := sys.Metrics()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		serr := sys.Shutdown(ctx)
		switch {
		case err != nil:
			return o, err
		case m.DeadLetters != 0:
			return o, fmt.Errorf("actorio: %d dead letters %v", m.DeadLetters, m.DeadLettersByReason)
		case serr != nil:
			return o, fmt.Errorf("actorio: shutdown: %w", serr)
		}
		return o, nil
	}
}
