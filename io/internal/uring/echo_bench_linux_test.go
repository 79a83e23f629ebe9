package uring_test

import (
	"sync"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/internal/uring"
)

// The echo benchmarks: one server loop serves conns socket pairs; a
// client goroutine writes a 64-byte request on every pair, then reads
// every reply; one op is one request. They report the server's system
// calls per request: the floor each engine puts under the reactor.
const (
	echoConns = 64
	echoSize  = 64
)

// echoClient runs rounds of requests on the client ends: a request on
// each, then the reply of each.
func echoClient(b *testing.B, clients []int, rounds int) {
	req, rep := make([]byte, echoSize), make([]byte, echoSize)
	for range rounds {
		for _, fd := range clients {
			if _, err := unix.Write(fd, req); err != nil {
				b.Error(err)
				return
			}
		}
		for _, fd := range clients {
			for got := 0; got < echoSize; {
				n, err := unix.Read(fd, rep[got:])
				if err != nil {
					b.Error(err)
					return
				}
				got += n
			}
		}
	}
}

func socketPairs(b *testing.B, n int) (clients, servers []int) {
	for range n {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		clients, servers = append(clients, fds[0]), append(servers, fds[1])
	}
	b.Cleanup(func() {
		for _, fd := range append(clients, servers...) {
			_ = unix.Close(fd)
		}
	})
	return clients, servers
}

func BenchmarkEcho(b *testing.B) {
	b.Run("epoll", func(b *testing.B) {
		clients, servers := socketPairs(b, echoConns)
		ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		if err != nil {
			b.Fatal(err)
		}
		defer unix.Close(ep)
		for i, fd := range servers {
			if err := unix.SetNonblock(fd, true); err != nil {
				b.Fatal(err)
			}
			ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)}
			if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
				b.Fatal(err)
			}
		}
		rounds := max(b.N/echoConns, 1)
		var wg sync.WaitGroup
		wg.Go(func() { echoClient(b, clients, rounds) })
		events := make([]unix.EpollEvent, echoConns)
		buf := make([]byte, 4096)
		syscalls, served := 0, 0
		b.ResetTimer()
		for served < rounds*echoConns*echoSize {
			n, err := unix.EpollWait(ep, events, -1)
			syscalls++
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				b.Fatal(err)
			}
			for _, ev := range events[:n] {
				fd := servers[ev.Fd]
				for {
					m, err := unix.Read(fd, buf)
					syscalls++
					if err != nil || m <= 0 {
						break // EAGAIN: drained
					}
					if _, err := unix.Write(fd, buf[:m]); err != nil {
						b.Fatal(err)
					}
					syscalls++
					served += m
				}
			}
		}
		b.StopTimer()
		wg.Wait()
		b.ReportMetric(float64(syscalls)/float64(rounds*echoConns), "syscalls/req")
	})
	b.Run("uring", func(b *testing.B) {
		clients, servers := socketPairs(b, echoConns)
		r, err := uring.New(4 * echoConns)
		if err != nil {
			b.Skip(err)
		}
		defer r.Close()
		br, err := r.RegisterBufRing(1, 2*echoConns)
		if err != nil {
			b.Skip(err)
		}
		defer br.Close()
		for id := range 2 * echoConns {
			br.Add(uint16(id), make([]byte, 4096))
		}
		br.Publish()
		const sendTag = 1 << 32 // user data: conn index, or sendTag | buffer ID
		arm := func(i int) {
			sqe, err := r.SQE()
			if err != nil {
				b.Fatal(err)
			}
			sqe.PrepRecvMultishot(servers[i], br.Group(), uint64(i))
		}
		for i := range servers {
			arm(i)
		}
		rounds := max(b.N/echoConns, 1)
		var wg sync.WaitGroup
		wg.Go(func() { echoClient(b, clients, rounds) })
		syscalls, served := 0, 0
		b.ResetTimer()
		for served < rounds*echoConns*echoSize {
			if _, err := r.Wait(-1); err != nil {
				b.Fatal(err)
			}
			syscalls++
			r.Completions(func(c uring.Completion) {
				if c.UserData&sendTag != 0 { // a send done: its buffer goes back
					id := uint16(c.UserData)
					br.Add(id, br.Buffer(id))
					served += int(c.Res)
					return
				}
				i := int(c.UserData)
				if c.Flags&uring.FlagMore == 0 && c.Res > 0 {
					defer arm(i)
				}
				if c.Res <= 0 {
					if c.Res == -int32(unix.ENOBUFS) {
						arm(i)
					}
					return
				}
				id, _ := c.BufferID()
				sqe, err := r.SQE()
				if err != nil {
					b.Fatal(err)
				}
				sqe.PrepSend(servers[i], br.Buffer(id)[:c.Res], sendTag|uint64(id))
			})
			br.Publish()
		}
		b.StopTimer()
		wg.Wait()
		b.ReportMetric(float64(syscalls)/float64(rounds*echoConns), "syscalls/req")
	})
}
