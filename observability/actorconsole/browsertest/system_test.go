package browsertest

import (
	"context"
	"fmt"
	"math"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// Messages of the demo's actors.
type (
	order    struct{ id int }
	entry    struct{ amount int }
	notice   struct{ to string }
	crashReq struct{ why string }
)

// demo is a running system shaped like the examples: a service with a
// few supervised trees, traffic, a reactor serving TCP, and two faults
// to find: the ledger's handler blocks while entries pile up in its
// mailbox, and the crasher panics on request.
type demo struct {
	sys     *actor.System
	r       *reactor.Reactor
	ledger  actor.Ref[entry]
	crasher actor.Ref[crashReq]
	lns     []*reactor.Listener
	clients []net.Conn

	jam     chan struct{} // closed to let the ledger go
	jamOnce sync.Once
	stop    chan struct{} // closed to stop the traffic
	traffic sync.WaitGroup
}

// startDemo starts the demo; the test's cleanup stops it.
func startDemo(t *testing.T) *demo {
	t.Helper()
	// Top-level actors that fail are restarted after a pause, as a
	// service backing off a failing dependency would: the crasher's
	// requests queue up meanwhile.
	backoff := actor.OneForOne(actor.WithBackoff(2*time.Second, 2*time.Second))
	sys, err := actor.NewSystem(actor.WithWatchdog(500*time.Millisecond), actor.WithSystemSupervisor(backoff))
	if err != nil {
		t.Fatal(err)
	}
	d := &demo{sys: sys, jam: make(chan struct{}), stop: make(chan struct{})}
	t.Cleanup(func() { d.close(t) })

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// /orders with four shards, which the traffic keeps busy.
	var shards []actor.Ref[order]
	spawned := make(chan actor.Ref[order], 4)
	orders, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) {
		for i := range n {
			ref, err := actor.SpawnFunc(ctx, func(_ *actor.Context[order], o order) {
				work(o.id)
			}, actor.WithName(fmt.Sprintf("shard-%d", i)))
			if err != nil {
				panic(err)
			}
			spawned <- ref
		}
	}, actor.WithName("orders"))
	must(err)
	must(orders.Send(4))
	for range 4 {
		shards = append(shards, <-spawned)
	}

	// /billing with a ledger that will jam and an auditor.
	ledgerRef := make(chan actor.Ref[entry], 1)
	billing, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		ref, err := actor.SpawnFunc(ctx, func(_ *actor.Context[entry], e entry) {
			if e.amount < 0 {
				<-d.jam // a handler that blocks: its mailbox grows behind it
			}
		}, actor.WithName("ledger"))
		if err != nil {
			panic(err)
		}
		if _, err := actor.SpawnFunc(ctx, func(*actor.Context[entry], entry) {}, actor.WithName("auditor")); err != nil {
			panic(err)
		}
		ledgerRef <- ref
	}, actor.WithName("billing"))
	must(err)
	must(billing.Send(0))
	d.ledger = <-ledgerRef

	// /notifier with many unnamed children, more than one page of the
	// tree.
	notifier, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) {
		for range n {
			if _, err := actor.SpawnFunc(ctx, func(*actor.Context[notice], notice) {}); err != nil {
				panic(err)
			}
		}
	}, actor.WithName("notifier"))
	must(err)
	must(notifier.Send(240))

	// /crasher serves requests and panics when one asks it to; its
	// supervisor restarts it after the backoff.
	d.crasher, err = actor.SpawnFunc(sys, func(_ *actor.Context[crashReq], c crashReq) {
		if c.why != "" {
			panic("crasher: " + c.why)
		}
		work(len(c.why))
	}, actor.WithName("crasher"))
	must(err)

	// A reactor with an echo listener and one that holds what it reads.
	d.r, err = reactor.New(sys)
	must(err)
	echo, err := reactor.Listen(sys, d.r, "tcp", "127.0.0.1:0", func(c *reactor.Conn) reactor.Handler[struct{}] { return &echoConn{c} })
	must(err)
	ingest, err := reactor.Listen(sys, d.r, "tcp", "127.0.0.1:0", func(*reactor.Conn) reactor.Handler[struct{}] { return holdConn{} })
	must(err)
	d.lns = []*reactor.Listener{echo, ingest}
	for i, addr := range []net.Addr{echo.Addr(), echo.Addr(), ingest.Addr(), ingest.Addr()} {
		c, err := net.Dial("tcp", addr.String())
		must(err)
		d.clients = append(d.clients, c)
		_, err = c.Write(make([]byte, 512*(i+1)))
		must(err)
	}

	// Traffic: a rate that rises and falls, to the shards, and now and
	// then a message to an actor that has stopped (a dead letter).
	gone, err := actor.SpawnFunc(sys, func(*actor.Context[order], order) {})
	must(err)
	gone.Stop()
	d.traffic.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		start := time.Now()
		for i := 0; ; i++ {
			select {
			case <-d.stop:
				return
			case <-tick.C:
			}
			wave := 1 + math.Sin(time.Since(start).Seconds()/2)
			for k := range int(2 + 6*wave) {
				_ = shards[(i+k)%len(shards)].Send(order{id: i})
			}
			_ = d.crasher.Send(crashReq{})
			if i%500 == 0 {
				_ = gone.Send(order{id: i})
			}
			if i%1400 == 700 {
				_ = d.crasher.Send(crashReq{why: "upstream timeout"})
			}
		}
	})
	return d
}

// jamLedger blocks the ledger's handler and sends it n entries.
func (d *demo) jamLedger(t *testing.T, n int) {
	t.Helper()
	if err := d.ledger.Send(entry{amount: -1}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := d.ledger.Send(entry{amount: i}); err != nil {
			t.Fatal(err)
		}
	}
}

// close stops the traffic, lets the ledger go, and shuts the system
// down.
func (d *demo) close(t *testing.T) {
	close(d.stop)
	d.traffic.Wait()
	d.jamOnce.Do(func() { close(d.jam) })
	for _, c := range d.clients {
		_ = c.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.sys.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// echoConn echoes what it reads.
type echoConn struct{ c *reactor.Conn }

func (e *echoConn) Receive(*actor.Context[struct{}], struct{}) {}
func (e *echoConn) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	if _, ok := ev.(reactor.Readable); ok {
		_, _ = e.c.Write(e.c.Next(e.c.Buffered()))
	}
}

// holdConn reads nothing: what its client sends stays buffered.
type holdConn struct{}

func (holdConn) Receive(*actor.Context[struct{}], struct{})       {}
func (holdConn) HandleIO(*actor.Context[struct{}], reactor.Event) {}

// sink keeps work from being optimised away.
var sink atomic.Uint64

// work burns a few microseconds, as a handler doing something would.
func work(seed int) {
	h := uint64(seed) | 1
	for range 2000 {
		h ^= h << 13
		h ^= h >> 7
		h ^= h << 17
	}
	sink.Add(h & 1)
}
