package suite

import "fmt"

// countSum checks Count against count(p) and Sum against sum(p).
func countSum(count func(Params) int, sum func(Params) int64) func(Params, Outcome) error {
	return func(p Params, o Outcome) error { return checkCountSum(o, int64(count(p)), sum(p)) }
}

func checkCountSum(o Outcome, count, sum int64) error {
	if o.Count != count {
		return fmt.Errorf("count = %d, want %d", o.Count, count)
	}
	if o.Sum != sum {
		return fmt.Errorf("sum = %d, want %d", o.Sum, sum)
	}
	return nil
}

func countExits(o Outcome, count, exits int64) error {
	if o.Count != count {
		return fmt.Errorf("count = %d, want %d", o.Count, count)
	}
	if o.Exits != exits {
		return fmt.Errorf("exits = %d, want %d", o.Exits, exits)
	}
	return nil
}

// spawnCheck: N first messages summing to N(N-1)/2, and N stops.
func spawnCheck(p Params, o Outcome) error {
	if err := checkCountSum(o, int64(p.N), gauss(p)); err != nil {
		return err
	}
	if o.Exits != int64(p.N) {
		return fmt.Errorf("%d actors stopped, want %d", o.Exits, p.N)
	}
	return nil
}

func needExtra(o Outcome, names ...string) error {
	for _, name := range names {
		found := false
		for _, m := range o.Extra {
			found = found || m.Name == name
		}
		if !found {
			return fmt.Errorf("metric %q not reported", name)
		}
	}
	return nil
}

// ringCheck verifies ThreadRing: the final index and the forward counts.
func ringCheck(p Params, o Outcome) error {
	if want := p.N % p.Actors; o.Index != want {
		return fmt.Errorf("token reached 0 at actor %d, want %d", o.Index, want)
	}
	if len(o.PerActor) != p.Actors {
		return fmt.Errorf("%d forward counts, want %d", len(o.PerActor), p.Actors)
	}
	lo, hi := int64(p.N/p.Actors), int64((p.N+p.Actors-1)/p.Actors)
	var total int64
	for i, c := range o.PerActor {
		if c != lo && c != hi {
			return fmt.Errorf("actor %d forwarded %d times, want %d or %d", i, c, lo, hi)
		}
		total += c
	}
	if total != int64(p.N) {
		return fmt.Errorf("%d forwards in all, want %d", total, p.N)
	}
	return nil
}

// chameneosCheck verifies Chameneos: meetings, exits, and per-creature
// meetings summing to twice the meetings.
func chameneosCheck(p Params, o Outcome) error {
	if err := countExits(o, int64(p.N), int64(p.Actors)); err != nil {
		return err
	}
	if len(o.PerActor) != p.Actors {
		return fmt.Errorf("%d creature reports, want %d", len(o.PerActor), p.Actors)
	}
	var total int64
	for _, m := range o.PerActor {
		total += m
	}
	if total != 2*int64(p.N) {
		return fmt.Errorf("creatures met %d times in all, want %d", total, 2*p.N)
	}
	return nil
}
