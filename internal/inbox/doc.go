// Package inbox is the engine of an actor's mailbox: a system lane and a
// user lane behind one atomic scheduling state. Package actor is its only
// user; what users configure (capacity, overflow policy, watermarks) and
// the errors they see are in package mailbox.
//
// # Lanes
//
// System messages (stop, restart, watch, failure) go on their own lane and
// overtake queued user messages at the next message boundary. User
// messages go on an unbounded lock-free queue, or on a bounded queue with
// a mailbox.Overflow policy chosen by mailbox.Config.
//
// # Scheduling
//
// A mailbox is idle, scheduled, or closed. Posting a message flips an idle
// mailbox to scheduled and asks its [Owner] to schedule a turn; that is
// the whole send path, and it never blocks. At the end of a turn the
// consumer calls [Mailbox.Done], which either keeps the mailbox scheduled
// because work remains or marks it idle and then checks once more, so a
// message posted while the turn was ending is never stranded.
//
// # Closing
//
// [Mailbox.Close] hands every queued message to the owner as a dead
// letter. Messages posted after that are handed over by whichever poster
// finds the mailbox closed, so every message posted is either consumed or
// dead-lettered, exactly once.
package inbox
