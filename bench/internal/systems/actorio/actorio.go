// Package actorio implements the benchmark workloads with actorio, as a
// user would write them: typed actors made with actor.SpawnFunc or
// actor.Spawn, Ref.Send, futures.Ask and futures.All, and the timer
// package's Scheduler. Each run gets a system of its own with the default
// options (one dispatcher worker per GOMAXPROCS); OneWorker runs the same
// code in systems with one worker.
package actorio

import (
	"context"
	"fmt"
	"time"

	"github.com/actorio/actorio/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Names of the systems in reports: actorio with the default options, and
// the same implementations in systems with one dispatcher worker.
const (
	Name          = "actorio"
	OneWorkerName = "actorio-1w"
)

// askTimeout is the timeout of every Ask: none, like the plain-Go baseline,
// whose reply channel has none either. (protoactor's RequestFuture cannot
// go without one.) A deadline adds a timer per request: see the futures
// package's benchmarks for its cost.
const askTimeout = 0 * time.Second

// SchedulerSensitive returns the names of the workloads on which the
// number of dispatcher workers decides the figure: one token or a few
// messages in flight per actor, so that a message can wake an idle actor
// on another worker. OneWorker runs these.
func SchedulerSensitive() []string {
	return []string{"rings-20x100", "ring-1x100", "pipelined", "fan-in", "savina-threadring", "savina-big", "savina-counting"}
}

// System returns the actorio implementations, each run in a system with
// the default options.
func System() suite.System { return suite.System{Name: Name, Funcs: funcs(0)} }

// OneWorker returns the actorio implementations of the SchedulerSensitive
// workloads, each run in a system built with actor.WithWorkers(1): beside
// System, it shows what the default's further workers cost or gain. Its
// other workloads are marked not applicable.
func OneWorker() suite.System {
	s := suite.System{Name: OneWorkerName, Funcs: map[string]suite.Func{}, NA: map[string]string{}}
	all := funcs(1)
	for _, name := range SchedulerSensitive() {
		s.Funcs[name] = all[name]
	}
	for name := range all {
		if s.Funcs[name] == nil {
			s.NA[name] = "the one-worker comparison covers the scheduler-sensitive workloads only"
		}
	}
	return s
}

// funcs returns every implementation, with systems of the given number of
// dispatcher workers (0: the default, one per GOMAXPROCS).
func funcs(workers int) map[string]suite.Func {
	with := func(fn func(*suite.Run, *actor.System) (suite.Outcome, error)) suite.Func {
		return withSystem(fn, workers)
	}
	return map[string]suite.Func{
		"round-trip":        with(roundTrip),
		"pipelined":         with(pipelined),
		"flood":             with(flood),
		"fan-in":            with(fanIn),
		"spawn":             with(spawn),
		"idle-memory":       with(idleMemory),
		"skynet":            with(skynet),
		"ask-roundtrip":     with(askRoundTrip),
		"ask-throughput":    with(askThroughput),
		"futures-all":       futuresAll,
		"timers-cancel":     timersCancel,
		"timers-fire":       timersFire,
		"savina-counting":   with(counting),
		"savina-threadring": with(threadRing),
		"savina-chameneos":  with(chameneos),
		"savina-big":        with(big),
		"savina-forkjoin":   with(forkJoin),
		"rings-20x100":      with(rings),
		"ring-1x100":        with(rings),
	}
}

// withSystem gives fn a fresh system of the given number of dispatcher
// workers (0: the default) and, after it returns, checks the runtime's
// own invariant (no message was dead-lettered: every one sent was
// processed) and that the system ran the workers asked for, and shuts it
// down, which must succeed.
func withSystem(fn func(*suite.Run, *actor.System) (suite.Outcome, error), workers int) suite.Func {
	return func(r *suite.Run) (suite.Outcome, error) {
		var opts []actor.Option
		if workers > 0 {
			opts = append(opts, actor.WithWorkers(workers))
		}
		sys, err := actor.NewSystem(opts...)
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
		case workers > 0 && m.Workers != workers:
			return o, fmt.Errorf("actorio: the system ran %d dispatcher workers, want %d", m.Workers, workers)
		case serr != nil:
			return o, fmt.Errorf("actorio: shutdown: %w", serr)
		}
		return o, nil
	}
}
