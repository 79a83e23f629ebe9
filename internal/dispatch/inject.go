package dispatch

import (
	"sync"
	"sync/atomic"
)

// inject is the dispatcher's injection queue: runnables scheduled from
// outside its workers (plain goroutines, timers, event loops, the blocking
// pool), and the overflow of full local queues. It is the only queue
// behind a lock; workers look at it every globalInterval turns and when
// their own queue runs dry, taking a batch at a time.
type inject struct {
	n  atomic.Int64 // len(q), readable without the lock
	mu sync.Mutex
	q  ring
}

// empty reports whether the queue looked empty just now.
func (iq *inject) empty() bool { return iq.n.Load() == 0 }

func (iq *inject) push(r Runnable) {
	iq.mu.Lock()
	iq.q.push(r)
	iq.n.Add(1)
	iq.mu.Unlock()
}

// pushLocal moves n entries of lq from position first, which its owner has
// claimed, then r, to the queue, under one lock.
func (iq *inject) pushLocal(lq *local, first, n uint32, r Runnable) {
	iq.mu.Lock()
	for i := range n {
		s := (first + i) & localMask
		iq.q.push(lq.buf[s])
		lq.buf[s] = nil
	}
	iq.q.push(r)
	iq.n.Add(int64(n) + 1)
	iq.mu.Unlock()
}

// popInto takes a batch for worker w: it returns the oldest runnable and
// moves up to a fair share of the rest (the queue's length over the
// number of workers, at most half a local queue) into w's local queue,
// as Go's globrunqget does. It returns nil if the queue is empty.
func (iq *inject) popInto(w *Worker) Runnable {
	if iq.empty() {
		return nil
	}
	iq.mu.Lock()
	r, ok := iq.q.pop()
	if !ok {
		iq.mu.Unlock()
		return nil
	}
	taken := int64(1)
	share := min(iq.q.size/len(w.d.workers), localSize/2, localSize-w.local.len())
	for range share {
		next, _ := iq.q.pop()
		if !w.local.push(next) {
			iq.q.pushFront(next) // a thief is still copying out of w.local
			break
		}
		taken++
	}
	iq.n.Add(-taken)
	iq.mu.Unlock()
	return r
}
