// Package plain implements the benchmark workloads with plain Go: a
// goroutine per actor, channels for mailboxes, sync.WaitGroup and
// time.AfterFunc. It is the baseline every ratio is measured against.
package plain

import "github.com/actorio/actorio/bench/internal/suite"

// Name is the system's name in reports.
const Name = "plain-go"

// chanCap is the capacity of the channels that stand in for mailboxes in
// the throughput workloads, as BENCHMARKS.md defines the baselines.
const chanCap = 1024

// System returns the plain-Go implementations.
func System() suite.System {
	return suite.System{Name: Name, Funcs: map[string]suite.Func{
		"round-trip":        roundTrip,
		"pipelined":         pipelined,
		"flood":             flood,
		"fan-in":            fanIn,
		"spawn":             spawn,
		"idle-memory":       idleMemory,
		"skynet":            skynet,
		"ask-roundtrip":     askRoundTrip,
		"ask-throughput":    askThroughput,
		"futures-all":       futuresAll,
		"timers-cancel":     timersCancel,
		"timers-fire":       timersFire,
		"savina-counting":   counting,
		"savina-threadring": threadRing,
		"savina-chameneos":  chameneos,
		"savina-big":        big,
		"savina-forkjoin":   forkJoin,
		"rings-20x100":      rings,
		"ring-1x100":        rings,
	}}
}
