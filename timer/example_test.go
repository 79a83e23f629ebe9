package timer_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/timer"
)

func ExampleScheduler_AfterFunc() {
	s := timer.NewScheduler()
	defer s.Stop()

	done := make(chan struct{})
	s.AfterFunc(10*time.Millisecond, func() { close(done) })
	cancelled := s.AfterFunc(time.Hour, func() { fmt.Println("never") })

	<-done
	fmt.Println("fired; pending:", s.Pending())
	fmt.Println("stopped:", cancelled.Stop())
	// Output:
	// fired; pending: 1
	// stopped: true
}

// mailbox is a tiny Sender standing in for an actor.Ref.
type mailbox chan string

func (m mailbox) Send(msg string) error {
	select {
	case m <- msg:
		return nil
	default:
		return errors.New("mailbox full")
	}
}

func ExampleSendAfter() {
	s := timer.NewScheduler()
	defer s.Stop()

	inbox := make(mailbox, 1)
	timer.SendAfter(s, inbox, 10*time.Millisecond, "timeout")

	fmt.Println(<-inbox)
	// Output: timeout
}

func ExampleSendEvery() {
	s := timer.NewScheduler()
	defer s.Stop()

	inbox := make(mailbox, 1)
	k := timer.SendEvery(s, inbox, 5*time.Millisecond, "tick", timer.WithMissedTickBehavior(timer.Skip))
	for range 3 {
		fmt.Println(<-inbox)
	}
	fmt.Println("stopped:", k.Stop())
	// Output:
	// tick
	// tick
	// tick
	// stopped: true
}

func ExampleScheduler_Sleep() {
	s := timer.NewScheduler()

	_, err := s.Sleep(10 * time.Millisecond).Await(context.Background())
	fmt.Println("slept:", err)

	pending := s.Sleep(time.Hour)
	s.Stop() // fails the sleeps still pending
	_, err = pending.Await(context.Background())
	fmt.Println("stopped:", errors.Is(err, timer.ErrStopped))
	// Output:
	// slept: <nil>
	// stopped: true
}

func ExampleScheduler_Clock() {
	s := timer.NewScheduler()
	defer s.Stop()

	never, _ := futures.NewPromise[string]()
	f := futures.Timeout(never.Future(), 10*time.Millisecond, futures.WithClock(s.Clock()))
	_, err := f.Await(context.Background())
	fmt.Println(errors.Is(err, futures.ErrTimeout))
	// Output: true
}
