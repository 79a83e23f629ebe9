// Package queue holds the lock-free queues that mailboxes are built from.
//
// # Queues
//
// [MPSC] is an unbounded multi-producer, single-consumer FIFO made of
// segments that grow from [FirstSegment] to [SegmentSize] slots, so a
// queue that sees few messages stays small. Its consumer recycles each
// SegmentSize segment it has emptied, and producers reuse it, so a busy
// queue whose backlog stays within about a thousand elements allocates
// nothing. [Bounded] is a fixed-capacity multi-producer, multi-consumer
// ring (Vyukov's bounded queue), so a producer may remove the oldest
// element to make room. [Stack] is a Treiber stack taken whole by its
// consumer, for rare traffic such as system messages, where eight bytes per
// idle owner matter more than speed.
//
// # Reuse
//
// A producer may still hold a pointer to a segment that the consumer has
// emptied and recycled. Such a pointer is harmless because a claim
// validates itself: a producer claims a slot by adding one to the
// segment's count of claims, and the result names a slot only while the
// segment is open, that is the tail and linked where the consumer will
// read. A recycled segment's count holds a mark far above any slot index,
// so a late claim through a stale pointer finds no slot and writes
// nothing, or, if the segment is open again, takes an ordinary slot of the
// current tail. The consumer recycles a segment only after popping all its
// slots, and keeps the recycled ones after the tail, where the producer
// installing the next segment takes one. While it installs, other
// producers wait for it. An idle queue keeps one spare; see MPSC.Mark.
//
// # Emptiness
//
// A push becomes visible in two steps: a slot is claimed, then written.
// Pop reports false while the next slot is claimed but not yet written,
// whereas Empty reports false as soon as a slot is claimed. A consumer
// that goes idle must therefore re-check for claimed slots, not Pop,
// after publishing that it is idle, so that a producer that finished its
// push before seeing the idle state is always observed. That re-check may
// run after another goroutine has become the consumer, so it must read
// only shared atomic state: take a Cursor with MPSC.Mark before going idle
// and ask Cursor.Pending afterwards. A Cursor holds a count, not a pointer
// into the queue, so a recycled segment cannot mislead it.
package queue
