package codec

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// Registry maps message types to stable names and wire IDs and back, so
// that a receiver only ever decodes bytes into a type it registered. Its
// methods are safe for concurrent use. The zero Registry is not usable:
// call NewRegistry.
//
// Encode and Decode, called for every message, read an immutable table
// through one atomic load and never lock, so they do not contend with
// each other or with Register. Register, meant for start-up, copies the
// table under a mutex, adds one type and publishes the copy: registering
// n types costs O(n²) in all, which is nothing for the hundreds of types
// an application has. A Decode that runs while its type is being
// registered may or may not see it, and then fails with ErrUnknownType.
type Registry struct {
	codec Codec
	mu    sync.Mutex            // serializes Register
	table atomic.Pointer[table] // replaced, never changed, by Register
}

// table is a Registry's immutable view of its types.
type table struct {
	byID   map[uint32]*entry
	byType map[reflect.Type]*entry
}

// entry describes one registered type.
type entry struct {
	name   string
	id     uint32
	typ    reflect.Type
	decode func(c Codec, data []byte) (any, error) // returns a T
}

// NewRegistry returns an empty Registry that encodes and decodes with c.
// A nil c means CBOR with the default Options.
func NewRegistry(c Codec) *Registry {
	if c == nil {
		var err error
		if c, err = CBOR(); err != nil {
			panic(err) // unreachable: the default options are valid
		}
	}
	r := &Registry{codec: c}
	r.table.Store(&table{byID: map[uint32]*entry{}, byType: map[reflect.Type]*entry{}})
	return r
}

// Codec returns the Codec that r encodes and decodes with.
func (r *Registry) Codec() Codec { return r.codec }

// Register adds T to r under name, whose wire ID is ID(name). T must be a
// concrete type that a codec can carry: not an interface, function,
// channel or unsafe pointer type (else ErrInvalidRegistration), and name
// must not be empty (ditto). Registering T under the name it already has
// does nothing and returns nil. Register returns an error wrapping
// ErrDuplicate if name is registered for another type, T is registered
// under another name, or ID(name) is the ID of another registered name;
// r is then unchanged.
//
// A pointer type *T may be registered; Decode then returns a *T, and
// Encode accepts only *T, not T.
func Register[T any](r *Registry, name string) error {
	typ := reflect.TypeFor[T]()
	return r.add(&entry{name: name, id: ID(name), typ: typ, decode: decodeAs[T]})
}

// decodeAs decodes data into a new T.
func decodeAs[T any](c Codec, data []byte) (any, error) {
	var v T
	if err := c.Decode(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// add publishes e in a copy of r's table.
func (r *Registry) add(e *entry) error {
	switch e.typ.Kind() {
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return fmt.Errorf("%w: %v is of kind %v", ErrInvalidRegistration, e.typ, e.typ.Kind())
	}
	if e.name == "" {
		return fmt.Errorf("%w: empty name for %v", ErrInvalidRegistration, e.typ)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.table.Load()
	if prev, ok := old.byID[e.id]; ok {
		switch {
		case prev.name == e.name && prev.typ == e.typ:
			return nil
		case prev.name == e.name:
			return fmt.Errorf("%w: name %q is registered for %v, not %v", ErrDuplicate, e.name, prev.typ, e.typ)
		default:
			return fmt.Errorf("%w: ID %#08x of name %q collides with that of %q (%v)",
				ErrDuplicate, e.id, e.name, prev.name, prev.typ)
		}
	}
	if prev, ok := old.byType[e.typ]; ok {
		return fmt.Errorf("%w: %v is registered as %q, not %q", ErrDuplicate, e.typ, prev.name, e.name)
	}
	t := &table{byID: make(map[uint32]*entry, len(old.byID)+1), byType: make(map[reflect.Type]*entry, len(old.byType)+1)}
	for id, prev := range old.byID {
		t.byID[id] = prev
		t.byType[prev.typ] = prev
	}
	t.byID[e.id] = e
	t.byType[e.typ] = e
	r.table.Store(t)
	return nil
}

// Encode appends the encoding of v to dst with r's codec, and returns the
// wire ID of v's dynamic type with the extended buffer. If that type is
// not registered (v == nil included) it returns an error wrapping
// ErrUnregistered and encodes nothing. Every other error wraps ErrEncode:
// in the codecs of this package an *Error, and for any codec, a panic in
// it or in a custom marshaler is recovered as one. On error, out is dst.
func (r *Registry) Encode(dst []byte, v any) (id uint32, out []byte, err error) {
	e, ok := r.table.Load().byType[reflect.TypeOf(v)]
	if !ok {
		return 0, dst, fmt.Errorf("%w: %T", ErrUnregistered, v)
	}
	defer func() {
		if p := recover(); p != nil {
			id, out, err = 0, dst, &Error{Op: OpEncode, Codec: r.codec.Name(), Type: e.name, Err: panicked(p)}
		}
	}()
	out, err = r.codec.Append(dst, v)
	if err != nil {
		return 0, dst, named(err, e.name, ErrEncode)
	}
	return e.id, out, nil
}

// Decode decodes data with r's codec as the type registered under id, and
// returns the value, of that type (a T, not a *T). If no type is
// registered under id it returns an error wrapping ErrUnknownType, and
// does not look at data. Every other error wraps ErrDecode: in the
// codecs of this package an *Error, and for any codec, a panic in it or
// in a custom unmarshaler is recovered as one. Decode does not retain
// data unless the codec does.
func (r *Registry) Decode(id uint32, data []byte) (v any, err error) {
	e, ok := r.table.Load().byID[id]
	if !ok {
		return nil, fmt.Errorf("%w: ID %#08x", ErrUnknownType, id)
	}
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, &Error{Op: OpDecode, Codec: r.codec.Name(), Type: e.name, Err: panicked(p)}
		}
	}()
	v, err = e.decode(r.codec, data)
	if err != nil {
		return nil, named(err, e.name, ErrDecode)
	}
	return v, nil
}

// named returns err with the registered name: a copy of an *Error with
// its Type set, or an error of another codec wrapped so that it matches
// op as well.
func named(err error, name string, op error) error {
	if e, ok := err.(*Error); ok {
		c := *e
		c.Type = name
		return &c
	}
	if errors.Is(err, op) {
		return err
	}
	return fmt.Errorf("%w: %q: %w", op, name, err)
}

// Name returns the name registered under id, and whether there is one.
func (r *Registry) Name(id uint32) (string, bool) {
	e, ok := r.table.Load().byID[id]
	if !ok {
		return "", false
	}
	return e.name, true
}

// NameOf returns the name that v's dynamic type is registered under, and
// whether it is registered.
func (r *Registry) NameOf(v any) (string, bool) {
	e, ok := r.table.Load().byType[reflect.TypeOf(v)]
	if !ok {
		return "", false
	}
	return e.name, true
}
