package actor_test

import (
	"sync"
	"testing"
	"time"

	"github.com/actorio/actorio/actor"
)

// The scheduler's benchmarks run each actor workload on the default number
// of workers and on one (sub-benchmarks "default" and "1worker"), beside
// the plain Go program ("chan"), so that a second worker can never again
// make messaging slower unseen.

// schedSystems are the configurations every scheduler benchmark runs on.
var schedSystems = []struct {
	name string
	opts []actor.Option
}{
	{"default", nil},
	{"1worker", []actor.Option{actor.WithWorkers(1)}},
}

// BenchmarkRings: rings of 100 actors, one token per ring passed on until
// it has made its ring's share of b.N hops; one op is one hop.
func BenchmarkRings(b *testing.B) {
	const size = 100
	for _, rings := range []int{1, 20} {
		name := map[int]string{1: "1x100", 20: "20x100"}[rings]
		for _, s := range schedSystems {
			b.Run(name+"/"+s.name, func(b *testing.B) {
				sys := benchSystem(b, s.opts...)
				var wg sync.WaitGroup
				heads := make([]actor.Ref[int], rings)
				for r := range rings {
					ring := make([]actor.Ref[int], size)
					for i := range ring {
						next := &ring[(i+1)%size]
						ring[i], _ = actor.SpawnFunc(sys, func(_ *actor.Context[int], hops int) {
							if hops == 0 {
								wg.Done()
								return
							}
							_ = next.Send(hops - 1)
						})
					}
					heads[r] = ring[0]
				}
				wg.Add(rings)
				b.ReportAllocs()
				b.ResetTimer()
				for _, h := range heads {
					_ = h.Send(max(b.N/rings, 1))
				}
				wg.Wait()
			})
		}
		b.Run(name+"/chan", func(b *testing.B) {
			var wg sync.WaitGroup
			var stop sync.WaitGroup
			heads := make([]chan int, rings)
			var all []chan int
			for r := range rings {
				ring := make([]chan int, size)
				for i := range ring {
					ring[i] = make(chan int, 1)
				}
				for i := range ring {
					in, out := ring[i], ring[(i+1)%size]
					stop.Go(func() {
						for hops := range in {
							if hops == 0 {
								wg.Done()
								continue
							}
							out <- hops - 1
						}
					})
				}
				heads[r] = ring[0]
				all = append(all, ring...)
			}
			wg.Add(rings)
			b.ReportAllocs()
			b.ResetTimer()
			for _, h := range heads {
				h <- max(b.N/rings, 1)
			}
			wg.Wait()
			b.StopTimer()
			for _, c := range all {
				close(c)
			}
			stop.Wait()
		})
	}
}

// BenchmarkMessageAllocs: steady-state messaging of int64 and [4]int64
// values, two actors ping-ponging and one goroutine flooding one actor;
// one op is one message. With segment recycling in the mailbox queue it
// must report 0 allocs/op and about 0 B/op.
func BenchmarkMessageAllocs(b *testing.B) {
	b.Run("pingpong/int64", func(b *testing.B) { benchPingPong[int64](b, func(i int) int64 { return int64(i) }) })
	b.Run("pingpong/[4]int64", func(b *testing.B) { benchPingPong[[4]int64](b, func(i int) [4]int64 { return [4]int64{int64(i)} }) })
	b.Run("flood/int64", func(b *testing.B) { benchFlood[int64](b, func(i int) int64 { return int64(i) }) })
	b.Run("flood/[4]int64", func(b *testing.B) { benchFlood[[4]int64](b, func(i int) [4]int64 { return [4]int64{int64(i)} }) })
	// An actor of a sealed interface: a struct message is copied to the
	// heap by the conversion to the interface (1 alloc/op), a
	// pointer-shaped one is not (0 allocs/op); the runtime adds nothing.
	b.Run("flood/sealed-struct", func(b *testing.B) { benchFlood[sealed](b, func(i int) sealed { return sealedBig{int64(i)} }) })
	shared := new(int64)
	b.Run("flood/sealed-pointer", func(b *testing.B) { benchFlood[sealed](b, func(int) sealed { return sealedPtr{shared} }) })
}

// sealed is a sealed message interface with a struct message and a
// pointer-shaped one.
type (
	sealed    interface{ isSealed() }
	sealedBig [4]int64
	sealedPtr struct{ p *int64 }
)

func (sealedBig) isSealed() {}
func (sealedPtr) isSealed() {}

func benchPingPong[M any](b *testing.B, msg func(int) M) {
	sys := benchSystem(b)
	var (
		left int // messages left in this phase
		done chan struct{}
		pong actor.Ref[M]
	)
	ping, _ := actor.SpawnFunc(sys, func(_ *actor.Context[M], m M) {
		if left -= 2; left <= 0 {
			close(done)
			return
		}
		_ = pong.Send(m)
	})
	pong, _ = actor.SpawnFunc(sys, func(_ *actor.Context[M], m M) { _ = ping.Send(m) })
	phase := func(n int) {
		left, done = n, make(chan struct{})
		_ = ping.Send(msg(n))
		<-done
	}
	phase(10_000) // the mailboxes' queues grow to their steady-state size
	b.ReportAllocs()
	b.ResetTimer()
	phase(b.N)
}

func benchFlood[M any](b *testing.B, msg func(int) M) {
	sys := benchSystem(b)
	var (
		left int
		done chan struct{}
	)
	ref, _ := actor.SpawnFunc(sys, func(_ *actor.Context[M], _ M) {
		if left--; left == 0 {
			close(done)
		}
	})
	phase := func(n int) {
		left, done = n, make(chan struct{})
		for i := range n {
			_ = ref.Send(msg(i))
		}
		<-done
	}
	phase(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	phase(b.N)
}

// BenchmarkIdleSystemCPU: a system of 10,000 idle actors; one op is one
// second of doing nothing, and cpu-% is the CPU the whole process used in
// it, as a share of one core: parked workers must cost nothing.
func BenchmarkIdleSystemCPU(b *testing.B) {
	sys := benchSystem(b)
	for range 10_000 {
		if _, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {}); err != nil {
			b.Fatal(err)
		}
	}
	start, ok := processCPU()
	if !ok {
		b.Skip("process CPU time is not available here")
	}
	b.ResetTimer()
	for range b.N {
		time.Sleep(time.Second)
	}
	b.StopTimer()
	used, _ := processCPU()
	b.ReportMetric(100*float64(used-start)/float64(b.Elapsed()), "cpu-%")
}
