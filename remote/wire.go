package remote

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/wire"
	"github.com/actorio/actorio/mailbox"
	"github.com/actorio/actorio/remote/codec"
	"github.com/actorio/actorio/remote/internal/frame"
)

// References.
//
// An actor.Ref or a futures.Promise inside a message travels as an
// address: a node ID and a number. The codecs know nothing of that: Ref
// and Promise encode themselves through the context that the node makes
// current around each encoding and decoding (internal/wire), which is a
// wireCtx. Encoding a local Ref exports its actor, so that messages to the
// address reach it; encoding a Promise makes it pending, so that the
// reply or failure sent to its address completes it. Decoding an address
// of another node gives an external Ref, or a Promise whose completion is
// sent back; decoding one of this node gives the local Ref back.

// wireCtx is the context of one encoding or decoding.
type wireCtx struct {
	n        *Node
	from     string                       // decoding: the sending node
	exported []uint64                     // encoding: promises made pending
	decoded  map[address]futures.Rejecter // decoding: promises rebuilt
	stats    *peerStats                   // decoding: the sender's counters
	key      string                       // decoding: a balanced service's batch
	last     *export                      // decoding: the last target looked up
}

// encode encodes msg with the node's registry, in a wire context when its
// type may carry references.
func (n *Node) encode(dst []byte, msg any) (uint32, []byte, *wireCtx, error) {
	return n.encodeCached(dst, msg, nil)
}

// refsCache remembers whether the last type sent through it may hold
// references, so that a sender sending one type to an actor looks it up
// once rather than per message.
type refsCache struct{ last atomic.Pointer[typeRefs] }

type typeRefs struct {
	t    reflect.Type
	refs bool
}

func (c *refsCache) mayHoldRefs(t reflect.Type) bool {
	if c == nil {
		return mayHoldRefs(t)
	}
	if l := c.last.Load(); l != nil && l.t == t {
		return l.refs
	}
	refs := mayHoldRefs(t)
	c.last.Store(&typeRefs{t, refs})
	return refs
}

// encodeCached is encode, with a cache of the last type's references.
func (n *Node) encodeCached(dst []byte, msg any, cache *refsCache) (uint32, []byte, *wireCtx, error) {
	if !cache.mayHoldRefs(reflect.TypeOf(msg)) {
		typ, out, err := n.reg.Encode(dst, msg)
		return typ, out, nil, err
	}
	c := &wireCtx{n: n}
	var typ uint32
	var out []byte
	err := wire.Do(c, func() (err error) {
		typ, out, err = n.reg.Encode(dst, msg)
		return err
	})
	if err != nil {
		n.dropPending(c.exported)
	}
	return typ, out, c, err
}

// EncodeRef implements the context of actor.Ref.MarshalBinary.
func (c *wireCtx) EncodeRef(pid actor.PID, ref any, deliver func(any, futures.Rejecter) error) ([]byte, error) {
	if e, ok := pid.External(); ok {
		ra, ok := e.(*remoteActor)
		if !ok {
			return nil, fmt.Errorf("remote: %s is not an actor of a node", pid)
		}
		return appendAddress(nil, ra.addr), nil
	}
	e, err := c.n.export(pid, ref, deliver, "")
	if err != nil {
		return nil, err
	}
	return appendAddress(nil, address{c.n.id, e.id}), nil
}

// DecodeRef implements the context of actor.Ref.UnmarshalBinary.
func (c *wireCtx) DecodeRef(b []byte) (actor.PID, any, error) {
	a, err := parseAddress(b)
	if err != nil {
		return actor.PID{}, nil, err
	}
	if a.node != c.n.id {
		return c.n.remotePID(a), nil, nil
	}
	if e := c.n.lookupExport(a.id); e != nil {
		return e.pid, e.ref, nil
	}
	// A local actor that has stopped since: an address that fails.
	return c.n.remotePID(a), nil, nil
}

// EncodePromise implements the context of futures.Promise.MarshalBinary.
func (c *wireCtx) EncodePromise(p futures.Rejecter, complete func(any, error) error) ([]byte, error) {
	id := c.n.addPending(p, complete)
	c.exported = append(c.exported, id)
	return appendAddress(nil, address{c.n.id, id}), nil
}

