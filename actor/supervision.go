package actor

import (
	"fmt"
	"time"
)

// Directive is a supervisor's decision about a failed child.
type Directive int

const (
	// Restart replaces the child's actor with a fresh one from its
	// producer, keeping the queued messages. The old instance's children
	// are stopped first.
	Restart Directive = iota
	// Resume keeps the child's actor and state and carries on with the
	// next queued message.
	Resume
	// Stop stops the child; its queued messages go to dead letters.
	Stop
	// Escalate fails the supervisor itself with the child's error, for
	// its own supervisor to decide. A failure escalated past the
	// top-level actors is logged and the top-level actor is stopped.
	Escalate
)

// String returns the directive's name.
func (d Directive) String() string {
	switch d {
	case Restart:
		return "Restart"
	case Resume:
		return "Resume"
	case Stop:
		return "Stop"
	case Escalate:
		return "Escalate"
	}
	return fmt.Sprintf("Directive(%d)", int(d))
}

// Decider maps a child's failure to a directive.
type Decider func(err error) Directive

// Strategy is how a parent supervises its children. Build one with
// OneForOne or AllForOne.
type Strategy struct {
	allForOne   bool
	decide      Decider
	maxRestarts int
	within      time.Duration
	onLimit     Directive
	backoffMin  time.Duration
	backoffMax  time.Duration
}

// StrategyOption adjusts a Strategy.
type StrategyOption func(*Strategy)

// OneForOne applies each directive to the failed child alone. By default
// it restarts, at most 10 times within 10 seconds, then stops the child.
func OneForOne(opts ...StrategyOption) Strategy { return newStrategy(false, opts) }

// AllForOne applies Restart and Stop to every child of the parent, not just
// the failed one, for children that only make sense together. Resume
// applies to the failed child alone. Defaults are as for OneForOne.
func AllForOne(opts ...StrategyOption) Strategy { return newStrategy(true, opts) }

func newStrategy(all bool, opts []StrategyOption) Strategy {
	s := Strategy{
		allForOne:   all,
		decide:      func(error) Directive { return Restart },
		maxRestarts: 10,
		within:      10 * time.Second,
		onLimit:     Stop,
	}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

// WithDecider sets the function that chooses a directive for a failure.
func WithDecider(d Decider) StrategyOption { return func(s *Strategy) { s.decide = d } }

// WithRestartLimit allows at most n restarts of one child within the
// window; the next failure gets onLimit instead (Stop or Escalate), with an
// error wrapping ErrRestartLimit. A negative n means no limit.
func WithRestartLimit(n int, window time.Duration, onLimit Directive) StrategyOption {
	return func(s *Strategy) { s.maxRestarts, s.within, s.onLimit = n, window, onLimit }
}

// WithBackoff delays each restart: the first by min, each further
// restart within the limit window by twice the previous delay, at most
// max. Messages keep queueing while the child waits.
func WithBackoff(min, max time.Duration) StrategyOption {
	return func(s *Strategy) { s.backoffMin, s.backoffMax = min, max }
}

// restartStats tracks one child's recent restarts.
type restartStats struct {
	windowStart time.Time
	count       int
}

// decideFor chooses the directive for a failure of a child with the given
// stats, applying the restart limit, and returns the backoff delay for a
// restart.
func (s *Strategy) decideFor(err error, st *restartStats, now time.Time) (Directive, time.Duration, error) {
	d := s.decide(err)
	if d != Restart {
		return d, 0, err
	}
	if st.windowStart.IsZero() || now.Sub(st.windowStart) > s.within {
		st.windowStart, st.count = now, 0
	}
	if s.maxRestarts >= 0 && st.count >= s.maxRestarts {
		return s.onLimit, 0, fmt.Errorf("%w (%d in %v): %w", ErrRestartLimit, st.count, s.within, err)
	}
	st.count++
	var delay time.Duration
	if s.backoffMin > 0 {
		delay = s.backoffMin
		for i := 1; i < st.count && delay < s.backoffMax; i++ {
			delay *= 2
		}
		delay = min(delay, max(s.backoffMax, s.backoffMin))
	}
	return Restart, delay, err
}
