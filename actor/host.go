package actor

import (
	"sync"
	"sync/atomic"

	"github.com/actorio/actorio/internal/dispatch"
)

// A Host is a goroutine of yours, outside the dispatcher, that runs actor
// turns with Signal.RaiseHere: a network event loop, for instance. The
// system watches the turns a Host runs as it watches its workers'. A
// running turn shows as running, with its duration, in Snapshot and
// Dump; one that runs past Options.Watchdog is reported once as a
// SlowHandler event with the Host goroutine's stack, counted in
// Metrics.SlowHandlers, and handed to the Host's stuck callback, which
// may Retire the Host and give the rest of its work to a fresh goroutine
// (as Go's runtime hands a processor over from a thread blocked in a
// system call).
//
// Make a Host with System.NewHost on the goroutine it stands for, and
// Close it when that goroutine stops running turns. Its methods, but for
// Retire, are for that goroutine only.
type Host struct {
	sys     *System
	name    string
	stuck   func(*Host)
	goid    uint64
	num     uint32        // its number (see runHere); 0 if it has none
	state   atomic.Uint32 // hostIdle, hostInTurn, hostRetired
	turns   atomic.Uint64 // turns started, for the watchdog
	slot    workerSlot    // the turn's actor, and the watchdog's view of it
	held    heldSignal    // the Signal of the turn runHere runs, until it takes it
	removed bool          // Close has run; under sys.hosts.mu
}

// Host states. Only the Host's goroutine moves it in and out of a turn;
// Retire moves it from a turn to retired, after which that goroutine
// finishes the turn and gives up.
const (
	hostIdle    = iota
	hostInTurn  // running a turn
	hostRetired // running a turn, and retired: give up after it
)

// NewHost registers the calling goroutine as a Host named name (for logs,
// such as "reactor loop 0"). stuck, if not nil, is called on the
// watchdog's goroutine, at most once per turn, when a turn of the Host
// has run for Options.Watchdog; it must not block. With the watchdog
// disabled it is never called.
//
// Up to 65535 Hosts may be open at once with a number, which RaiseHere
// needs to run a turn on its Host; one made while that many are open
// works all the same, but its RaiseHere hands every turn to the
// dispatcher, as Raise does.
func (s *System) NewHost(name string, stuck func(*Host)) *Host {
	h := &Host{sys: s, name: name, stuck: stuck, goid: dispatch.GoID()}
	s.hosts.add(h)
	return h
}

// Name returns the Host's name.
func (h *Host) Name() string { return h.name }

// Retire tells the Host's goroutine, from any goroutine, to give up once
// the turn it is running returns: the Signal.RaiseHere running that turn
// then reports false, and the goroutine should Close the Host and leave
// the rest of its work to another. Retire reports whether it did so; it
// does nothing, and reports false, unless the Host is running a turn.
func (h *Host) Retire() bool { return h.state.CompareAndSwap(hostInTurn, hostRetired) }

// Close unregisters the Host: its goroutine runs no more turns, and a
// RaiseHere on it hands the turn to the dispatcher, as Raise does.
// Calling it again does nothing.
func (h *Host) Close() { h.sys.hosts.remove(h) }

// enter records that the Host runs c's turn.
func (h *Host) enter(c *cell) {
	h.slot.enter(c)
	h.turns.Add(1)
	h.state.Store(hostInTurn)
}

// leave records the end of the turn and reports whether the Host is still
// its goroutine's, not retired.
func (h *Host) leave() bool {
	if h.state.CompareAndSwap(hostInTurn, hostIdle) {
		return true
	}
	h.state.Store(hostIdle) // retired: idle for good, Retire needs a turn
	return false
}

// busy reports whether the Host is running a turn.
func (h *Host) busy() bool {
	st := h.state.Load()
	return st == hostInTurn || st == hostRetired
}

// hostSet is the system's registered Hosts, and their numbers.
type hostSet struct {
	mu    sync.Mutex
	hosts []*Host
	free  []uint32 // numbers given back, below len(*nums)
	// nums holds the open Hosts by number - 1. Only a Host's own goroutine
	// reads its entry (numbered), without the lock; entries are written
	// under mu, and a full array is copied into a larger one, so the
	// reader sees its entry in either.
	nums atomic.Pointer[[]*Host]
}

func (hs *hostSet) add(h *Host) {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	hs.hosts = append(hs.hosts, h)
	nums := hs.nums.Load()
	switch {
	case len(hs.free) > 0:
		h.num = hs.free[len(hs.free)-1]
		hs.free = hs.free[:len(hs.free)-1]
		(*nums)[h.num-1] = h
	case nums == nil || len(*nums) < maxHosts:
		var grown []*Host
		if nums != nil {
			grown = *nums
		}
		grown = append(grown, h) // a new array when full: readers keep the old
		hs.nums.Store(&grown)
		h.num = uint32(len(grown))
	}
}

// numbered returns the open Host numbered num. Only that Host's goroutine
// may call it.
func (hs *hostSet) numbered(num uint32) *Host { return (*hs.nums.Load())[num-1] }

func (hs *hostSet) remove(h *Host) {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if h.removed {
		return
	}
	h.removed = true
	if h.num != 0 {
		(*hs.nums.Load())[h.num-1] = nil
		hs.free = append(hs.free, h.num)
		h.num = 0 // a closed Host's raises post
	}
	for i, x := range hs.hosts {
		if x == h {
			last := len(hs.hosts) - 1
			hs.hosts[i], hs.hosts[last] = hs.hosts[last], nil
			hs.hosts = hs.hosts[:last]
			return
		}
	}
}

// list appends the registered Hosts to dst.
func (hs *hostSet) list(dst []*Host) []*Host {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	return append(dst, hs.hosts...)
}
