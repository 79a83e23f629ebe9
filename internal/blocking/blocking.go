// Package blocking runs work that may block on a bounded ants pool behind
// an unbounded FIFO, so that submitting never blocks the caller.
package blocking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/panjf2000/ants/v2"

	"github.com/actorio/actorio/internal/workerid"
)

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("blocking: pool closed")

// Pool runs submitted tasks on at most a fixed number of goroutines, in
// submission order. Create one with New.
type Pool struct {
	mu      sync.Mutex
	tasks   []func() // FIFO; tasks[head:] are waiting
	head    int
	running int // runner goroutines
	limit   int
	closed  bool
	idle    chan struct{} // closed when closed and nothing runs or waits

	release sync.Once
	relErr  error
	pool    *ants.Pool
	log     *slog.Logger
}

// New returns a pool that runs at most limit tasks at once.
func New(limit int, log *slog.Logger) (*Pool, error) {
	if limit < 1 {
		return nil, fmt.Errorf("blocking: need a limit of at least one, got %d", limit)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// The running counter below enforces limit. A runner that has
	// decremented it is not back in the ants pool until a moment later, so
	// the pool gets room for that many runners in transit as well.
	pool, err := ants.NewPool(2*limit, ants.WithNonblocking(true))
	if err != nil {
		return nil, fmt.Errorf("blocking: %w", err)
	}
	return &Pool{limit: limit, pool: pool, log: log, idle: make(chan struct{})}, nil
}

// Submit queues task. It never blocks; it returns ErrClosed after Close.
func (p *Pool) Submit(task func()) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	p.tasks = append(p.tasks, task)
	start := p.running < p.limit
	if start {
		p.running++
	}
	p.mu.Unlock()
	if start {
		if err := p.pool.Submit(p.runner); err != nil {
			// Only if limit runners were all in transit at once: run
			// the queue on a goroutine of our own rather than strand
			// it. Close still waits for it, through running.
			p.log.Debug("actorio: blocking pool full of exiting runners", "err", err)
			go p.runner()
		}
	}
	return nil
}

// Stats returns the number of tasks running and waiting.
func (p *Pool) Stats() (running, waiting int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.running, len(p.tasks) - p.head
}

// runner runs queued tasks until the queue is empty. They run inside
// workerid.RunBlocking, so that code which must not wait for the pool it
// runs on (such as a system's Shutdown) can tell.
func (p *Pool) runner() { workerid.RunBlocking(p.drain) }

// drain is runner's loop.
func (p *Pool) drain() {
	for {
		p.mu.Lock()
		if p.head == len(p.tasks) {
			p.tasks, p.head = p.tasks[:0], 0
			p.running--
			if p.closed && p.running == 0 {
				close(p.idle)
			}
			p.mu.Unlock()
			return
		}
		task := p.tasks[p.head]
		p.tasks[p.head] = nil
		p.head++
		p.mu.Unlock()
		p.run(task)
	}
}

func (p *Pool) run(task func()) {
	defer func() {
		if v := recover(); v != nil {
			p.log.Error("actorio: blocking task panicked", "panic", v)
		}
	}()
	task()
}

// Close stops accepting tasks, waits until every queued task has run and
// releases the pool's goroutines. It returns ctx.Err() if that has not
// happened when ctx is done; calling it again waits again. Once it has
// returned nil, it keeps returning nil.
func (p *Pool) Close(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		if p.running == 0 {
			close(p.idle)
		}
	}
	p.mu.Unlock()
	select {
	case <-p.idle:
	default: // not done yet: wait, but prefer done over an expired ctx
		select {
		case <-p.idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p.release.Do(func() { p.relErr = p.pool.ReleaseContext(ctx) })
	return p.relErr
}
