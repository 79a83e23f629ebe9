package actorio

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/timer"

	"github.com/actorio/actorio/bench/internal/suite"
)

func timersCancel(r *suite.Run) (suite.Outcome, error) {
	s := timer.NewScheduler()
	defer s.Stop()
	delays := suite.TimerDelays(r.P.N, time.Second, time.Second)
	timers := make([]*timer.Timer, r.P.N)
	var fired atomic.Int64
	var o suite.Outcome
	r.Start()
	for i, d := range delays {
		timers[i] = s.AfterFunc(d, func() { fired.Add(1) })
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
	s := timer.NewScheduler()
	defer s.Stop()
	delays := suite.TimerDelays(r.P.N, 0, r.P.Span)
	fire := suite.NewFireLog(delays)
	var wg sync.WaitGroup
	wg.Add(len(delays))
	r.Start()
	for i, d := range delays {
		fire.Schedule(i)
		s.AfterFunc(d, func() { fire.Fired(i); wg.Done() })
	}
	err := r.Wait(waitChan(&wg), "every timer to fire")
	r.Stop()
	return fire.Outcome(), err
}
