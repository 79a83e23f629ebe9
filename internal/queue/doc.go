// Package queue holds the lock-free queues that mailboxes are built from.
//
// # Queues
//
// [MPSC] is an unbounded multi-producer, single-consumer FIFO made of
// segments that grow from [FirstSegment] to [SegmentSize] slots, so it
// allocates about once per SegmentSize messages rather than once per
// message, and a queue that sees few messages stays small. [Bounded] is a
// fixed-capacity multi-producer, multi-consumer ring (Vyukov's bounded
// queue), so a producer may remove the oldest element to make room.
// [Stack] is a Treiber stack taken whole by its consumer, for rare traffic
// such as system messages, where eight bytes per idle owner matter more
// than speed.
//
// # Emptiness
//
// A push becomes visible in two steps: a slot is reserved, then written.
// Pop reports false while the next slot is reserved but not yet written,
// whereas Empty reports false as soon as a slot is reserved. A consumer
// that goes idle must therefore re-check for reserved slots, not Pop,
// after publishing that it is idle, so that a producer that finished its
// push before seeing the idle state is always observed. That re-check may
// run after another goroutine has become the consumer, so it must read
// only shared atomic state: take a Cursor with MPSC.Mark before going idle
// and ask Cursor.Pending afterwards.
package queue
