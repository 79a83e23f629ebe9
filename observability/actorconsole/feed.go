package actorconsole

import (
	"errors"
	"fmt"
	"time"

	"github.com/actorio/actorio/actor"
)

// feedItem is one event of the system as the page's feed shows it. A
// dead letter shows its message's type, never its value: messages may
// carry what an operator should not see.
type feedItem struct {
	T         int64   `json:"t"`    // Unix milliseconds when the console took it
	Kind      string  `json:"kind"` // "dead_letter", "failure", "slow" or "lost"
	Actor     string  `json:"actor,omitempty"`
	Message   string  `json:"message,omitempty"` // the message's type
	Reason    string  `json:"reason,omitempty"`
	Directive string  `json:"directive,omitempty"`
	ElapsedMS float64 `json:"elapsed_ms,omitempty"`
	Stack     string  `json:"stack,omitempty"`
	Count     uint64  `json:"count,omitempty"` // events lost
}

// Bounds of what one feed item carries.
const (
	maxText  = 512
	maxStack = 8 << 10
)

// toFeed turns ev into a feed item; ok is false for events it does not
// show.
func toFeed(ev actor.Event, now time.Time) (_ feedItem, ok bool) {
	it := feedItem{T: now.UnixMilli()}
	switch e := ev.(type) {
	case actor.DeadLetter:
		it.Kind, it.Actor, it.Message = "dead_letter", e.Target.String(), fmt.Sprintf("%T", e.Message)
		if e.Reason != nil {
			it.Reason = clip(e.Reason.Error(), maxText)
		}
	case actor.Failure:
		it.Kind, it.Actor, it.Directive = "failure", e.Actor.String(), e.Directive.String()
		if e.Err != nil {
			it.Reason = clip(e.Err.Error(), maxText)
		}
		if pe, isPanic := errors.AsType[*actor.PanicError](e.Err); isPanic {
			it.Stack = clip(string(pe.Stack), maxStack)
		}
	case actor.SlowHandler:
		it.Kind, it.Actor, it.Message = "slow", e.Actor.String(), e.MessageType
		it.ElapsedMS = ms(e.Elapsed)
		it.Stack = clip(string(e.Stack), maxStack)
	case actor.EventsLost:
		it.Kind, it.Count = "lost", e.Count
	default:
		return it, false
	}
	return it, true
}

// clip cuts s to at most n bytes, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
