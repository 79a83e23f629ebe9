package plain

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/bench/internal/suite"
)

func timersCancel(r *suite.Run) (suite.Outcome, error) {
	delays := suite.TimerDelays(r.P.N, time.Second, time.Second)
	timers := make([]*time.Timer, r.P.N)
	var fired atomic.Int64
	var o suite.Outcome
	r.Start()
	for i, d := range delays {
		timers[i] = time.AfterFunc(d, func() { fired.Add(1) })
	}
	for _, t := range timers {
		if t.Stop() {
			o.Count++
		}
	}
	r.Stop()
	o.Errors = fired.Load()
	return o, nil
}

func timersFire(r *suite.Run) (suite.Outcome, error) {
	delays := suite.TimerDelays(r.P.N, 0, r.P.Span)
	fire := suite.NewFireLog(delays)
	var wg sync.WaitGroup
	wg.Add(len(delays))
	r.Start()
	for i, d := range delays {
		fire.Schedule(i)
		time.AfterFunc(d, func() { fire.Fired(i); wg.Done() })
	}
	err := r.Wait(waitChan(&wg), "every timer to fire")
	r.Stop()
	return fire.Outcome(), err
}

// waitChan returns a channel closed when wg's count reaches zero.
func waitChan(wg *sync.WaitGroup) <-chan struct{} {
	ch := make(chan struct{})
	go func() { wg.Wait(); close(ch) }()
	return ch
}
