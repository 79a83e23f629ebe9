// Package wheel is the engine behind package timer: a hierarchical hashed
// timing wheel (Varghese and Lauck, laid out like Tokio's) and the sharded
// drivers that advance it in real time.
//
// # Wheel
//
// A [Wheel] has six levels of 64 slots. A slot of level L spans 64^L ticks,
// so level 0 resolves single ticks and the six levels together span 2^36
// ticks (about 2.2 years at the default 1 ms tick). Each slot holds an
// intrusive doubly linked list of [Entry] values, and each level keeps a
// 64-bit occupancy bitmap, so inserting, removing and finding the next
// occupied slot are all O(1). When time reaches a slot of a higher level,
// its entries cascade down to the level that now resolves them. Entries due
// beyond the top level's span wait in the top level and are revisited once
// per rotation until they come into range. A Wheel knows nothing of clocks,
// goroutines or locks: tests drive it with a simulated tick count.
//
// # Engine
//
// An [Engine] owns N shards, each a mutex, a Wheel and one driver goroutine.
// A driver sleeps on one reused [time.Timer] until the deadline of its
// wheel's next occupied slot, or indefinitely when the wheel is empty, and is
// woken early through a one-element channel when an insert lands before that
// deadline. A new entry goes to a shard chosen by hashing the memory page
// it lies in, which spreads timers made on different Ps over the shards
// and keeps a run of timers made by one goroutine on one shard; Stop and
// Reset go to the entry's own shard. Ticks are counted from the Engine's
// creation with the monotonic clock of package time, so the Engine runs
// unchanged inside a testing/synctest bubble.
//
// # Callbacks
//
// Callbacks run on the driver goroutine of their shard, outside the shard's
// lock, in batches of at most 512. A callback that panics is recovered and
// reported to Config.OnPanic; one that calls runtime.Goexit ends its driver,
// which is reported to Config.OnGoexit and replaced by a driver that resumes
// with the rest of the batch.
package wheel
