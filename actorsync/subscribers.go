package actorsync

import (
	"slices"
	"sync"
	"sync/atomic"
)

// subscribers is the copy-on-write set of a Watch's or a Topic's
// subscribers: adding and removing copy it under a lock, and publishers
// read the current copy without one, so a Set or a Publish neither locks
// nor allocates for it.
type subscribers[S comparable] struct {
	mu   sync.Mutex // serializes add and remove
	list atomic.Pointer[[]S]
}

// all returns the current subscribers; the slice is never changed.
func (l *subscribers[S]) all() []S {
	if p := l.list.Load(); p != nil {
		return *p
	}
	return nil
}

func (l *subscribers[S]) add(s S) {
	l.mu.Lock()
	defer l.mu.Unlock()
	next := append(slices.Clip(l.all()), s)
	l.list.Store(&next)
}

// remove takes s out; it does nothing if s is not in.
func (l *subscribers[S]) remove(s S) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := l.all()
	if i := slices.Index(cur, s); i >= 0 {
		next := slices.Delete(slices.Clone(cur), i, i+1)
		l.list.Store(&next)
	}
}
