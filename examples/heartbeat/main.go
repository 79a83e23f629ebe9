// Command heartbeat runs a small failure detector among actors and prints
// what it saw.
//
// Four worker actors send a heartbeat to a monitor every 50 ms, driven by
// their own Context.Every ticker. The monitor sweeps its table every 25 ms
// (another ticker) and suspects a worker that has been silent for more
// than 200 ms, so a stalled worker is suspected within 225 ms of its last
// heartbeat (plus a timer tick). Worker 2 is made to stall for 600 ms: it
// ignores its ticks until a Context.After timer wakes it. The monitor
// reports it as suspected, then as recovered at its next heartbeat. At the
// end the workers are stopped, which cancels their tickers; the monitor
// stops sweeping and its receive timeout (Context.SetReceiveTimeout) tells
// it, 300 ms later, that everything has gone quiet.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/actorio/actorio/actor"
)

const (
	workers      = 4
	period       = 50 * time.Millisecond  // heartbeat interval
	sweepEvery   = 25 * time.Millisecond  // how often the monitor checks
	suspectAfter = 200 * time.Millisecond // silence before suspicion
	quietAfter   = 300 * time.Millisecond // silence before the monitor gives up
	stallAt      = 325 * time.Millisecond // when worker 2 stalls, from the start
	stallFor     = 600 * time.Millisecond
	stopAt       = 1210 * time.Millisecond // when the workers are stopped
)

// Messages of the monitor.
type (
	event     interface{ isEvent() }
	heartbeat struct{ worker int }
	sweep     struct{}
	winddown  struct{} // the workers are being stopped
	silence   struct{} // the receive timeout
)

func (heartbeat) isEvent() {}
func (sweep) isEvent()     {}
func (winddown) isEvent()  {}
func (silence) isEvent()   {}

// Messages of a worker.
type command int

const (
	tick command = iota
	stall
	resume
)

// worker sends a heartbeat on each tick, except while stalled.
type worker struct {
	id      int
	monitor actor.Ref[event]
	out     io.Writer
	stalled bool
}

func (w *worker) Started(ctx *actor.Context[command]) { ctx.Every(period, tick) }

func (w *worker) Receive(ctx *actor.Context[command], c command) {
	switch c {
	case tick:
		if !w.stalled {
			_ = w.monitor.Send(heartbeat{w.id})
		}
	case stall:
		w.stalled = true
		fmt.Fprintf(w.out, "worker-%d: stalling for %v\n", w.id, stallFor)
		ctx.After(stallFor, resume)
	case resume:
		w.stalled = false
		fmt.Fprintf(w.out, "worker-%d: resuming\n", w.id)
	}
}

// monitor keeps the time of each worker's last heartbeat.
type monitor struct {
	out       io.Writer
	last      map[int]time.Time
	suspected map[int]bool
	beats     int
	suspicion int
	sweeper   *actor.Ticker
	done      chan<- struct{}
}

func (m *monitor) Started(ctx *actor.Context[event]) {
	fmt.Fprintf(m.out, "monitor: watching %d workers: heartbeat every %v, suspected after %v of silence\n",
		workers, period, suspectAfter)
	m.sweeper = ctx.Every(sweepEvery, sweep{})
	ctx.SetReceiveTimeout(quietAfter, silence{})
}

func (m *monitor) Receive(ctx *actor.Context[event], e event) {
	now := time.Now()
	switch e := e.(type) {
	case heartbeat:
		m.beats++
		if m.suspected[e.worker] {
			delete(m.suspected, e.worker)
			fmt.Fprintf(m.out, "monitor: worker-%d recovered after %v of silence\n",
				e.worker, now.Sub(m.last[e.worker]).Round(time.Millisecond))
		}
		m.last[e.worker] = now
	case sweep:
		for _, id := range slices.Sorted(maps.Keys(m.last)) {
			if silent := now.Sub(m.last[id]); silent > suspectAfter && !m.suspected[id] {
				m.suspected[id] = true
				m.suspicion++
				fmt.Fprintf(m.out, "monitor: worker-%d suspected: silent for %v\n", id, silent.Round(time.Millisecond))
			}
		}
	case winddown:
		m.sweeper.Stop() // only the receive timeout watches from now on
	case silence:
		fmt.Fprintf(m.out, "monitor: no message for %v: all workers are gone\n", quietAfter)
		close(m.done)
	}
}

// syncWriter serializes the lines that actors print from their workers.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func run(w io.Writer) error {
	out := &syncWriter{w: w}
	sys, err := actor.NewSystem()
	if err != nil {
		return err
	}
	defer func() { _ = sys.Shutdown(context.Background()) }()
	start := time.Now()

	done := make(chan struct{})
	mon := &monitor{out: out, last: make(map[int]time.Time), suspected: make(map[int]bool), done: done}
	monRef, err := actor.Spawn(sys, func() actor.Actor[event] { return mon }, actor.WithName("monitor"))
	if err != nil {
		return err
	}
	refs := make([]actor.Ref[command], workers)
	for i := range refs {
		refs[i], err = actor.Spawn(sys, func() actor.Actor[command] {
			return &worker{id: i, monitor: monRef, out: out}
		}, actor.WithName(fmt.Sprintf("worker-%d", i)))
		if err != nil {
			return err
		}
	}

	time.Sleep(stallAt - time.Since(start))
	if err := refs[2].Send(stall); err != nil {
		return err
	}
	time.Sleep(stopAt - time.Since(start))
	fmt.Fprintln(out, "main: stopping the workers")
	for _, r := range refs {
		r.Stop() // cancels their tickers: no heartbeat reaches the monitor after this
	}
	if err := monRef.Send(winddown{}); err != nil {
		return err
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		return errors.New("the monitor never noticed the silence")
	}
	if err := sys.Shutdown(context.Background()); err != nil {
		return err
	}
	// The monitor has stopped, so its counts are safe to read.
	fmt.Fprintf(out, "heartbeats received: %d, suspicions: %d, dead letters: %d\n",
		mon.beats, mon.suspicion, sys.Metrics().DeadLetters)
	return nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
