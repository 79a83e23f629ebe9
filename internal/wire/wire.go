// Package wire carries the context in which actor.Ref and futures.Promise
// values inside a message are encoded for, or decoded from, another
// process.
//
// A transport (package remote) encodes and decodes messages with codecs
// that know nothing of it, and a Ref or a Promise met inside a message
// can only become a reference, or be rebuilt from one, with the
// transport's help. Do makes the transport's context current on the
// calling goroutine for the duration of one encoding or decoding, and the
// MarshalBinary and UnmarshalBinary methods of Ref and Promise find it
// with Current. Outside Do there is no context, and those methods fail.
package wire

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"

	"github.com/actorio/actorio/internal/workerid"
)

// contexts maps a goroutine running Do to its context. An entry lives
// only while its goroutine is inside Do, so a goroutine key is never
// reused for another goroutine while it is here.
var contexts sync.Map

// Do runs fn with c as the calling goroutine's context, restoring the one
// before (if Do calls are nested) when fn returns.
func Do(c any, fn func() error) error {
	k := key()
	prev, nested := contexts.Swap(k, c)
	defer func() {
		if nested {
			contexts.Store(k, prev)
		} else {
			contexts.Delete(k)
		}
	}()
	return fn()
}

// Current returns the context of the calling goroutine, or nil outside
// Do.
func Current() any {
	c, _ := contexts.Load(key())
	return c
}

// key identifies the calling goroutine: the address of its g where
// workerid can read it (amd64, arm64), its ID from its stack trace
// elsewhere.
func key() uintptr {
	if g := workerid.G(); g != 0 {
		return g
	}
	return uintptr(goid()) | 1<<(strconv.IntSize-1) // apart from addresses
}

// goid returns the calling goroutine's ID, read from its stack trace.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
