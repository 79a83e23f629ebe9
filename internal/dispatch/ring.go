package dispatch

// ring is a growable FIFO of runnables. It is not safe for concurrent use.
type ring struct {
	buf        []Runnable
	head, size int
}

func (r *ring) push(v Runnable) {
	r.grow()
	r.buf[(r.head+r.size)%len(r.buf)] = v
	r.size++
}

// pushFront puts v back at the head, where pop takes it next.
func (r *ring) pushFront(v Runnable) {
	r.grow()
	r.head = (r.head - 1 + len(r.buf)) % len(r.buf)
	r.buf[r.head] = v
	r.size++
}

func (r *ring) grow() {
	if r.size < len(r.buf) {
		return
	}
	n := max(2*len(r.buf), 64)
	buf := make([]Runnable, n)
	k := copy(buf, r.buf[r.head:])
	copy(buf[k:], r.buf[:r.head])
	r.buf, r.head = buf, 0
}

func (r *ring) pop() (Runnable, bool) {
	if r.size == 0 {
		return nil, false
	}
	v := r.buf[r.head]
	r.buf[r.head] = nil
	r.head = (r.head + 1) % len(r.buf)
	r.size--
	return v, true
}
