package signals

import (
	"os"
	"os/signal"
	"sync"

	"github.com/actorio/actorio/futures"
)

// Notify sends wrap(sig) to to for every signal of sigs the process
// receives (all signals if sigs is empty), until stop is called. Signals
// are relayed one at a time in the order they arrive; a Send that fails
// (the actor has stopped) is dropped. stop ends the relay and waits for
// its goroutine; calling it again does nothing.
//
// For a service that reloads its configuration on SIGHUP:
//
//	stop := signals.Notify(server, func(os.Signal) serverMsg { return reload{} }, syscall.SIGHUP)
//	defer stop()
func Notify[M any](to futures.Sender[M], wrap func(os.Signal) M, sigs ...os.Signal) (stop func()) {
	return relay(func(s os.Signal) bool {
		_ = to.Send(wrap(s))
		return true
	}, sigs)
}

// Next returns a future that completes with the first signal of sigs the
// process receives (any signal if sigs is empty), and stop, which stops
// listening (the future then never completes if no signal came) and
// waits for the goroutine listening. Call stop once the future is no
// longer needed; calling it again does nothing.
func Next(sigs ...os.Signal) (futures.Future[os.Signal], func()) {
	p, f := futures.NewPromise[os.Signal]()
	stop := relay(func(s os.Signal) bool {
		_ = p.Resolve(s)
		return false
	}, sigs)
	return f, stop
}

// relay runs deliver for each signal of sigs, on a goroutine of its own,
// until deliver returns false or stop is called. A panic in deliver (in a
// Notify's wrap, say) loses that signal, not the process.
func relay(deliver func(os.Signal) bool, sigs []os.Signal) (stop func()) {
	ch := make(chan os.Signal, 1)
	quit := make(chan struct{})
	done := make(chan struct{})
	signal.Notify(ch, sigs...)
	go func() {
		defer close(done)
		defer signal.Stop(ch)
		for {
			select {
			case s := <-ch:
				if !safely(deliver, s) {
					return
				}
			case <-quit:
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(quit) })
		<-done
	}
}

// safely calls deliver, recovering a panic as "go on".
func safely(deliver func(os.Signal) bool, s os.Signal) (more bool) {
	defer func() {
		if recover() != nil {
			more = true
		}
	}()
	return deliver(s)
}
