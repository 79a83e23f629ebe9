package netpoll

import (
	"fmt"
	"strings"
)

// Interest is the set of readiness kinds a registration asks for: a
// non-empty combination of [Readable] and [Writable].
type Interest uint8

const (
	// Readable asks for an Event when the fd has data to read, a
	// connection to accept, or reached end of file or an error.
	Readable Interest = 1 << iota
	// Writable asks for an Event when the fd gains room to write, or a
	// write would fail at once.
	Writable
)

// String returns "Readable", "Writable", "Readable|Writable", "0" for the
// empty set, or the hexadecimal value for bits outside both.
func (i Interest) String() string {
	if i&^(Readable|Writable) != 0 {
		return fmt.Sprintf("Interest(%#x)", uint8(i))
	}
	var parts []string
	if i&Readable != 0 {
		parts = append(parts, "Readable")
	}
	if i&Writable != 0 {
		parts = append(parts, "Writable")
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "|")
}

func (i Interest) valid() bool {
	return i != 0 && i&^(Readable|Writable) == 0
}

// An Event reports a readiness change of one registered fd.
//
// Registrations are edge-triggered: an Event says the state changed (new
// data arrived, room appeared, the peer hung up), not that it still holds.
// After one, the owner reads or writes until [ErrWouldBlock]; no further
// Event comes for data it leaves unread until more arrives.
//
// The same fd may appear in several Events of one Wait (kqueue reports
// reading and writing separately), and an Event may carry a Token that is
// no longer registered; see [Token] for how owners drop such events.
type Event struct {
	// Token is the Token of the registration, exactly as given to Add or
	// the last Modify.
	Token Token
	// Readable reports that a read will not block: there is data, a
	// connection to accept, end of file or a pending error.
	Readable bool
	// Writable reports that a write will not block: there is room, or the
	// write would fail at once.
	Writable bool
	// Hangup reports that the peer closed its side or the connection is
	// gone: reads return end of file once buffered data is consumed.
	// Readable or Writable is set with it.
	Hangup bool
	// Error reports a pending error on the fd; the next read or write
	// returns it. On failure the kernel may report readiness in a
	// direction the fd did not ask for; an owner handles Hangup and Error
	// first and ignores readiness it has no use for.
	Error bool
}
