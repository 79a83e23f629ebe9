package futures

import "sync/atomic"

// fanTarget is a combinator over many futures: All, AllSettled, Any, Race.
type fanTarget[T any] interface {
	// notifyAt hears the result of the i-th future.
	notifyAt(i int, v T, err error)
	// settled reports whether the combinator's own future is complete.
	settled() bool
}

// fanIn holds the registrations of a fanTarget on its futures. Futures
// that are already complete are heard inline and cost no registration;
// the others share one allocation of links.
type fanIn[T any] struct {
	links []fanLink[T] // made at the first pending future, never replaced
	used  atomic.Int64 // links[:used] are filled in and may be linked
}

// fanLink is the registration of a fanTarget on one future.
type fanLink[T any] struct {
	in  link[T]
	src *ref[T]
	to  fanTarget[T]
	i   int
}

func (l *fanLink[T]) notify(v T, err error) { l.to.notifyAt(l.i, v, err) }

// listen makes to hear every future of fs. It stops early once to is
// settled, removing what it registered, so a combinator that has its
// answer does not stay linked into the futures still pending.
func (fi *fanIn[T]) listen(fs []Future[T], to fanTarget[T]) {
	for i, f := range fs {
		switch s := f.r; {
		case s == nil:
			var zero T
			to.notifyAt(i, zero, ErrBrokenPromise)
		case s.isDone():
			v, err := s.result()
			to.notifyAt(i, v, err)
		default:
			if fi.links == nil {
				fi.links = make([]fanLink[T], len(fs)-i)
			}
			n := fi.used.Load()
			l := &fi.links[n]
			l.in.w, l.src, l.to, l.i = l, s, to, i
			fi.used.Store(n + 1)
			if !s.add(&l.in) {
				v, err := s.result()
				to.notifyAt(i, v, err)
			}
		}
		if to.settled() {
			// Whoever settled to detached the links it could see; the
			// ones registered since are removed here.
			fi.detach()
			return
		}
	}
}

// detach removes every registration that is still waiting. It is
// idempotent and safe while other links are being notified. Another
// goroutine only calls it after hearing a linked future, so after links
// was made.
func (fi *fanIn[T]) detach() {
	links := fi.links[:fi.used.Load()]
	for i := range links {
		links[i].src.remove(&links[i].in)
	}
}
