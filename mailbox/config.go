package mailbox

import (
	"errors"
	"fmt"
)

// Overflow says what a bounded mailbox does with a message that arrives
// when it is full.
type Overflow int

const (
	// Fail rejects the new message: the send returns an error wrapping
	// ErrMailboxFull and the message goes to dead letters with that reason.
	Fail Overflow = iota
	// DropNewest discards the new message to dead letters with reason
	// ErrDroppedNewest; the send reports success.
	DropNewest
	// DropOldest discards the oldest queued message to dead letters with
	// reason ErrDroppedOldest and queues the new one.
	DropOldest
	// Block makes actor.Ref.SendContext wait, until the context is done,
	// for room. A plain Send, or a SendContext called inside an actor,
	// behaves as Fail: a dispatcher worker must never block.
	Block
)

// String returns the policy's name.
func (o Overflow) String() string {
	switch o {
	case Fail:
		return "Fail"
	case DropNewest:
		return "DropNewest"
	case DropOldest:
		return "DropOldest"
	case Block:
		return "Block"
	}
	return fmt.Sprintf("Overflow(%d)", int(o))
}

// Config describes a mailbox's user lane. The zero value is an unbounded
// mailbox.
type Config struct {
	// Capacity bounds the number of queued user messages. Zero means
	// unbounded; negative values are invalid.
	Capacity int
	// Overflow is the policy of a bounded mailbox when it is full. It is
	// ignored when Capacity is zero.
	Overflow Overflow
	// HighWater, when positive, makes the mailbox report how far behind
	// its consumer is: Crowded reports true from HighWater queued user
	// messages on, and WhenReady's callbacks run once no more than
	// LowWater are queued (zero means HighWater/2). Watermarks refuse
	// and drop nothing; they tell senders when to hold back (see
	// actor.Ref.Crowded). With a Capacity, HighWater must not exceed it.
	HighWater, LowWater int
}

// Validate reports an error wrapping ErrInvalidConfig if c cannot be used.
func (c Config) Validate() error {
	if c.Capacity < 0 {
		return fmt.Errorf("%w: negative capacity %d", ErrInvalidConfig, c.Capacity)
	}
	if c.Overflow < Fail || c.Overflow > Block {
		return fmt.Errorf("%w: unknown overflow policy %v", ErrInvalidConfig, c.Overflow)
	}
	switch {
	case c.HighWater < 0 || c.LowWater < 0:
		return fmt.Errorf("%w: negative watermark", ErrInvalidConfig)
	case c.HighWater == 0 && c.LowWater > 0:
		return fmt.Errorf("%w: low watermark %d without a high watermark", ErrInvalidConfig, c.LowWater)
	case c.LowWater >= c.HighWater && c.HighWater > 0:
		return fmt.Errorf("%w: low watermark %d not below high watermark %d", ErrInvalidConfig, c.LowWater, c.HighWater)
	case c.Capacity > 0 && c.HighWater > c.Capacity:
		return fmt.Errorf("%w: high watermark %d above capacity %d", ErrInvalidConfig, c.HighWater, c.Capacity)
	}
	return nil
}

var (
	// ErrMailboxFull means a bounded mailbox had no room for a message.
	ErrMailboxFull = errors.New("mailbox: full")
	// ErrDroppedNewest is the dead-letter reason of a message discarded
	// on arrival by the DropNewest policy. It wraps ErrMailboxFull.
	ErrDroppedNewest = fmt.Errorf("%w: newest message dropped", ErrMailboxFull)
	// ErrDroppedOldest is the dead-letter reason of a queued message
	// discarded by the DropOldest policy. It wraps ErrMailboxFull.
	ErrDroppedOldest = fmt.Errorf("%w: oldest message dropped", ErrMailboxFull)
	// ErrClosed means the mailbox was closed before the message could be
	// consumed.
	ErrClosed = errors.New("mailbox: closed")
	// ErrInvalidConfig means a Config was rejected.
	ErrInvalidConfig = errors.New("mailbox: invalid config")
)
