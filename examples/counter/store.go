package main

import (
	"fmt"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// storeMsg is what the store takes: a sealed interface, one type per
// request, so that the compiler refuses anything else.
type storeMsg interface{ isStoreMsg() }

// A request carries the promise of its reply, which futures.Ask makes.
type (
	incr struct {
		key   string
		reply futures.Promise[int64]
	}
	get struct {
		key   string
		reply futures.Promise[int64]
	}
	stats struct{ reply futures.Promise[string] }
	crash struct{ reply futures.Promise[int64] }
	tick  struct{} // from the store's own ticker
)

func (incr) isStoreMsg()  {}
func (get) isStoreMsg()   {}
func (stats) isStoreMsg() {}
func (crash) isStoreMsg() {}
func (tick) isStoreMsg()  {}

// store holds the counters. Its state needs no lock: it handles one
// message at a time. A panic restarts it (see main.go) with empty
// counters: a real service would reload them in Started.
type store struct {
	counts map[string]int64
	ops    int64 // requests handled since the last tick
	rate   int64 // requests handled in the last second
}

func newStore() *store { return &store{counts: map[string]int64{}} }

// Started runs before the first message of each instance: it starts a
// ticker, which the runtime stops when the instance ends.
func (s *store) Started(ctx *actor.Context[storeMsg]) {
	ctx.Every(time.Second, tick{})
}

func (s *store) Receive(ctx *actor.Context[storeMsg], msg storeMsg) {
	switch m := msg.(type) {
	case incr:
		s.ops++
		s.counts[m.key]++
		_ = m.reply.Resolve(s.counts[m.key])
	case get:
		s.ops++
		_ = m.reply.Resolve(s.counts[m.key])
	case stats:
		_ = m.reply.Resolve(fmt.Sprintf("keys=%d ops/s=%d", len(s.counts), s.rate))
	case crash:
		// The panic fails this message's request at its asker, and the
		// supervisor restarts the store.
		panic("crash requested")
	case tick:
		s.rate, s.ops = s.ops, 0
	}
}
