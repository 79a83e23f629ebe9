package wheel

import "math/bits"

const (
	slotBits  = 6
	numSlots  = 1 << slotBits
	slotMask  = numSlots - 1
	numLevels = 6
	// span is the number of ticks the levels cover together: 64^6 = 2^36.
	span = 1 << (slotBits * numLevels)
)

// level is one ring of 64 slots; bit i of occupied is set when slots[i] is
// not empty.
type level struct {
	occupied uint64
	slots    [numSlots]*Entry
}

// Wheel is a hierarchical timing wheel counted in abstract ticks. It is not
// safe for concurrent use; its zero value is an empty wheel at tick 0.
//
// Every pending entry with when > elapsed sits in slot (when >> 6L) & 63 of
// level L = levelFor(elapsed, when); entries with when <= elapsed have
// expired and wait in the due list until Poll hands them out.
type Wheel struct {
	elapsed uint64
	levels  [numLevels]level
	due     *Entry
	len     int
}

// Len returns the number of pending entries, including expired ones that
// Poll has not handed out yet.
func (w *Wheel) Len() int { return w.len }

// Insert schedules e, which must not be pending, to fire at tick when, or at
// the next tick if the wheel has already been advanced to when. It returns the tick at which
// Poll must next be called for e to progress: when itself on level 0, the
// start of e's slot on higher levels.
func (w *Wheel) Insert(e *Entry, when uint64) (wake uint64) {
	if when <= w.elapsed {
		when = w.elapsed + 1
	}
	e.when = when
	lvl, slot := w.place(e, w.elapsed)
	w.len++
	return w.slotDeadline(lvl, slot)
}

// Remove cancels e and reports whether it was pending in this wheel.
func (w *Wheel) Remove(e *Entry) bool {
	if e.when == 0 {
		return false
	}
	if e.when <= w.elapsed {
		unlink(&w.due, e)
	} else {
		lvl := levelFor(w.elapsed, e.when)
		slot := slotFor(e.when, lvl)
		l := &w.levels[lvl]
		unlink(&l.slots[slot], e)
		if l.slots[slot] == nil {
			l.occupied &^= 1 << slot
		}
	}
	e.when = 0
	w.len--
	return true
}

// Poll advances the wheel to tick now and appends expired entries to batch
// until it holds limit entries, marking each as no longer pending. When it
// returns a full batch, more entries may be due: call it again.
func (w *Wheel) Poll(now uint64, batch []*Entry, limit int) []*Entry {
	for len(batch) < limit {
		if e := w.due; e != nil {
			unlink(&w.due, e)
			e.when = 0
			w.len--
			batch = append(batch, e)
			continue
		}
		lvl, slot, deadline, ok := w.next()
		if !ok || deadline > now {
			w.elapsed = max(w.elapsed, now)
			break
		}
		w.expire(lvl, slot, deadline)
		w.elapsed = deadline
	}
	return batch
}

// Next returns the tick at which Poll must next be called, and false if
// the wheel is empty.
func (w *Wheel) Next() (uint64, bool) {
	if w.due != nil {
		return w.elapsed, true
	}
	_, _, deadline, ok := w.next()
	return deadline, ok
}

// Clear drops every entry without touching them, in O(slots). The dropped
// entries still look pending: the caller must never pass them to Remove.
func (w *Wheel) Clear() { *w = Wheel{elapsed: w.elapsed} }

// place links e, whose when is after base, into its slot as seen from tick
// base.
func (w *Wheel) place(e *Entry, base uint64) (lvl, slot int) {
	lvl = levelFor(base, e.when)
	slot = slotFor(e.when, lvl)
	l := &w.levels[lvl]
	push(&l.slots[slot], e)
	l.occupied |= 1 << slot
	return lvl, slot
}

// expire empties the slot that is reached at tick deadline: entries due by
// then move to the due list, the others cascade to a lower level.
func (w *Wheel) expire(lvl, slot int, deadline uint64) {
	l := &w.levels[lvl]
	e := l.slots[slot]
	l.slots[slot] = nil
	l.occupied &^= 1 << slot
	for e != nil {
		next := e.next
		if e.when <= deadline {
			push(&w.due, e)
		} else {
			w.place(e, deadline)
		}
		e = next
	}
}

// next finds the earliest occupied slot. Lower levels always come first:
// a level-L entry shares its level-(L+1) slot with elapsed, while every
// entry of level L+1 lies in a later slot of that level. Within a level the
// search starts after the slot elapsed is in: that slot can only be
// occupied on the top level, by entries a whole rotation away.
func (w *Wheel) next() (lvl, slot int, deadline uint64, ok bool) {
	for lvl = range numLevels {
		occupied := w.levels[lvl].occupied
		if occupied == 0 {
			continue
		}
		from := int(w.elapsed>>(lvl*slotBits)+1) & slotMask
		slot = (bits.TrailingZeros64(bits.RotateLeft64(occupied, -from)) + from) & slotMask
		return lvl, slot, w.slotDeadline(lvl, slot), true
	}
	return 0, 0, 0, false
}

// slotDeadline returns the first tick after elapsed at which slot of lvl
// begins. Only the top level wraps: it holds entries beyond its span, and
// a slot "behind" elapsed there means the next rotation.
func (w *Wheel) slotDeadline(lvl, slot int) uint64 {
	shift := uint(lvl * slotBits)
	levelSpan := uint64(numSlots) << shift
	deadline := w.elapsed&^(levelSpan-1) + uint64(slot)<<shift
	if deadline <= w.elapsed {
		deadline += levelSpan
	}
	return deadline
}

// levelFor returns the level for an entry due at when, seen from tick
// base < when: the level of the highest bit in which they differ, capped at
// the top level.
func levelFor(base, when uint64) int {
	masked := (base ^ when) | slotMask
	if masked >= span {
		masked = span - 1
	}
	return (bits.Len64(masked) - 1) / slotBits
}

func slotFor(when uint64, lvl int) int {
	return int(when>>(lvl*slotBits)) & slotMask
}
