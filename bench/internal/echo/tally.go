package echo

import (
	"errors"
	"sync"
	"time"

	"github.com/actorio/actorio/bench/internal/suite"
)

// result is what the client reports after its measured phase, as one JSON
// object on its "result" line.
type result struct {
	Count   int64  `json:"count"`      // round trips whose response equalled the request
	Sum     int64  `json:"sum"`        // sum of their sequence numbers
	Errors  int64  `json:"errors"`     // responses that differed from their request
	Err     string `json:"err"`        // the first failure of any kind, or ""
	Elapsed int64  `json:"elapsed_ns"` // the measured phase, as the client timed it
	P50     int64  `json:"p50_ns"`     // round-trip percentiles, for the busy workloads
	P99     int64  `json:"p99_ns"`
}

// tally gathers the connections' counts, round-trip times and failures.
// It is safe for concurrent use.
type tally struct {
	mu                     sync.Mutex
	count, sum, mismatches int64
	rtts                   []time.Duration
	err                    error
}

// add records one connection's (or one dialer's) round trips and the
// failure that ended them, if any.
func (t *tally) add(count, sum int64, rtts []time.Duration, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count += count
	t.sum += sum
	t.rtts = append(t.rtts, rtts...)
	if err == nil {
		return
	}
	if errors.Is(err, errMismatch) {
		t.mismatches++
	}
	if t.err == nil {
		t.err = err
	}
}

// result returns the tally as a result of a phase that took elapsed.
func (t *tally) result(elapsed time.Duration) result {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := result{Count: t.count, Sum: t.sum, Errors: t.mismatches, Elapsed: elapsed.Nanoseconds(),
		P50: int64(suite.Percentile(t.rtts, 50)), P99: int64(suite.Percentile(t.rtts, 99))}
	if t.err != nil {
		r.Err = t.err.Error()
	}
	return r
}
