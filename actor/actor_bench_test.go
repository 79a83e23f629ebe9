package actor_test

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/actorio/actorio/actor"
)

// Each benchmark measures actorio beside the plain Go program a Go
// programmer would write instead, in the same run (sub-benchmarks "actor"
// and "chan"/"goroutine"). Compare the two with benchstat.

func benchSystem(b *testing.B, opts ...actor.Option) *actor.System {
	b.Helper()
	sys, err := actor.NewSystem(opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := sys.Shutdown(context.Background()); err != nil {
			b.Fatal(err)
		}
	})
	return sys
}

// BenchmarkRoundTrip: two parties, one message in flight; one op is a
// request and its reply.
func BenchmarkRoundTrip(b *testing.B) {
	b.Run("actor", func(b *testing.B) {
		sys := benchSystem(b)
		done := make(chan struct{})
		var pong actor.Ref[int]
		ping, _ := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
			if n == 0 {
				close(done)
				return
			}
			_ = pong.Send(n - 1)
		})
		pong, _ = actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) { _ = ping.Send(n) })
		b.ReportAllocs()
		b.ResetTimer()
		_ = ping.Send(b.N)
		<-done
	})
	b.Run("chan", func(b *testing.B) {
		req, rep := make(chan int), make(chan int)
		go func() {
			for n := range req {
				rep <- n
			}
		}()
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			req <- i
			<-rep
		}
		close(req)
	})
}

// BenchmarkPipelinedPairs: 4 pairs, 100 messages in flight per pair; one op
// is one round trip (two messages).
func BenchmarkPipelinedPairs(b *testing.B) {
	const pairs, inFlight = 4, 100
	b.Run("actor", func(b *testing.B) {
		sys := benchSystem(b)
		var wg sync.WaitGroup
		per := max(b.N/pairs, inFlight)
		b.ReportAllocs()
		b.ResetTimer()
		for range pairs {
			wg.Add(1)
			left := per
			var echo actor.Ref[int]
			driver, _ := actor.SpawnFunc(sys, func(_ *actor.Context[int], _ int) {
				left--
				if left == 0 {
					wg.Done()
				} else if left >= inFlight {
					_ = echo.Send(0)
				}
			})
			echo, _ = actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) { _ = driver.Send(n) })
			for range inFlight {
				_ = echo.Send(0)
			}
		}
		wg.Wait()
	})
	b.Run("chan", func(b *testing.B) {
		var wg sync.WaitGroup
		per := max(b.N/pairs, inFlight)
		b.ReportAllocs()
		b.ResetTimer()
		for range pairs {
			wg.Add(2)
			there, back := make(chan int, 128), make(chan int, 128)
			go func() {
				defer wg.Done()
				for n := range there {
					back <- n
				}
			}()
			go func() {
				defer wg.Done()
				for range inFlight {
					there <- 0
				}
				for sent, got := inFlight, 0; got < per; got++ {
					<-back
					if sent < per {
						there <- 0
						sent++
					}
				}
				close(there)
			}()
		}
		wg.Wait()
	})
}

// BenchmarkFlood: producers send b.N messages to one consumer as fast as
// they can; one op is one message.
func BenchmarkFlood(b *testing.B) {
	for _, producers := range []int{1, 4} {
		name := map[int]string{1: "1to1", 4: "4to1"}[producers]
		b.Run(name+"/actor", func(b *testing.B) {
			sys := benchSystem(b)
			per := b.N / producers
			done := make(chan struct{})
			n := 0
			ref, _ := actor.SpawnFunc(sys, func(_ *actor.Context[int], _ int) {
				if n++; n == per*producers {
					close(done)
				}
			})
			b.ReportAllocs()
			b.ResetTimer()
			for range producers - 1 {
				go func() {
					for i := range per {
						_ = ref.Send(i)
					}
				}()
			}
			for i := range per {
				_ = ref.Send(i)
			}
			if per > 0 {
				<-done
			}
		})
		b.Run(name+"/chan", func(b *testing.B) {
			per := b.N / producers
			ch := make(chan int, 1024)
			b.ReportAllocs()
			b.ResetTimer()
			for range producers {
				go func() {
					for i := range per {
						ch <- i
					}
				}()
			}
			for range per * producers {
				<-ch
			}
		})
	}
}

// BenchmarkSpawn: spawn, deliver a first message, stop; one op is one
// actor's whole life.
func BenchmarkSpawn(b *testing.B) {
	b.Run("actor", func(b *testing.B) {
		sys := benchSystem(b)
		var wg sync.WaitGroup
		handler := func(ctx *actor.Context[int], _ int) {
			ctx.Stop()
			wg.Done()
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			wg.Add(1)
			ref, err := actor.SpawnFunc(sys, handler)
			if err != nil {
				b.Fatal(err)
			}
			_ = ref.Send(1)
		}
		wg.Wait()
	})
	b.Run("goroutine", func(b *testing.B) {
		var wg sync.WaitGroup
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			wg.Add(1)
			ch := make(chan int, 1)
			go func() {
				<-ch
				wg.Done()
			}()
			ch <- 1
		}
		wg.Wait()
	})
}