// DecodePromise implements the context of futures.Promise.UnmarshalBinary.
func (c *wireCtx) DecodePromise(b []byte, p futures.Rejecter) (func(any, error), error) {
	a, err := parseAddress(b)
	if err != nil {
		return nil, err
	}
	if c.decoded == nil {
		c.decoded = map[address]futures.Rejecter{}
	}
	c.decoded[a] = p
	return func(v any, err error) { c.n.reply(a, v, err) }, nil
}

// replyFor returns the promise a request record names: the one its
// message carried, decoded through c, or a stand-in that can only fail
// it; nil for a record that is not a request.
func (c *wireCtx) replyFor(rec frame.Record) futures.Rejecter {
	if rec.Kind != frame.Request {
		return nil
	}
	a := address{c.from, rec.Aux}
	if p := c.decoded[a]; p != nil {
		return p
	}
	return &remoteRejecter{n: c.n, a: a}
}

// appendAddress encodes a: the node ID's length, the node ID, the number.
func appendAddress(dst []byte, a address) []byte {
	dst = append(dst, byte(len(a.node)))
	dst = append(dst, a.node...)
	return binary.AppendUvarint(dst, a.id)
}

var errAddress = fmt.Errorf("%w: bad address", frame.ErrMalformed)

func parseAddress(b []byte) (address, error) {
	if len(b) < 2 || b[0] == 0 || int(b[0]) > frame.MaxNodeID || len(b) < 1+int(b[0])+1 {
		return address{}, errAddress
	}
	n := int(b[0])
	id, k := binary.Uvarint(b[1+n:])
	if k <= 0 || 1+n+k != len(b) {
		return address{}, errAddress
	}
	return address{string(b[1 : 1+n]), id}, nil
}

// Pending promises: requests and promises sent to other nodes, waiting
// for their reply.

type pending struct {
	p        futures.Rejecter
	complete func(any, error) error
	node     string // where the message carrying it went; "" until sent
}

func (n *Node) addPending(p futures.Rejecter, complete func(any, error) error) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nextID++
	n.pending[n.nextID] = &pending{p: p, complete: complete}
	return n.nextID
}

// sentPending records that the promises ids went to node, so that they
// fail with ErrNodeDown if it goes down first.
func (n *Node) sentPending(ids []uint64, node string) {
	if len(ids) == 0 {
		return
	}
	n.mu.Lock()
	for _, id := range ids {
		if p := n.pending[id]; p != nil {
			p.node = node
		}
	}
	var lost []*pending
	if n.down[node] {
		for _, id := range ids {
			if p := n.pending[id]; p != nil {
				lost = append(lost, p)
				delete(n.pending, id)
			}
		}
	}
	n.mu.Unlock()
	for _, p := range lost {
		_ = p.complete(nil, fmt.Errorf("%w: %s", ErrNodeDown, node))
	}
}

func (n *Node) dropPending(ids []uint64) {
	if len(ids) == 0 {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, id := range ids {
		delete(n.pending, id)
	}
}

func (n *Node) takePending(id uint64) *pending {
	n.mu.Lock()
	defer n.mu.Unlock()
	p := n.pending[id]
	delete(n.pending, id)
	return p
}

// sweepPending forgets promises completed here meanwhile (an Ask that
// timed out), so that a reply that never comes costs nothing for long.
func (n *Node) sweepPending() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for id, p := range n.pending {
		if p.p.Completed() {
			delete(n.pending, id)
		}
	}
}

// reply sends the completion of promise a, which a request from its node
// carried, back to that node.
func (n *Node) reply(a address, v any, err error) {
	var rec []byte
	if err == nil {
		var typ uint32
		var payload []byte
		var c *wireCtx
		if typ, payload, c, err = n.encode(nil, v); err == nil {
			rec = record(frame.Reply, 0, typ, a.id, payload)
			if c != nil {
				n.sentPending(c.exported, a.node)
			}
		}
	}
	if err != nil {
		rec = record(frame.Failure, 0, 0, a.id, appendFailure(nil, err))
	}
	if p, perr := n.peer(a.node); perr == nil {
		_ = p.add(n.shard(a.id), rec)
	}
}

