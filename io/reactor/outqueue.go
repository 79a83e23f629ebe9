package reactor

// outChunk is the size of the buffers output is queued in.
const outChunk = 16 << 10

// An outQueue holds the output a socket had no room for, in pooled
// buffers, for writev.
type outQueue struct {
	bufs []*buffer // the data of bufs[0] starts at head
	head int
	size int
	iov  [][]byte
}

// push appends a copy of p.
func (q *outQueue) push(p []byte) {
	q.size += len(p)
	if n := len(q.bufs); n > 0 {
		last := q.bufs[n-1]
		k := copy(last.b[len(last.b):cap(last.b)], p)
		last.b = last.b[:len(last.b)+k]
		p = p[k:]
	}
	for len(p) > 0 {
		b := getBuffer(min(len(p), outChunk))
		k := copy(b.b[:cap(b.b)], p)
		b.b = b.b[:k]
		p = p[k:]
		q.bufs = append(q.bufs, b)
	}
}

// vecs returns the queued bytes as a slice of slices, valid until the
// next push or consume.
func (q *outQueue) vecs() [][]byte {
	q.iov = q.iov[:0]
	for i, b := range q.bufs {
		if i == 0 {
			q.iov = append(q.iov, b.b[q.head:])
		} else {
			q.iov = append(q.iov, b.b)
		}
	}
	return q.iov
}

// consume drops the first n queued bytes.
func (q *outQueue) consume(n int) {
	q.size -= n
	for n > 0 {
		b := q.bufs[0]
		left := len(b.b) - q.head
		if n < left {
			q.head += n
			return
		}
		n -= left
		putBuffer(b)
		q.bufs[0] = nil
		q.bufs = q.bufs[1:]
		q.head = 0
	}
	if len(q.bufs) == 0 {
		q.bufs, q.iov = nil, nil // an idle connection holds no array
	}
}

// release drops everything queued. A nil q has nothing to drop.
func (q *outQueue) release() {
	if q == nil {
		return
	}
	for _, b := range q.bufs {
		putBuffer(b)
	}
	*q = outQueue{}
}
