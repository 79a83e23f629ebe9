package suite

import "fmt"

// savinaWorkloads returns the Savina workloads (Imam and Sarkar, 2014)
// that BENCHMARKS.md selects, with their checks.
func savinaWorkloads() []Workload {
	return []Workload{
		{
			Name: "savina-counting", Title: "Savina Counting", Op: "message",
			Definition: "A producer actor sends N increments to a counter actor, then asks for the count. " +
				"Plain Go: goroutines and a buffered channel (cap 1024). Checks: count == N.",
			Full: Params{N: 1_000_000}, Quick: Params{N: 10_000},
			Ops: n, Msgs: n,
			Check: func(p Params, o Outcome) error {
				if o.Count != int64(p.N) {
					return fmt.Errorf("count = %d, want %d", o.Count, p.N)
				}
				return nil
			},
		},
		{
			Name: "savina-threadring", Title: "Savina ThreadRing", Op: "hop",
			Definition: "Actors actors in a ring pass a token that starts at N and is decremented at each hop. " +
				"Checks: the actor that sees 0 has index N mod Actors; each actor forwarded floor or ceil of N/Actors times, N in all.",
			Full: Params{N: 100_000, Actors: 100}, Quick: Params{N: 2_000, Actors: 100},
			Ops: n, Msgs: n, Check: ringCheck,
		},
		{
			Name: "savina-chameneos", Title: "Savina Chameneos", Op: "meeting",
			Definition: "Actors creatures ask a mall actor to meet; the mall pairs them until N meetings, then tells each " +
				"arriving creature to exit, and creatures report their meeting counts. Checks: N meetings, " +
				"Actors exits, and the per-creature meetings sum to 2N.",
			Full: Params{N: 200_000, Actors: 100}, Quick: Params{N: 2_000, Actors: 100},
			Ops: n, Msgs: times(4, n), Check: chameneosCheck,
		},
		{
			Name: "savina-big", Title: "Savina Big", Op: "ping",
			Definition: "Actors actors each send N pings, one at a time, to peers chosen by the Savina generator; a peer " +
				"answers pong with its own index. Checks: Actors x N pongs, each from the peer pinged, and Actors exit messages.",
			Full: Params{N: 20_000, Actors: 120}, Quick: Params{N: 200, Actors: 120},
			Ops: pairs, Msgs: times(2, pairs),
			Check: func(p Params, o Outcome) error {
				if err := countExits(o, int64(p.Actors*p.N), int64(p.Actors)); err != nil {
					return err
				}
				if o.Errors != 0 {
					return fmt.Errorf("%d pongs came from a peer other than the one pinged", o.Errors)
				}
				return nil
			},
		},
		{
			Name: "savina-forkjoin", Title: "Savina ForkJoin throughput", Op: "message",
			Definition: "A driver sends N messages to each of Actors actors, round-robin; each message costs a small " +
				"sin/cos computation. Checks: Actors x N (600,000) messages processed and the count of results above 0.5.",
			Full: Params{N: 10_000, Actors: 60}, Quick: Params{N: 200, Actors: 60},
			Ops: pairs, Msgs: pairs,
			Check: func(p Params, o Outcome) error {
				var hits int64
				for i := range p.N {
					if ForkJoinWork(i) {
						hits++
					}
				}
				return checkCountSum(o, int64(p.Actors*p.N), int64(p.Actors)*hits)
			},
		},
	}
}
