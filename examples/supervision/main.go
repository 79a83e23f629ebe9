// Command supervision runs a small supervised worker tree that survives
// injected panics, and prints what happened.
//
// A pool actor supervises three workers. Jobs reach a worker through the
// pool with futures.Ask, so every caller gets an answer: a result, or the
// reason there is none. A job called "boom" makes its worker panic: the
// job fails (its asker is told at once), the pool restarts the worker,
// and the jobs queued behind it carry on. A worker that fails more than
// three times in a minute is stopped for good, and later jobs for it fail
// fast instead of waiting for a timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/examples/internal/debugserve"
	"github.com/actorio/actorio/futures"
)

// job asks worker Worker to evaluate Expr, "a+b" or "a*b".
type job struct {
	Worker int
	Expr   string
	Reply  futures.Promise[int]
}

// worker evaluates jobs and counts how many this instance has done.
type worker struct{ done int }

func (w *worker) Receive(_ *actor.Context[job], j job) {
	if j.Expr == "boom" {
		panic("boom: injected failure")
	}
	w.done++
	_ = j.Reply.Complete(eval(j.Expr))
}

func eval(expr string) (int, error) {
	for _, op := range []string{"+", "*"} {
		a, b, ok := strings.Cut(expr, op)
		if !ok {
			continue
		}
		x, err1 := strconv.Atoi(a)
		y, err2 := strconv.Atoi(b)
		if err := errors.Join(err1, err2); err != nil {
			return 0, err
		}
		if op == "+" {
			return x + y, nil
		}
		return x * y, nil
	}
	return 0, fmt.Errorf("cannot evaluate %q", expr)
}

// pool spawns its workers when it starts and routes jobs to them.
type pool struct{ workers []actor.Ref[job] }

func (p *pool) Started(ctx *actor.Context[job]) {
	for i := range 3 {
		w, err := actor.Spawn(ctx, func() actor.Actor[job] { return &worker{} },
			actor.WithName(fmt.Sprintf("worker-%d", i)))
		if err != nil {
			panic(err)
		}
		p.workers = append(p.workers, w)
	}
}

func (p *pool) Receive(_ *actor.Context[job], j job) {
	// SendRequest hands the reply promise to the runtime, which rejects it
	// if the job is dropped or its worker dies without answering.
	if err := p.workers[j.Worker].SendRequest(j, j.Reply); err != nil {
		_ = j.Reply.Reject(err)
	}
}

// run runs the scenario, writing what happens to w. If inspect is not nil,
// it is called with the running system just before shutdown, to look at
// it (main prints its actor dump, or serves its debug handler).
func run(w io.Writer, inspect func(*actor.System)) error {
	sys, err := actor.NewSystem()
	if err != nil {
		return err
	}
	events := sys.Subscribe(64)
	supervisor := actor.OneForOne(actor.WithRestartLimit(3, time.Minute, actor.Stop))
	p, err := actor.Spawn(sys, func() actor.Actor[job] { return &pool{} },
		actor.WithName("pool"), actor.WithSupervisor(supervisor))
	if err != nil {
		return err
	}

	submit := func(worker int, expr string) {
		f := futures.Ask(p, func(reply futures.Promise[int]) job {
			return job{Worker: worker, Expr: expr, Reply: reply}
		}, time.Second)
		v, err := f.Await(context.Background())
		var pe *actor.PanicError
		switch {
		case err == nil:
			fmt.Fprintf(w, "worker-%d: %s = %d\n", worker, expr, v)
		case errors.As(err, &pe):
			fmt.Fprintf(w, "worker-%d: %s failed: %v\n", worker, expr, pe.Value)
		case errors.Is(err, actor.ErrStopped):
			fmt.Fprintf(w, "worker-%d: %s refused: the worker has stopped\n", worker, expr)
		default:
			fmt.Fprintf(w, "worker-%d: %s failed: %v\n", worker, expr, err)
		}
	}

	submit(0, "2+3")
	submit(1, "boom")
	submit(1, "4*5") // served by the restarted worker-1
	for range 4 {    // the fourth failure within a minute stops worker-2
		submit(2, "boom")
	}
	for e := range events.C() { // wait for the supervisor's verdict
		if f, ok := e.(actor.Failure); ok && f.Directive == actor.Stop {
			fmt.Fprintf(w, "supervisor: stopped %s: restart limit exceeded\n", f.Actor)
			break
		}
	}
	submit(2, "1+1")
	submit(0, "6*7")

	if inspect != nil {
		inspect(sys)
	}
	if err := sys.Shutdown(context.Background()); err != nil {
		return err
	}
	m := sys.Metrics()
	fmt.Fprintf(w, "restarts: %d, messages processed: %d, dead letters: %d\n",
		m.ActorsRestarted, m.MessagesProcessed, m.DeadLetters)
	return nil
}

func main() {
	debug := flag.String("debug", "", "serve the debug handler (metrics and the actor dump) and the console on this `address`, such as 127.0.0.1:6060, until interrupted")
	flag.Parse()
	inspect := func(sys *actor.System) {
		fmt.Println("actor dump (path, state, message type, mailbox depth):")
		if err := sys.Dump(os.Stdout); err != nil {
			log.Fatal(err)
		}
	}
	if *debug != "" {
		inspect = func(sys *actor.System) { serveDebug(*debug, sys) }
	}
	if err := run(os.Stdout, inspect); err != nil {
		log.Fatal(err)
	}
}

// serveDebug serves sys's debug handler under /debug/actorio/, and its
// console under /debug/actorio/console/, until the process is
// interrupted, then shuts the server down.
func serveDebug(addr string, sys *actor.System) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	stopDebug, err := debugserve.Start(sys, addr, os.Stdout)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("interrupt to stop")
	<-ctx.Done()
	stopDebug()
}
