package actorsync_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/actorio/actorio/actorsync"
)

// BenchmarkSemaphore: acquire and release from parallel goroutines, with
// 16 permits (rarely contended) and 1 (always), against the plain-Go
// semaphore, a buffered channel. The Semaphore waits through its future.
func BenchmarkSemaphore(b *testing.B) {
	for _, n := range []int{16, 1} {
		b.Run("permits="+strconv.Itoa(n)+"/actorsync", func(b *testing.B) {
			s := actorsync.NewSemaphore(n)
			ctx := context.Background()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					p, err := s.Acquire(ctx).Await(ctx)
					if err != nil {
						b.Error(err)
						return
					}
					p.Release()
				}
			})
		})
		b.Run("permits="+strconv.Itoa(n)+"/chan", func(b *testing.B) {
			sem := make(chan struct{}, n)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					sem <- struct{}{}
					<-sem
				}
			})
		})
	}
}
