package timer

import "time"

// Sender is where SendAfter and SendEvery deliver messages. actor.Ref[M]
// satisfies it; package timer does not import package actor.
//
// Send is called on a driver goroutine and must not block: it should
// enqueue msg or fail at once. The Sender owns failure reporting: the error
// it returns is not seen by this package (the actor runtime dead-letters a
// failed send itself).
type Sender[M any] interface {
	Send(msg M) error
}

// SendAfter sends msg to to once d has elapsed, and returns a Timer that
// can cancel or reschedule the send; each firing sends msg once. It panics
// if to is nil.
//
// The Sender's concrete type S is a type parameter, inferred at the call
// (timer.SendAfter(s, ref, d, msg)), so that a pointer-shaped Sender such
// as actor.Ref is stored in one word instead of an interface's two: with
// an int message a pending SendAfter costs 64 bytes. When M is an
// interface and msg one of its implementations, name M:
// timer.SendAfter[Msg](s, ref, d, Ping{}).
func SendAfter[M any, S Sender[M]](s *Scheduler, to S, d time.Duration, msg M) *Timer {
	if any(to) == nil {
		panic("timer: SendAfter called with a nil Sender")
	}
	st := &sendTimer[M, S]{to: to, msg: msg}
	s.eng.Schedule(&st.e, st, d)
	return &st.Timer
}

// sendTimer keeps a SendAfter timer and its message in one allocation.
type sendTimer[M any, S Sender[M]] struct {
	Timer
	to  S
	msg M
}

func (st *sendTimer[M, S]) Fire() { _ = st.to.Send(st.msg) } // the Sender reports its own failures
