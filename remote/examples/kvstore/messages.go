package main

import (
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote/codec"
)

// command is what a shard handles: a Put or a Get. Each carries the
// promise of its Result, which the shard completes; the promise travels
// with the message, so the reply goes straight back to the asker,
// whichever process it is in.
type command interface {
	key() string
	reply() futures.Promise[Result]
}

// Put sets Key to Value. Its Result holds the previous value, if any.
type Put struct {
	Key, Value string
	Reply      futures.Promise[Result]
}

// Get reads Key. Its Result holds the value, if any.
type Get struct {
	Key   string
	Reply futures.Promise[Result]
}

// Result is a shard's answer: the shard that owns the key, and the
// key's value (for a Put, the value it had before) if Found.
type Result struct {
	Shard int
	Value string
	Found bool
}

// key and reply implement command.

func (p Put) key() string                    { return p.Key }
func (p Put) reply() futures.Promise[Result] { return p.Reply }
func (g Get) key() string                    { return g.Key }
func (g Get) reply() futures.Promise[Result] { return g.Reply }

// Errors the client reports for a shard that cannot take a command.
var (
	// errShardDown reports a shard whose process went away (it left, or
	// stopped answering heartbeats) and has not been replaced yet.
	errShardDown = errors.New("kvstore: shard down")
	// errNoShard reports a shard that no process has registered yet.
	errNoShard = errors.New("kvstore: shard not found yet")
	// errWrongShard reports a key sent to a shard that does not own it:
	// the processes disagree on -shards.
	errWrongShard = errors.New("kvstore: wrong shard")
)

// newRegistry returns the registry of the message types that cross
// between processes. Every process registers the same types under the
// same names.
func newRegistry() (*codec.Registry, error) {
	r := codec.NewRegistry(nil) // CBOR with the default limits
	err := errors.Join(
		codec.Register[Put](r, "kvstore.Put"),
		codec.Register[Get](r, "kvstore.Get"),
		codec.Register[Result](r, "kvstore.Result"),
	)
	return r, err
}

// shardOf returns the shard, of n, that owns key: the FNV-1a hash of the
// key modulo n, the same in every process.
func shardOf(key string, n int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// serviceKey is the key that shard i registers under.
func serviceKey(i int) string { return fmt.Sprintf("kv.shard-%d", i) }
