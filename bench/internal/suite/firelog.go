package suite

import (
	"sync/atomic"
	"time"
)

// FireLog records, for the timers-fire workload, when each timer was due
// and how late it fired. Schedule(i) must happen before timer i is
// started; Fired(i) is safe to call from any goroutine.
type FireLog struct {
	delays   []time.Duration
	deadline []time.Time
	late     []time.Duration
	fired    []atomic.Int32
}

// NewFireLog returns a log for timers with the given delays.
func NewFireLog(delays []time.Duration) *FireLog {
	n := len(delays)
	return &FireLog{delays: delays, deadline: make([]time.Time, n), late: make([]time.Duration, n),
		fired: make([]atomic.Int32, n)}
}

// Schedule records that timer i starts now, so it is due delays[i] later.
func (f *FireLog) Schedule(i int) { f.deadline[i] = time.Now().Add(f.delays[i]) }

// Fired records that timer i fired now.
func (f *FireLog) Fired(i int) {
	now := time.Now()
	if f.fired[i].Add(1) == 1 {
		f.late[i] = now.Sub(f.deadline[i])
	}
}

// Outcome counts the timers that fired exactly once as Count, those that
// fired early or more than once as Errors, and reports the lateness
// percentiles in microseconds.
func (f *FireLog) Outcome() Outcome {
	var o Outcome
	late := make([]time.Duration, 0, len(f.late))
	for i := range f.fired {
		switch n := f.fired[i].Load(); {
		case n == 1 && f.late[i] >= 0:
			o.Count++
			late = append(late, f.late[i])
		case n > 1 || f.late[i] < 0:
			o.Errors++
		}
	}
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	o.Extra = []Metric{
		{Name: "lateness-p50", Unit: "us", Value: us(Percentile(late, 50))},
		{Name: "lateness-p99", Unit: "us", Value: us(Percentile(late, 99))},
	}
	return o
}
