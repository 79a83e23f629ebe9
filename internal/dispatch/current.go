package dispatch

import (
	"math/bits"
	"sync/atomic"

	"github.com/actorio/actorio/internal/workerid"
)

// byG finds the worker whose loop runs on the calling goroutine, so that a
// runnable made ready by a turn goes to that worker's own queues: an
// open-addressing table from goroutine identity (workerid.G) to worker,
// written as loops start and end and read on every Schedule. A lookup
// hashes one word and usually reads one slot.
type byG struct {
	shift uint
	keys  []atomic.Uintptr // a goroutine identity, 0 (free) or gone
	vals  []atomic.Pointer[Worker]
}

// gone marks a slot whose worker has exited, so that probing goes past it.
const gone = 1

func newByG(workers int) byG {
	n := 1 << bits.Len(uint(4*workers-1)) // at most a quarter full
	return byG{shift: uint(64 - bits.TrailingZeros(uint(n))), keys: make([]atomic.Uintptr, n), vals: make([]atomic.Pointer[Worker], n)}
}

func (t *byG) slot(g uintptr) int {
	return int((uint64(g) * 0x9e3779b97f4a7c15) >> t.shift)
}

// add records that w's loop runs on goroutine g (not 0).
func (t *byG) add(g uintptr, w *Worker) {
	mask := len(t.keys) - 1
	for i := t.slot(g); ; i = (i + 1) & mask {
		if t.keys[i].CompareAndSwap(0, g) {
			// Only goroutine g looks for key g, and only after add.
			t.vals[i].Store(w)
			return
		}
	}
}

// remove forgets goroutine g, before it leaves the loop.
func (t *byG) remove(g uintptr) {
	mask := len(t.keys) - 1
	for i := t.slot(g); ; i = (i + 1) & mask {
		switch t.keys[i].Load() {
		case g:
			t.keys[i].Store(gone)
			return
		case 0:
			return
		}
	}
}

// current returns the worker whose loop is the calling goroutine, or nil.
func (t *byG) current() *Worker {
	g := workerid.G()
	if g == 0 {
		return nil // unknown on this platform: treated as outside
	}
	mask := len(t.keys) - 1
	for i := t.slot(g); ; i = (i + 1) & mask {
		switch t.keys[i].Load() {
		case g:
			return t.vals[i].Load()
		case 0:
			return nil
		}
	}
}
