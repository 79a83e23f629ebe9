package actor

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrStopped means the target actor has stopped (or was stopping), so
	// the message was not processed. It is the dead-letter reason of
	// messages left in a stopped actor's mailbox.
	ErrStopped = errors.New("actor: stopped")
	// ErrShutdown means the system is shutting down or has shut down.
	ErrShutdown = errors.New("actor: system shut down")
	// ErrNameTaken is returned by Spawn when the requested name is in use.
	ErrNameTaken = errors.New("actor: name already taken")
	// ErrNotFound is returned by Lookup when no live actor has the name.
	ErrNotFound = errors.New("actor: not found")
	// ErrWrongType is returned by Lookup when the actor exists but takes a
	// different message type than the one asked for.
	ErrWrongType = errors.New("actor: wrong message type")
	// ErrNoActor is returned by methods of a zero Ref or PID.
	ErrNoActor = errors.New("actor: zero Ref")
	// ErrNotChild is returned by Context.StopChild for an actor that is not
	// a child of the caller.
	ErrNotChild = errors.New("actor: not a child")
	// ErrRestartLimit is the reason an actor is stopped (or its failure
	// escalated) after exceeding its supervisor's restart limit.
	ErrRestartLimit = errors.New("actor: restart limit exceeded")
	// ErrInvalidOption means an option passed to NewSystem or Spawn was
	// out of range.
	ErrInvalidOption = errors.New("actor: invalid option")
	// ErrShutdownFromActor is returned by System.Shutdown called from
	// inside an actor (a handler, a hook) or a Blocking task: the shutdown
	// has begun, but Shutdown did not wait for it, since it cannot finish
	// before the caller returns. Call Shutdown again from outside to wait.
	ErrShutdownFromActor = errors.New("actor: Shutdown called from inside an actor: started, not waited for")
)

// PanicError is the failure of an actor whose handler panicked. The
// message being handled goes to dead letters with it as the reason, and the
// actor's supervisor receives it.
type PanicError struct {
	Actor string // path of the actor that panicked
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack
}

// Error describes the panic.
func (e *PanicError) Error() string {
	return fmt.Sprintf("actor %s panicked: %v", e.Actor, e.Value)
}

// Unwrap returns the panic value if it is an error, so errors.Is and
// errors.As see through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// ShutdownError is returned by System.Shutdown when its context ends before
// every actor has stopped, or before what follows (an OnShutdown hook, the
// Blocking calls, the worker pools) is done, or when a hook fails.
type ShutdownError struct {
	Remaining []string // paths of the actors still alive, sorted
	Blocking  int      // Blocking calls still running or queued
	Err       error    // the context's error, or the failing hook's
}

// Error lists what did not stop.
func (e *ShutdownError) Error() string {
	if len(e.Remaining) == 0 {
		if e.Blocking == 0 {
			return fmt.Sprintf("actor: shutdown: %v", e.Err)
		}
		return fmt.Sprintf("actor: shutdown: %v; %d blocking calls still running", e.Err, e.Blocking)
	}
	const show = 10
	names := e.Remaining
	more := ""
	if len(names) > show {
		names, more = names[:show], fmt.Sprintf(" and %d more", len(e.Remaining)-show)
	}
	return fmt.Sprintf("actor: shutdown: %v; %d actors did not stop: %s%s",
		e.Err, len(e.Remaining), strings.Join(names, ", "), more)
}

// Unwrap returns Err.
func (e *ShutdownError) Unwrap() error { return e.Err }
