//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"net"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

// BenchmarkWake measures a wakeup round trip, against a channel as the
// plain-Go baseline. "self" wakes and waits on one goroutine (the cost of
// the system calls); "loop" wakes an event loop on another goroutine and
// waits for its answer on a channel, as a reactor's caller would.
func BenchmarkWake(b *testing.B) {
	b.Run("netpoll/self", func(b *testing.B) {
		p := newPoller(b)
		events := make([]netpoll.Event, 8)
		b.ReportAllocs()
		for b.Loop() {
			if err := p.Wake(); err != nil {
				b.Fatal(err)
			}
			if _, err := p.Wait(events, -1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("chan/self", func(b *testing.B) {
		wake := make(chan struct{}, 1)
		b.ReportAllocs()
		for b.Loop() {
			select {
			case wake <- struct{}{}:
			default:
			}
			<-wake
		}
	})
	b.Run("netpoll/loop", func(b *testing.B) {
		p := newPoller(b)
		ack := make(chan struct{})
		go func() {
			events := make([]netpoll.Event, 8)
			for {
				if _, err := p.Wait(events, -1); err != nil {
					close(ack)
					return
				}
				ack <- struct{}{}
			}
		}()
		b.ReportAllocs()
		for b.Loop() {
			if err := p.Wake(); err != nil {
				b.Fatal(err)
			}
			<-ack
		}
		b.StopTimer()
		require.NoError(b, p.Close())
		for range ack {
		}
	})
	b.Run("chan/loop", func(b *testing.B) {
		wake, ack := make(chan struct{}, 1), make(chan struct{})
		go func() {
			for range wake {
				ack <- struct{}{}
			}
			close(ack)
		}()
		b.ReportAllocs()
		for b.Loop() {
			wake <- struct{}{}
			<-ack
		}
		b.StopTimer()
		close(wake)
		for range ack {
		}
	})
}

// BenchmarkIdleSockets measures one socket becoming readable among 1,000
// idle ones: a byte is written to one peer, the reader learns of it and
// reads it. The baseline is the plain-Go design: a goroutine blocked in
// Read on each net.Conn (the runtime's own poller underneath).
func BenchmarkIdleSockets(b *testing.B) {
	const conns = 1000
	one := []byte{1}

	b.Run("netpoll", func(b *testing.B) {
		p := newPoller(b)
		ours, peers := make([]int, conns), make([]int, conns)
		for i := range conns {
			ours[i], peers[i] = socketPair(b, unix.SOCK_STREAM)
			require.NoError(b, p.Add(ours[i], netpoll.Readable, netpoll.MakeToken(uint32(i), 0)))
		}
		events := make([]netpoll.Event, 64)
		buf := [][]byte{make([]byte, 16)}
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			k := i % conns
			i++
			if _, err := unix.Write(peers[k], one); err != nil {
				b.Fatal(err)
			}
			n, err := p.Wait(events, -1)
			if err != nil || n != 1 || events[0].Token.Index() != uint32(k) {
				b.Fatalf("Wait = %d, %v, %+v; want slot %d", n, err, events[:n], k)
			}
			if _, err := netpoll.Readv(ours[k], buf); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("goroutines", func(b *testing.B) {
		peers := make([]int, conns)
		got := make(chan int)
		var readers []net.Conn
		for i := range conns {
			var ours int
			ours, peers[i] = socketPair(b, unix.SOCK_STREAM)
			f := os.NewFile(uintptr(ours), "ours")
			c, err := net.FileConn(f) // dups; the cleanup closes ours
			require.NoError(b, err)
			require.NoError(b, f.Close())
			readers = append(readers, c)
			go func() {
				buf := make([]byte, 16)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
					got <- i
				}
			}()
		}
		b.Cleanup(func() {
			for _, c := range readers {
				c.Close() // the readers return
			}
		})
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			k := i % conns
			i++
			if _, err := unix.Write(peers[k], one); err != nil {
				b.Fatal(err)
			}
			if j := <-got; j != k {
				b.Fatalf("reader %d woke, want %d", j, k)
			}
		}
	})
}
