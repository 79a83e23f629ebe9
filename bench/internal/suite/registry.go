package suite

import (
	"fmt"
	"time"
)

// Workloads returns every workload, in report order. Sizes follow
// BENCHMARKS.md; the quick sizes only prove the implementations right.
func Workloads() []Workload {
	w := []Workload{
		{
			Name: "round-trip", Title: "Round trip, 1 in flight", Op: "round trip",
			Definition: "Two actors (goroutines for plain Go) ping-pong an integer N times; pong answers v+1. " +
				"Plain Go uses two unbuffered channels. Checks: N replies summing to N(N+1)/2.",
			Full: Params{N: 100_000}, Quick: Params{N: 2_000},
			Ops: n, Msgs: times(2, n), Check: countSum(n, triangle),
		},
		{
			Name: "pipelined", Title: "Pipelined pairs (4 pairs x 100 in flight)", Op: "round trip",
			Definition: "Actors pairs; the first of each pair keeps InFlight messages outstanding to the second, " +
				"which echoes v+1, until N round trips per pair. Plain Go uses buffered channels (cap 128). " +
				"Checks: Actors x N replies, each pair's summing to N(N+1)/2.",
			Full: Params{N: 250_000, Actors: 4, InFlight: 100}, Quick: Params{N: 2_000, Actors: 4, InFlight: 100},
			Ops: pairs, Msgs: times(2, pairs),
			Check: func(p Params, o Outcome) error {
				return checkCountSum(o, int64(p.Actors*p.N), int64(p.Actors)*triangle(p))
			},
		},
		{
			Name: "flood", Title: "Flood 1->1", Op: "message",
			Definition: "One producer goroutine sends N integers to one consumer actor as fast as it can. " +
				"Plain Go uses a buffered channel (cap 1024). Checks: N messages summing to N(N-1)/2.",
			Full: Params{N: 10_000_000}, Quick: Params{N: 50_000},
			Ops: n, Msgs: n, Check: countSum(n, gauss),
		},
		{
			Name: "fan-in", Title: "Fan-in 4->1", Op: "message",
			Definition: "Actors producer goroutines send N integers in all (N/Actors each, disjoint ranges) to one " +
				"consumer actor. Plain Go uses one buffered channel (cap 1024). Checks: N messages summing to N(N-1)/2.",
			Full: Params{N: 4_000_000, Actors: 4}, Quick: Params{N: 40_000, Actors: 4},
			Ops: n, Msgs: n, Check: countSum(n, gauss),
		},
		{
			Name: "spawn", Title: "Spawn + first message + stop", Op: "actor",
			Definition: "N times: spawn an actor, send it one integer; the actor adds it to a total and stops itself. " +
				"Timed until every actor has stopped (actorio's Stopped hook, protoactor's *Stopped, the plain " +
				"goroutine's return). Checks: N messages summing to N(N-1)/2 and N stops.",
			Full: Params{N: 100_000}, Quick: Params{N: 2_000},
			Ops: n, Check: spawnCheck,
		},
		{
			Name: "idle-memory", Title: "Idle actor memory", Op: "actor", Primary: "bytes-per-actor",
			Definition: "Spawn N idle actors (plain Go: a goroutine blocked on its own buffered channel of cap 1); " +
				"after two GCs, (heap objects + goroutine stacks) growth / N is bytes-per-actor. Then each actor " +
				"handles one integer and is idle again: the same measure is bytes-per-actor-after-msg. The timed " +
				"phase is the spawning. Finally each actor stops on a negative integer. Checks: N messages summing " +
				"to N(N-1)/2, N stops.",
			Full: Params{N: 200_000}, Quick: Params{N: 2_000},
			Ops: n,
			Check: func(p Params, o Outcome) error {
				if err := spawnCheck(p, o); err != nil {
					return err
				}
				return needExtra(o, "bytes-per-actor", "bytes-per-actor-after-msg")
			},
		},
		{
			Name: "skynet", Title: "Skynet 1M",
			Definition: "Each actor spawns 10 children until N leaves; a leaf sends its number to its parent, a parent " +
				"sends the sum of its children's, and every actor stops after reporting. Timed until the root's sum " +
				"arrives. Checks: sum N(N-1)/2 (499999500000 for 1M) and 1,111,111 actors created for 1M.",
			Full: Params{N: 1_000_000}, Quick: Params{N: 10_000},
			Check: func(p Params, o Outcome) error {
				if want := SkynetActors(p.N); o.Actors != want {
					return fmt.Errorf("actors created = %d, want %d", o.Actors, want)
				}
				if want := gauss(p); o.Sum != want {
					return fmt.Errorf("sum = %d, want %d", o.Sum, want)
				}
				if o.Errors != 0 {
					return fmt.Errorf("%d spawns failed", o.Errors)
				}
				return nil
			},
		},
		{
			Name: "ask-roundtrip", Title: "Ask round trip", Op: "ask",
			Definition: "N sequential requests to a server actor, each awaited before the next; the reply is v+1. " +
				"actorio: futures.Ask + Await, without a timeout like plain Go; protoactor: RequestFuture + Result (its API needs a timeout: 5 s); " +
				"plain Go: a goroutine server and a reply channel of cap 1 per request. Checks: N replies summing to N(N+1)/2.",
			Full: Params{N: 100_000}, Quick: Params{N: 1_000},
			Ops: n, Msgs: times(2, n), Check: countSum(n, triangle),
		},
		{
			Name: "ask-throughput", Title: "Ask throughput (1k concurrent)", Op: "ask",
			Definition: "N requests to one server actor in batches of InFlight: a batch is sent, then every reply awaited. " +
				"Same APIs as the round trip. Checks: N replies summing to N(N+1)/2.",
			Full: Params{N: 200_000, InFlight: 1000}, Quick: Params{N: 5_000, InFlight: 1000},
			Ops: n, Msgs: times(2, n), Check: countSum(n, triangle),
		},
		{
			Name: "futures-all", Title: "futures All over 1,000", Op: "All over 1,000",
			Definition: "N times: make Actors (1,000) pending results, combine them, have one resolver goroutine complete " +
				"result i with i, and await the combination. actorio: a futures.Group's promises + Group.All + Await; plain Go: a " +
				"slice and a sync.WaitGroup; protoactor (no All combinator): NewFuture, the resolver sends to each " +
				"future's PID, Result on each. Checks: N x 1,000 values, each batch summing to 499,500.",
			Full: Params{N: 200, Actors: 1000}, Quick: Params{N: 5, Actors: 1000},
			Ops: n,
			Check: func(p Params, o Outcome) error {
				w := int64(p.Actors)
				return checkCountSum(o, int64(p.N)*w, int64(p.N)*w*(w-1)/2)
			},
		},
		{
			Name: "timers-cancel", Title: "Timers: 1M insert + cancel", Op: "timer",
			Definition: "Start N timers due in 1-2 s (Savina generator), then stop them all. actorio: timer.Scheduler " +
				"AfterFunc + Timer.Stop; plain Go: time.AfterFunc + Stop. Checks: every Stop reports true, no callback runs.",
			Full: Params{N: 1_000_000}, Quick: Params{N: 10_000},
			Ops: n,
			Check: func(p Params, o Outcome) error {
				if o.Count != int64(p.N) {
					return fmt.Errorf("%d of %d Stop calls reported true", o.Count, p.N)
				}
				if o.Errors != 0 {
					return fmt.Errorf("%d stopped timers fired", o.Errors)
				}
				return nil
			},
		},
		{
			Name: "timers-fire", Title: "Timers: 100k firing over 50 ms", Primary: "lateness-p99",
			Definition: "Start N timers due over [0, Span) (Savina generator); each callback records its lateness " +
				"(fire time minus its own deadline) and counts down a WaitGroup. Timed until all have fired. " +
				"Checks: each fires exactly once, none early.",
			Full: Params{N: 100_000, Span: 50 * time.Millisecond}, Quick: Params{N: 2_000, Span: 50 * time.Millisecond},
			Check: func(p Params, o Outcome) error {
				if o.Count != int64(p.N) {
					return fmt.Errorf("%d timers fired, want %d", o.Count, p.N)
				}
				if o.Errors != 0 {
					return fmt.Errorf("%d timers fired early or twice", o.Errors)
				}
				return needExtra(o, "lateness-p50", "lateness-p99")
			},
		},
	}
	w = append(w, savinaWorkloads()...)
	w = append(w, ringWorkloads()...)
	w = append(w, echoWorkloads()...)
	w = append(w, remoteWorkloads()...)
	return w
}

func n(p Params) int     { return p.N }
func pairs(p Params) int { return p.Actors * p.N }

func times(k int, f func(Params) int) func(Params) int {
	return func(p Params) int { return k * f(p) }
}

// triangle is 1 + ... + N; gauss is 0 + ... + N-1.
func triangle(p Params) int64 { return int64(p.N) * int64(p.N+1) / 2 }
func gauss(p Params) int64    { return int64(p.N) * int64(p.N-1) / 2 }
