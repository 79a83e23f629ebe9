package wheel

// Target is what an [Entry] runs when it fires.
type Target interface {
	// Fire runs on the shard's driver goroutine and must not block.
	Fire()
}

// Entry is one timer: the node of a slot's intrusive list. Embed it in the
// value that a Target points to, so that one allocation holds both.
//
// The zero Entry is inactive and belongs to no Engine until
// [Engine.Schedule] binds it. All fields are guarded by the lock of the
// shard the Entry is bound to.
type Entry struct {
	next, prev *Entry
	// when is the tick the entry fires at, or 0 while it is not pending
	// (never scheduled, fired, stopped, or handed to the driver to fire).
	when   uint64
	shard  *shard
	target Target
}

// push adds e at the front of the list starting at *head.
func push(head **Entry, e *Entry) {
	e.prev = nil
	e.next = *head
	if *head != nil {
		(*head).prev = e
	}
	*head = e
}

// unlink removes e from the list starting at *head.
func unlink(head **Entry, e *Entry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		*head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	}
	e.next, e.prev = nil, nil
}
