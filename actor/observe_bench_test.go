package actor_test

import (
	"io"
	"testing"

	"github.com/actorio/actorio/actor"
)

// BenchmarkObserve200k: Snapshot, Dump and Metrics of a system of 200,000
// idle actors (1,000 parents of 199 children each, as a spawned tree
// would be); one op is one whole pass. The plain-Go baseline is walking a
// slice of 200k pointers, the least any listing can cost.
func BenchmarkObserve200k(b *testing.B) {
	const parents, children = 1000, 199
	sys := benchSystem(b)
	done := make(chan struct{}, parents)
	for range parents {
		p, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
			for range children {
				if _, err := actor.SpawnFunc(ctx, func(*actor.Context[int], int) {}); err != nil {
					panic(err)
				}
			}
			done <- struct{}{}
		})
		if err != nil {
			b.Fatal(err)
		}
		_ = p.Send(0)
	}
	for range parents {
		<-done
	}
	b.Run("Snapshot", func(b *testing.B) {
		for b.Loop() {
			if n := len(sys.Snapshot()); n != parents*(children+1) {
				b.Fatalf("%d actors", n)
			}
		}
	})
	b.Run("Dump", func(b *testing.B) {
		for b.Loop() {
			if err := sys.Dump(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Metrics", func(b *testing.B) {
		for b.Loop() {
			if m := sys.Metrics(); m.ActorsAlive != parents*(children+1) {
				b.Fatalf("%d actors", m.ActorsAlive)
			}
		}
	})
	b.Run("slice", func(b *testing.B) {
		s := make([]*int, parents*(children+1))
		for i := range s {
			s[i] = new(int)
		}
		for b.Loop() {
			n := 0
			for _, p := range s {
				n += *p
			}
			if n != 0 {
				b.Fatal(n)
			}
		}
	})
}