// BenchmarkSkynet: 1,111,111 actors in a tree of fan-out 10 sum the numbers
// of their 1,000,000 leaves. One op is a whole tree.
func BenchmarkSkynet(b *testing.B) {
	const want = 499999500000
	b.Run("actor", func(b *testing.B) {
		sys := benchSystem(b)
		b.ReportAllocs()
		for range b.N {
			before := sys.Metrics().ActorsStarted
			result := make(chan int, 1)
			root, _ := actor.SpawnFunc(sys, (&skynode{report: func(sum int) { result <- sum }}).receive)
			_ = root.Send(skynetMsg{num: 0, size: 1000000})
			if got := <-result; got != want {
				b.Fatalf("sum %d, want %d", got, want)
			}
			if n := sys.Metrics().ActorsStarted - before; n != 1111111 {
				b.Fatalf("%d actors, want 1111111", n)
			}
		}
	})
	b.Run("goroutine", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			c := make(chan int, 1)
			go skynetGoroutine(c, 0, 1000000)
			if got := <-c; got != want {
				b.Fatalf("sum %d, want %d", got, want)
			}
		}
	})
}

type skynetMsg struct {
	num, size int
	sum       int  // a child's result
	result    bool // the message carries a result
}

// skynode is one node of the tree: a leaf reports its number, an inner
// node spawns ten children and reports the sum of theirs.
type skynode struct {
	parent  actor.Ref[skynetMsg] // zero for the root, which calls report
	report  func(int)
	sum     int
	pending int
}

func (n *skynode) send(sum int) {
	if n.report != nil {
		n.report(sum)
		return
	}
	_ = n.parent.Send(skynetMsg{sum: sum, result: true})
}

func (n *skynode) receive(ctx *actor.Context[skynetMsg], m skynetMsg) {
	switch {
	case m.result:
		n.sum += m.sum
		if n.pending--; n.pending == 0 {
			n.send(n.sum)
			ctx.Stop()
		}
	case m.size == 1:
		n.send(m.num)
		ctx.Stop()
	default:
		n.pending = 10
		size := m.size / 10
		for i := range 10 {
			child, err := actor.SpawnFunc(ctx, (&skynode{parent: ctx.Self()}).receive)
			if err != nil {
				panic(err)
			}
			_ = child.Send(skynetMsg{num: m.num + i*size, size: size})
		}
	}
}

func skynetGoroutine(c chan<- int, num, size int) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int, 10)
	size /= 10
	for i := range 10 {
		go skynetGoroutine(rc, num+i*size, size)
	}
	sum := 0
	for range 10 {
		sum += <-rc
	}
	c <- sum
}

// BenchmarkIdleMemory: bytes of heap and stack per idle actor (200k
// spawned, nothing sent), beside a goroutine blocked on its own channel.
func BenchmarkIdleMemory(b *testing.B) {
	const n = 200000
	measure := func(b *testing.B, spawn func() func()) {
		for range b.N {
			before := memInUse()
			release := spawn()
			after := memInUse()
			b.ReportMetric(float64(after-before)/n, "B/actor")
			release()
		}
	}
	b.Run("actor", func(b *testing.B) {
		sys := benchSystem(b)
		measure(b, func() func() {
			refs := make([]actor.Ref[int], n)
			handler := func(*actor.Context[int], int) {}
			for i := range refs {
				refs[i], _ = actor.SpawnFunc(sys, handler)
			}
			return func() {
				for _, r := range refs {
					r.Stop()
				}
			}
		})
	})
	b.Run("goroutine", func(b *testing.B) {
		measure(b, func() func() {
			chans := make([]chan int, n)
			var wg sync.WaitGroup
			for i := range chans {
				chans[i] = make(chan int, 1)
				wg.Add(1)
				go func(c chan int) {
					defer wg.Done()
					<-c
				}(chans[i])
			}
			return func() {
				for _, c := range chans {
					c <- 0
				}
				wg.Wait()
			}
		})
	})
}

// memInUse returns heap and stack bytes in use after a full collection.
func memInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}

// BenchmarkAdapterSend: a send through an adapter, against a send to the
// actor's own Ref, both to an actor that counts.
func BenchmarkAdapterSend(b *testing.B) {
	for _, adapted := range []bool{false, true} {
		b.Run(map[bool]string{false: "direct", true: "adapted"}[adapted], func(b *testing.B) {
			sys, err := actor.NewSystem()
			if err != nil {
				b.Fatal(err)
			}
			defer sys.Shutdown(context.Background())
			done := make(chan struct{})
			n := b.N
			ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int64], _ int64) {
				if n--; n == 0 {
					close(done)
				}
			})
			if err != nil {
				b.Fatal(err)
			}
			send := ref
			if adapted {
				send = actor.Adapt(ref, func(v int64) int64 { return v + 1 })
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				_ = send.Send(int64(i))
			}
			<-done
		})
	}
}
