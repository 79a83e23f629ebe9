package reactor_test

import (
	"context"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// The echo benchmarks run the client in the same process as the server,
// so they measure the whole round trip, both sides included; the suite
// under bench/ measures a server alone, in a process of its own. Each
// reactor benchmark has the net package's goroutine-per-connection server
// beside it as the baseline:
//
//	go test -run xxx -bench "Echo|Accept" -count 5 ./io/reactor/ | benchstat -col /server -

// benchEcho is the benchmark's connection handler.
type benchEcho struct{ c *reactor.Conn }

func (benchEcho) Receive(*actor.Context[struct{}], struct{}) {}

func (e benchEcho) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	if _, ok := ev.(reactor.Readable); ok {
		_, _ = e.c.Write(e.c.Next(e.c.Buffered()))
	}
}

// benchServers are the servers the benchmarks compare: the net package,
// and the reactor on each loop engine the machine has.
func benchServers() []string {
	servers := []string{"net", "poll"}
	if reactor.EngineUring.Available() == nil {
		servers = append(servers, "uring")
	}
	return servers
}

// startEcho starts an echo server of the named kind and returns its
// address and a function that stops it.
func startEcho(b *testing.B, server string) (string, func()) {
	switch server {
	case "poll", "uring":
		sys, err := actor.NewSystem()
		if err != nil {
			b.Fatal(err)
		}
		engine := reactor.EnginePoll
		if server == "uring" {
			engine = reactor.EngineUring
		}
		r, err := reactor.New(sys, reactor.WithEngine(engine))
		if err != nil {
			b.Fatal(err)
		}
		ln, err := reactor.Listen(sys, r, "tcp", "127.0.0.1:0",
			func(c *reactor.Conn) reactor.Handler[struct{}] { return benchEcho{c} })
		if err != nil {
			b.Fatal(err)
		}
		return ln.Addr().String(), func() { _ = sys.Shutdown(context.Background()) }
	default:
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Go(func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				wg.Go(func() {
					defer c.Close()
					buf := make([]byte, 4096)
					for {
						n, err := c.Read(buf)
						if err != nil {
							return
						}
						if _, err := c.Write(buf[:n]); err != nil {
							return
						}
					}
				})
			}
		})
		return ln.Addr().String(), func() { ln.Close(); wg.Wait() }
	}
}

// BenchmarkEcho measures round trips of 64-byte requests, one at a time
// on each connection, over 1 and 64 connections.
func BenchmarkEcho(b *testing.B) {
	for _, server := range benchServers() {
		for _, conns := range []int{1, 64} {
			b.Run("server="+server+"/conns="+strconv.Itoa(conns), func(b *testing.B) {
				addr, stop := startEcho(b, server)
				defer stop()
				clients := make([]net.Conn, conns)
				for i := range clients {
					c, err := net.Dial("tcp", addr)
					if err != nil {
						b.Fatal(err)
					}
					defer c.Close()
					clients[i] = c
				}
				b.SetBytes(64)
				b.ResetTimer()
				var wg sync.WaitGroup
				for i, c := range clients {
					n := b.N / conns
					if i < b.N%conns {
						n++
					}
					wg.Go(func() {
						req, resp := make([]byte, 64), make([]byte, 64)
						for range n {
							if _, err := c.Write(req); err != nil {
								b.Error(err)
								return
							}
							if _, err := io.ReadFull(c, resp); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
			})
		}
	}
}

// BenchmarkAccept measures a connection's whole life, one at a time:
// dial, one 64-byte round trip, close. On io_uring the listener's
// connections come from a multishot accept, with no accept(2) and no
// readiness event.
func BenchmarkAccept(b *testing.B) {
	for _, server := range benchServers() {
		b.Run("server="+server, func(b *testing.B) {
			addr, stop := startEcho(b, server)
			defer stop()
			req, resp := make([]byte, 64), make([]byte, 64)
			for b.Loop() {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := c.Write(req); err != nil {
					b.Fatal(err)
				}
				if _, err := io.ReadFull(c, resp); err != nil {
					b.Fatal(err)
				}
				c.Close()
			}
		})
	}
}
