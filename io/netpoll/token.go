package netpoll

// A Token identifies a registration to its owner. The poller stores it
// with the fd in the kernel and hands it back, unchanged, in every [Event]
// of that fd; it never interprets it.
//
// The reactor above this package packs a slot index and a generation into
// it with [MakeToken]: the index finds the owner in a slot table without a
// map, and the generation, bumped each time the slot is reused, lets the
// owner recognise events that outlived their registration. Such stale
// events happen: a Wait may have collected an event just before another
// goroutine removed the fd, closed it and registered a new fd (often with
// the same number) in the same slot; and on Linux an fd closed without
// Remove keeps reporting while a duplicate of it is open. The reactor
// drops every event whose Gen differs from the slot's current generation.
//
// The index is the low 32 bits and the generation the high 32 bits. All
// values are usable except [NoToken].
type Token uint64

// NoToken is the Token with every bit set, MakeToken(math.MaxUint32,
// math.MaxUint32). The poller keeps it for its own wakeup registration, so
// [Poller.Add] and [Poller.Modify] reject it with [ErrInvalid] and no
// [Event] ever carries it. A slot table therefore holds at most
// math.MaxUint32 slots (indices 0 to math.MaxUint32-1); every generation,
// including math.MaxUint32, is usable with those. Reactors may use NoToken
// as their own "no registration" marker.
const NoToken = ^Token(0)

// MakeToken packs a slot index and a generation into a Token. It is a pure
// function: t.Index() == index and t.Gen() == gen for every pair.
func MakeToken(index, gen uint32) Token {
	return Token(gen)<<32 | Token(index)
}

// Index returns the slot index packed into t by [MakeToken]: its low 32
// bits.
func (t Token) Index() uint32 { return uint32(t) }

// Gen returns the generation packed into t by [MakeToken]: its high 32
// bits.
func (t Token) Gen() uint32 { return uint32(t >> 32) }
