package reactor

import (
	"math/bits"
	"sync"
)

// Buffer size classes: powers of two from minBuffer to maxPooled. Larger
// buffers are allocated at the size asked for, not rounded up, and
// dropped, not pooled: they serve the rare frames of megabytes, which
// should not stay pinned in a pool, nor cost twice their size.
const (
	minBufferShift = 12 // 4 KiB
	maxPooledShift = 20 // 1 MiB
	minBuffer      = 1 << minBufferShift
	maxPooled      = 1 << maxPooledShift
)

// A buffer is a pooled byte slice; pools keep *buffer so that putting one
// back does not allocate.
type buffer struct{ b []byte }

var bufferPools [maxPooledShift - minBufferShift + 1]sync.Pool

// sizeClass returns the index of the smallest class holding n bytes, or -1
// when n is beyond the pooled classes.
func sizeClass(n int) int {
	if n <= minBuffer {
		return 0
	}
	c := bits.Len(uint(n-1)) - minBufferShift
	if c >= len(bufferPools) {
		return -1
	}
	return c
}

// getBuffer returns an empty buffer with room for at least n bytes.
func getBuffer(n int) *buffer {
	c := sizeClass(n)
	if c < 0 {
		return &buffer{b: make([]byte, 0, n)}
	}
	if b, ok := bufferPools[c].Get().(*buffer); ok {
		return b
	}
	return &buffer{b: make([]byte, 0, minBuffer<<c)}
}

// putBuffer returns b to its pool. b must not be used afterwards.
func putBuffer(b *buffer) {
	if b == nil {
		return
	}
	c := sizeClass(cap(b.b))
	if c < 0 || cap(b.b) != minBuffer<<c {
		return // not one of ours, or an oversized one
	}
	b.b = b.b[:0]
	bufferPools[c].Put(b)
}
