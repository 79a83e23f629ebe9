package suite

import (
	"fmt"
	"time"
)

// runValues holds the metrics of one successful run, in report order.
type runValues []Metric

// measure turns a finished run into its metrics: time per operation (or
// for the whole run), throughput, allocations and bytes per operation,
// peak memory in use (unless the work ran out of process), and the
// workload's own metrics.
func measure(w *Workload, p Params, r *Run, o Outcome) runValues {
	elapsed, mallocs, bytes, peak := r.measurement()
	ops, per := 1.0, "run"
	if w.Ops != nil && w.Op != "" {
		ops, per = float64(max(w.Ops(p), 1)), "op"
	}
	var v runValues
	if w.Op == "" {
		v = append(v, Metric{MetricTime, "ms", float64(elapsed) / float64(time.Millisecond)})
	} else {
		v = append(v, Metric{MetricTime, "ns/op", float64(elapsed.Nanoseconds()) / ops})
	}
	if w.Msgs != nil && elapsed > 0 {
		v = append(v, Metric{MetricThroughput, "msg/s", float64(w.Msgs(p)) / elapsed.Seconds()})
	}
	if !w.OutOfProcess {
		v = append(v,
			Metric{MetricAllocs, "allocs/" + per, float64(mallocs) / ops},
			Metric{MetricBytes, "B/" + per, float64(bytes) / ops},
			Metric{MetricPeakHeap, "B", float64(peak)},
		)
	}
	return append(v, o.Extra...)
}

// describe is the progress line's summary of a run.
func (v runValues) describe() string {
	s := ""
	for _, m := range v {
		switch m.Name {
		case MetricTime:
			s += fmt.Sprintf("%.4g %s", m.Value, m.Unit)
		case MetricAllocs, MetricBytes:
			s += fmt.Sprintf("  %.4g %s", m.Value, m.Unit)
		case MetricThroughput, MetricPeakHeap:
		default:
			s += fmt.Sprintf("  %s %.4g %s", m.Name, m.Value, m.Unit)
		}
	}
	return s
}

// accumulator gathers the runs of one (workload, system) pair.
type accumulator struct {
	res    Result
	order  []string
	units  map[string]string
	values map[string][]float64
}

func (a *accumulator) add(v runValues) {
	if a.values == nil {
		a.units, a.values = map[string]string{}, map[string][]float64{}
	}
	for _, m := range v {
		if _, seen := a.values[m.Name]; !seen {
			a.order = append(a.order, m.Name)
			a.units[m.Name] = m.Unit
		}
		a.values[m.Name] = append(a.values[m.Name], m.Value)
	}
}

// result returns the Result, with metrics only if every run passed.
func (a *accumulator) result() Result {
	r := a.res
	if !r.OK || r.NA != "" {
		return r
	}
	for _, name := range a.order {
		vals := a.values[name]
		r.Metrics = append(r.Metrics, Summary{Name: name, Unit: a.units[name], Values: vals, Stat: Summarize(vals)})
	}
	return r
}
