package suite

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"time"
)

// Config says what Execute runs.
type Config struct {
	Workloads []Workload
	Systems   []System
	Count     int           // repetitions per (workload, system); at least 1
	Quick     bool          // use the quick sizes
	Timeout   time.Duration // per run; 0 means 2 minutes
	// Progress receives one line per run; nil means none.
	Progress io.Writer
}

// Result is everything measured for one (workload, system) pair.
type Result struct {
	Workload Workload
	System   string
	Params   Params
	// NA, when not empty, says why the system has no implementation;
	// such a result has no runs and no metrics.
	NA string
	// OK is false if any run failed: it returned an error, panicked,
	// timed out, or its Outcome did not pass the workload's Check.
	OK bool
	// Err describes the first failure.
	Err string
	// Metrics holds one Summary per metric, all runs included; it is
	// empty when OK is false, so a wrong answer never shows as a number.
	Metrics []Summary
}

// Summary is one metric over the runs of a Result.
type Summary struct {
	Name   string
	Unit   string
	Values []float64 // one per run, in run order
	Stat
}

// Metric returns the summary of the named metric, if measured.
func (r *Result) Metric(name string) (Summary, bool) {
	for _, s := range r.Metrics {
		if s.Name == name {
			return s, true
		}
	}
	return Summary{}, false
}

// Execute runs every selected workload for every system, Count times,
// interleaving the systems within each repetition and rotating their
// order from one repetition to the next. It never stops at a failure: the
// failure is recorded in the Result and the suite goes on. Results come
// in workload order, then in the order of cfg.Systems.
func Execute(cfg Config) []Result {
	count := max(cfg.Count, 1)
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	total := 0
	for _, w := range cfg.Workloads {
		for _, s := range cfg.Systems {
			if s.Funcs[w.Name] != nil {
				total += count
			}
		}
	}
	step := 0
	var out []Result
	for _, w := range cfg.Workloads {
		p := w.Sizes(cfg.Quick)
		acc := make([]*accumulator, len(cfg.Systems))
		for i, s := range cfg.Systems {
			acc[i] = &accumulator{res: Result{Workload: w, System: s.Name, Params: p, OK: true}}
			if s.Funcs[w.Name] == nil {
				acc[i].res.NA = s.NA[w.Name]
				if acc[i].res.NA == "" {
					acc[i].res.NA = "not implemented"
				}
			}
		}
		for rep := range count {
			for k := range cfg.Systems {
				// The order rotates with each repetition, so that no
				// system always runs first or right after another.
				i := (k + rep) % len(cfg.Systems)
				s := cfg.Systems[i]
				fn, a := s.Funcs[w.Name], acc[i]
				if fn == nil {
					continue
				}
				step++
				if !a.res.OK { // a failed pair is not run again
					progress(cfg.Progress, step, total, w.Name, s.Name, rep, count, "skipped after failure")
					continue
				}
				vals, err := runOne(&w, fn, p, timeout)
				if err != nil {
					a.res.OK, a.res.Err = false, err.Error()
					progress(cfg.Progress, step, total, w.Name, s.Name, rep, count, "FAIL: "+err.Error())
					continue
				}
				a.add(vals)
				progress(cfg.Progress, step, total, w.Name, s.Name, rep, count, vals.describe())
			}
		}
		for _, a := range acc {
			out = append(out, a.result())
		}
	}
	return out
}

func progress(w io.Writer, step, total int, wl, sys string, rep, count int, msg string) {
	if w != nil {
		fmt.Fprintf(w, "[%3d/%d] %-18s %-11s run %d/%d  %s\n", step, total, wl, sys, rep+1, count, msg)
	}
}

// runOne runs fn once, bounded by timeout, and returns its metrics.
func runOne(w *Workload, fn Func, p Params, timeout time.Duration) (runValues, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	r := newRun(ctx, p)
	type ret struct {
		o   Outcome
		err error
	}
	done := make(chan ret, 1)
	go func() {
		var res ret
		defer func() {
			if v := recover(); v != nil {
				res.err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			}
			done <- res
		}()
		res.o, res.err = fn(r)
	}()
	var res ret
	select {
	case res = <-done:
	case <-time.After(timeout + 10*time.Second):
		return runValues{}, fmt.Errorf("did not return within %v", timeout)
	}
	if res.err != nil {
		return runValues{}, res.err
	}
	if !r.started {
		return runValues{}, fmt.Errorf("implementation never called Run.Start")
	}
	r.Stop()
	if err := w.Check(p, res.o); err != nil {
		return runValues{}, fmt.Errorf("wrong result: %w", err)
	}
	return measure(w, p, r, res.o), nil
}
