// Package mailbox holds what users configure about an actor's mailbox,
// and the errors they see from it.
//
// Every actor has a mailbox with two lanes. System messages (stop,
// restart, watch, failure) go on their own lane and overtake queued user
// messages at the next message boundary. User messages go on an unbounded
// lock-free queue by default; a [Config] with a Capacity bounds them, and
// its [Overflow] policy says what happens to a message that finds the
// mailbox full:
//
//   - [Fail] refuses it: Send returns an error wrapping [ErrMailboxFull].
//   - [DropNewest] discards it as a dead letter ([ErrDroppedNewest]).
//   - [DropOldest] discards the oldest queued message instead
//     ([ErrDroppedOldest]).
//   - [Block] makes SendContext wait for room; Send and a send from inside
//     an actor fail as with Fail, since a worker must never block.
//
// Watermarks (HighWater and LowWater) refuse nothing: they tell senders
// when to hold back (actor.Ref.Crowded and Ready).
//
// Give a Config to an actor with actor.WithMailbox. Every message sent is
// either processed or reported as a dead letter with its reason, exactly
// once; a mailbox closed when its actor stops hands its queued messages
// over with [ErrClosed].
package mailbox
