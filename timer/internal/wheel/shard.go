package wheel

import (
	"math"
	"sync"
	"time"
)

const (
	// batchSize bounds the callbacks fired per lock acquisition, so a
	// burst of expiries never holds inserts off for long.
	batchSize = 512
	// idle is the sleep target of a driver whose wheel is empty.
	idle = math.MaxUint64
)

// shard is one Wheel, its lock, and the state of its driver goroutine.
type shard struct {
	mu     sync.Mutex
	wheel  Wheel
	closed bool
	// sleep is the tick the driver will next poll at, or idle. An insert
	// that must be polled earlier lowers it and signals wake.
	sleep uint64
	wake  chan struct{}
	eng   *Engine

	// batch holds expired entries still to fire, from batch[fired:]. Only
	// the driver touches them; they live here so that a driver restarted
	// after runtime.Goexit resumes where the old one stopped.
	batch []*Entry
	fired int
	polls int // driver passes, for tests

	_ [64]byte // keeps the next shard's lock off this cache line
}

// reset removes en if it is pending, inserts it to fire at tick when, and
// reports whether it was pending; once the shard is closed it does
// nothing. The driver is signalled only when en must be polled before the
// tick it sleeps until. (No defer: this is the hot path of every insert.)
func (sh *shard) reset(en *Entry, when uint64) bool {
	sh.mu.Lock()
	if sh.closed {
		sh.mu.Unlock()
		return false
	}
	pending := sh.wheel.Remove(en)
	if wake := sh.wheel.Insert(en, when); wake < sh.sleep {
		sh.sleep = wake
		select {
		case sh.wake <- struct{}{}:
		default:
		}
	}
	sh.mu.Unlock()
	return pending
}

// run is the driver goroutine. If a callback calls runtime.Goexit, run
// reports it and starts its own replacement before it exits.
func (sh *shard) run() {
	returned := false
	defer func() {
		if !returned {
			sh.eng.onGoexit()
			sh.eng.drivers.Add(1)
			go sh.run()
		}
		sh.eng.drivers.Done()
	}()
	sh.drive()
	returned = true
}

func (sh *shard) drive() {
	var alarm *time.Timer
	defer func() {
		if alarm != nil {
			alarm.Stop()
		}
	}()
	for ; ; sh.polls++ {
		sh.fireBatch()
		now := sh.eng.nowTick()
		sh.mu.Lock()
		if sh.closed {
			sh.mu.Unlock()
			return
		}
		sh.batch, sh.fired = sh.wheel.Poll(now, sh.batch[:0], batchSize), 0
		next, ok := sh.wheel.Next()
		if !ok {
			next = idle
		}
		sh.sleep = next
		sh.mu.Unlock()

		var timeout <-chan time.Time
		switch {
		case len(sh.batch) > 0:
			continue // fire them; time moves on meanwhile, so poll again
		case next != idle:
			d := sh.eng.until(next)
			if d <= 0 {
				continue
			}
			if alarm == nil {
				alarm = time.NewTimer(d)
			} else {
				alarm.Reset(d)
			}
			timeout = alarm.C
		}
		select {
		case <-timeout:
		case <-sh.wake:
		case <-sh.eng.done:
			return
		}
	}
}

// fireBatch runs the callbacks of the batch, or skips them once the Engine
// is stopping.
func (sh *shard) fireBatch() {
	for sh.fired < len(sh.batch) {
		en := sh.batch[sh.fired]
		sh.batch[sh.fired] = nil
		sh.fired++
		if !sh.eng.stopped.Load() {
			sh.fire(en.target)
		}
	}
}

func (sh *shard) fire(t Target) {
	defer func() {
		if r := recover(); r != nil {
			sh.eng.onPanic(r)
		}
	}()
	t.Fire()
}
