package actor_test

import (
	"context"
	"testing"

	"github.com/actorio/actorio/actor"
)

func BenchmarkQuickPingPong(b *testing.B) {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	done := make(chan struct{})
	var pong actor.Ref[int]
	ping, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) {
		if n == 0 {
			close(done)
			return
		}
		pong.Send(n - 1)
	})
	pong, _ = actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) { ping.Send(n) })
	b.ReportAllocs()
	b.ResetTimer()
	ping.Send(b.N)
	<-done
}

func BenchmarkQuickChanPingPong(b *testing.B) {
	a, c := make(chan int), make(chan int)
	go func() {
		for n := range a {
			c <- n
		}
	}()
	for i := 0; i < b.N; i++ {
		a <- i
		<-c
	}
	close(a)
}

func BenchmarkQuickFlood(b *testing.B) {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	done := make(chan struct{})
	n := 0
	ref, _ := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		n++
		if n == b.N {
			close(done)
		}
	})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ref.Send(i)
	}
	<-done
}

func BenchmarkQuickChanFlood(b *testing.B) {
	ch := make(chan int, 1024)
	done := make(chan struct{})
	go func() {
		for range b.N {
			<-ch
		}
		close(done)
	}()
	for i := 0; i < b.N; i++ {
		ch <- i
	}
	<-done
}
