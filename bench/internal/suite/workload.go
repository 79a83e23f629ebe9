package suite

import "time"

// Params sizes one workload. Each workload's Definition says which fields
// it reads; the others are zero.
type Params struct {
	// N is the main count: messages, round trips, actors, timers, hops,
	// meetings, or messages per actor.
	N int
	// Actors is the number of actors, pairs, producers or creatures, or
	// the actors in each ring of a ring workload.
	Actors int
	// Rings is the number of rings of a ring workload, one token each.
	Rings int
	// InFlight is the number of messages or requests outstanding at once.
	InFlight int
	// Span spreads timer deadlines over [0, Span).
	Span time.Duration
	// Conns is the number of TCP connections of a network workload.
	Conns int
	// Payload is the size in bytes of each request, and of its echo.
	Payload int
}

// Outcome is what one run of an implementation reports, for its
// workload's Check and for the workload-specific metrics in Extra.
type Outcome struct {
	Count    int64   // operations or messages counted by the implementation
	Sum      int64   // checksum of the values seen
	Actors   int64   // actors created, for workloads that count them
	Index    int     // ThreadRing: index of the actor that saw the token reach 0
	PerActor []int64 // per-actor tallies: ring forwards, creature meetings
	PerRing  []int64 // ring workloads: the hop count each ring's token came back with
	Errors   int64   // invariant violations seen by the implementation
	Exits    int64   // exit messages received
	Extra    []Metric
}

// Metric is one measured quantity of a run, such as a lateness
// percentile.
type Metric struct {
	Name  string
	Unit  string
	Value float64
}

// Func is one system's implementation of one workload. It sets up what it
// needs, calls r.Start and r.Stop around the measured phase, tears down,
// and returns what it observed. An error means the run failed.
type Func func(r *Run) (Outcome, error)

// System is one of the compared systems: plain Go, actorio or a peer
// library.
type System struct {
	Name string
	// Funcs implements workloads, keyed by Workload.Name.
	Funcs map[string]Func
	// NA explains, by workload name, why the system has no implementation.
	NA map[string]string
}

// Workload is one benchmark: its definition, sizes and verification.
type Workload struct {
	Name       string // short identifier, as passed to -workloads
	Title      string // human-readable name
	Definition string // what runs and what is checked, in Markdown
	// Op names one operation; time is reported per operation. An empty
	// Op reports the whole measured phase in milliseconds.
	Op          string
	Full, Quick Params
	// Ops returns the operations of a run; nil when Op is empty.
	Ops func(Params) int
	// Msgs returns the messages sent in a run, for a msg/s figure; nil
	// when messages are not the point.
	Msgs func(Params) int
	// Primary is the metric compared in the summary; "" means MetricTime.
	Primary string
	// Summary names further metrics that get a row of their own in the
	// summary, after the primary's.
	Summary []string
	// Targets are the workload's goals for the subject (actorio) against
	// a peer: reported beside the ratios, not enforced.
	Targets []Target
	// OutOfProcess says that the measured work runs in child processes
	// (the network workloads' server and client), so this process's
	// allocations and memory in use say nothing about it: only time and
	// the workload's own metrics are reported.
	OutOfProcess bool
	// Check verifies a run's Outcome. It must not pass a wrong answer.
	Check func(Params, Outcome) error
}

// Target is a goal for the subject's median over a peer's on one metric:
// met when the ratio is at most Max. The report shows a missed target; a
// run never fails for one.
type Target struct {
	Metric string  // "" means the primary metric
	Peer   string  // the system the subject is compared with
	Max    float64 // the highest subject / peer ratio that meets the target
}

// SummaryMetrics returns the metrics that get a row in the summary: the
// primary first, then Summary.
func (w *Workload) SummaryMetrics() []string {
	return append([]string{w.PrimaryMetric()}, w.Summary...)
}

// Target returns the workload's target on metric against peer, if it has
// one.
func (w *Workload) Target(metric, peer string) (Target, bool) {
	for _, t := range w.Targets {
		m := t.Metric
		if m == "" {
			m = w.PrimaryMetric()
		}
		if m == metric && t.Peer == peer {
			t.Metric = m
			return t, true
		}
	}
	return Target{}, false
}

// Sizes returns the workload's parameters for the quick or full suite.
func (w *Workload) Sizes(quick bool) Params {
	if quick {
		return w.Quick
	}
	return w.Full
}

// PrimaryMetric returns the name of the metric compared in the summary.
func (w *Workload) PrimaryMetric() string {
	if w.Primary == "" {
		return MetricTime
	}
	return w.Primary
}

// TimeUnit returns the unit of the workload's time metric.
func (w *Workload) TimeUnit() string {
	if w.Op == "" {
		return "ms"
	}
	return "ns/op"
}

// Names of the metrics every run reports.
const (
	MetricTime       = "time"       // ns/op, or ms for a whole run
	MetricThroughput = "throughput" // msg/s
	MetricAllocs     = "allocs"     // allocs/op
	MetricBytes      = "bytes"      // B/op
	MetricPeakHeap   = "peak-heap"  // B: peak heap+stack in use above the start
)