// onReply completes a pending promise with a reply or failure record.
func (n *Node) onReply(c *wireCtx, rec frame.Record) {
	p := n.takePending(rec.Aux)
	if p == nil {
		return // completed here meanwhile, or a stray
	}
	if rec.Kind == frame.Failure {
		_ = p.complete(nil, parseFailure(c.from, rec.Payload))
		return
	}
	v, err := n.reg.Decode(rec.Type, rec.Payload)
	_ = p.complete(v, err)
}

// remoteRejecter stands for the promise of a request whose message did
// not carry it: it can only fail the request.
type remoteRejecter struct {
	n    *Node
	a    address
	done atomic.Bool
}

func (r *remoteRejecter) Reject(err error) error {
	if !r.done.CompareAndSwap(false, true) {
		return futures.ErrAlreadyCompleted
	}
	r.n.reply(r.a, nil, err)
	return nil
}

func (r *remoteRejecter) Completed() bool { return r.done.Load() }

// Errors across nodes.

// RemoteError is an error that happened on another node: its text, and
// the sentinel it wraps when it is one the runtime knows (such as
// futures.ErrBrokenPromise when the actor stopped before replying), so
// that errors.Is works across nodes.
type RemoteError struct {
	Node string // the node it happened on
	Msg  string
	err  error
}

func (e *RemoteError) Error() string { return "remote: on node " + e.Node + ": " + e.Msg }

// Unwrap returns the sentinel the error wraps, or nil.
func (e *RemoteError) Unwrap() error { return e.err }

// knownErrors are the sentinels a RemoteError can carry, by position.
var knownErrors = [...]error{
	futures.ErrBrokenPromise, actor.ErrStopped, actor.ErrWrongType, mailbox.ErrMailboxFull,
	ErrUnknownActor, ErrNodeDown, codec.ErrUnknownType, codec.ErrTooLarge, codec.ErrDecode,
}

// maxErrorText bounds the text of an error sent to another node.
const maxErrorText = 1024

func appendFailure(dst []byte, err error) []byte {
	code := byte(0)
	for i, k := range knownErrors {
		if errors.Is(err, k) {
			code = byte(i + 1)
			break
		}
	}
	msg := err.Error()
	if len(msg) > maxErrorText {
		msg = msg[:maxErrorText]
	}
	return append(append(dst, code), msg...)
}

func parseFailure(node string, b []byte) error {
	e := &RemoteError{Node: node, Msg: "failed"}
	if len(b) == 0 {
		return e
	}
	if c := int(b[0]); c >= 1 && c <= len(knownErrors) {
		e.err = knownErrors[c-1]
	}
	e.Msg = strings.ToValidUTF8(string(b[1:min(len(b), 1+maxErrorText)]), "?")
	return e
}

// mayHoldRefs reports whether a value of type t may contain a Ref or a
// Promise, which need a wire context to encode: a type that implements
// encoding.BinaryMarshaler in package actor or futures, an interface, or
// a type made of one of those.
func mayHoldRefs(t reflect.Type) bool {
	if t == nil {
		return false
	}
	if v, ok := refTypes.Load(t); ok {
		return v.(bool)
	}
	v := holdsRefs(t, map[reflect.Type]bool{})
	refTypes.Store(t, v)
	return v
}

var refTypes sync.Map // reflect.Type -> bool

var binaryMarshaler = reflect.TypeFor[encoding.BinaryMarshaler]()

func holdsRefs(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if t.Implements(binaryMarshaler) || reflect.PointerTo(t).Implements(binaryMarshaler) {
		p := t.PkgPath()
		return p == "github.com/actorio/actorio/actor" || p == "github.com/actorio/actorio/futures"
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsRefs(t.Elem(), seen)
	case reflect.Map:
		return holdsRefs(t.Key(), seen) || holdsRefs(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsRefs(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
