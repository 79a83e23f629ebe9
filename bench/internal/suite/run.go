package suite

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// Run is the handle an implementation gets for one measured execution:
// its sizes, its deadline, and the Start and Stop that bound the measured
// phase.
type Run struct {
	// P holds the workload's sizes for this run.
	P Params

	ctx              context.Context
	started, stopped bool
	t0, t1           time.Time
	m0, m1           runtime.MemStats
	sampler          *peakSampler
	peak             uint64
}

func newRun(ctx context.Context, p Params) *Run { return &Run{P: p, ctx: ctx} }

// Context returns a context that is done when the run's time is up.
func (r *Run) Context() context.Context { return r.ctx }

// Start collects garbage, takes the baseline of allocation counters and
// memory in use, and starts the clock. It must be called once, after
// setup.
func (r *Run) Start() {
	if r.started {
		panic("suite: Run.Start called twice")
	}
	r.started = true
	runtime.GC()
	runtime.ReadMemStats(&r.m0)
	r.sampler = startPeakSampler()
	r.t0 = time.Now()
}

// Stop stops the clock and reads the allocation counters and the peak of
// memory in use. Calling it again, or without Start, does nothing; the
// runner calls it after an implementation that did not.
func (r *Run) Stop() {
	if !r.started || r.stopped {
		return
	}
	r.t1 = time.Now()
	r.stopped = true
	r.peak = r.sampler.stop()
	runtime.ReadMemStats(&r.m1)
}

// Elapsed returns the measured time, or 0 before Stop.
func (r *Run) Elapsed() time.Duration {
	if !r.stopped {
		return 0
	}
	return r.t1.Sub(r.t0)
}

// Wait waits for done to be closed or to deliver, or fails when the run's
// time is up. what names the awaited event in the error.
func (r *Run) Wait(done <-chan struct{}, what string) error {
	select {
	case <-done:
		return nil
	case <-r.ctx.Done():
		return fmt.Errorf("waiting for %s: %w", what, r.ctx.Err())
	}
}

// Recv waits for a value from ch, or fails when the run's time is up.
func Recv[T any](r *Run, ch <-chan T, what string) (T, error) {
	select {
	case v := <-ch:
		return v, nil
	case <-r.ctx.Done():
		var zero T
		return zero, fmt.Errorf("waiting for %s: %w", what, r.ctx.Err())
	}
}

// measurement is what a finished Run measured.
func (r *Run) measurement() (elapsed time.Duration, mallocs, bytes, peak uint64) {
	return r.Elapsed(), r.m1.Mallocs - r.m0.Mallocs, r.m1.TotalAlloc - r.m0.TotalAlloc, r.peak
}
