package suite

import "fmt"

// ringProtocol is what every ring workload's definition shares.
const ringProtocol = "Each ring is Actors actors (actorio: actor.SpawnFunc actors; protoactor: PropsFromFunc actors; " +
	"plain Go: a goroutine per member reading its own channel of cap 1, the channel a Go programmer gives a " +
	"goroutine that stands for an actor, as in Savina ThreadRing here; with one token per ring a send never " +
	"waits for room, so it behaves as an unbuffered channel would), with one token. The first member starts " +
	"its ring's token with hop count 1; every member forwards the count plus one to the next member; the first " +
	"member counts its laps and, after N / (Rings x Actors) laps, reports the count instead of forwarding it. " +
	"Time per hop is the measured phase over N hops. Every hop wakes an idle actor, so the figure is the " +
	"scheduler's hand-off, not mailbox throughput. Checks: every ring's token comes back to its first member " +
	"with hop count N / Rings, and every member forwarded exactly N / (Rings x Actors) times."

// ringWorkloads returns the token-ring workloads: many rings at once,
// which a work-stealing scheduler should spread over its workers, and a
// single ring, in which one actor at a time is runnable, its worst case.
func ringWorkloads() []Workload {
	return []Workload{
		{
			Name: "rings-20x100", Title: "Rings, 20 x 100 actors", Op: "hop",
			Definition: "Rings rings pass their tokens at the same time. " + ringProtocol,
			Full:       Params{N: 2_000_000, Rings: 20, Actors: 100}, Quick: Params{N: 10_000, Rings: 20, Actors: 100},
			Ops: n, Msgs: n, Check: ringsCheck,
		},
		{
			Name: "ring-1x100", Title: "Ring, 1 x 100 actors", Op: "hop",
			Definition: "The same code as rings-20x100 with a single ring: one actor at a time has a message, " +
				"the worst case for a scheduler that spreads actors over workers. " + ringProtocol,
			Full: Params{N: 1_000_000, Rings: 1, Actors: 100}, Quick: Params{N: 2_000, Rings: 1, Actors: 100},
			Ops: n, Msgs: n, Check: ringsCheck,
		},
	}
}

// RingLaps returns how many times each ring workload's token goes around
// its ring: N / (Rings x Actors).
func RingLaps(p Params) int { return p.N / (p.Rings * p.Actors) }

// ringsCheck verifies a ring workload: each ring's token came back with
// N/Rings hops, counted by the token, and each member forwarded it once
// per lap, counted by the member. The two counts are kept apart, so a
// lost, duplicated or misrouted token shows in one or the other.
func ringsCheck(p Params, o Outcome) error {
	if p.Rings < 1 || p.Actors < 1 || p.N < 1 || p.N%(p.Rings*p.Actors) != 0 {
		return fmt.Errorf("sizes: N = %d is not a whole number of laps of %d rings of %d actors", p.N, p.Rings, p.Actors)
	}
	laps, hops := int64(RingLaps(p)), int64(p.N/p.Rings)
	if len(o.PerRing) != p.Rings {
		return fmt.Errorf("%d tokens came back, want %d", len(o.PerRing), p.Rings)
	}
	for k, h := range o.PerRing {
		if h != hops {
			return fmt.Errorf("ring %d's token came back with hop count %d, want %d", k, h, hops)
		}
	}
	if len(o.PerActor) != p.Rings*p.Actors {
		return fmt.Errorf("%d forward counts, want %d", len(o.PerActor), p.Rings*p.Actors)
	}
	for i, c := range o.PerActor {
		if c != laps {
			return fmt.Errorf("ring %d, member %d forwarded %d times, want %d", i/p.Actors, i%p.Actors, c, laps)
		}
	}
	return nil
}
