package codec

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Registry maps message types to stable names and wire IDs and back, so
// that a receiver only ever decodes bytes into a type it registered. Its
// methods are safe for concurrent use. The zero Registry is not usable:
// call NewRegistry.
//
// Each type is carried by one Codec: the registry's default codec for a
// type added with Register, or the codec given to RegisterCodec, so that
// one registry can carry most types as CBOR and some as protobuf. The
// wire ID does not say which codec encoded a message; both peers must
// register the type with the same kind of codec.
//
// Encode and Decode, called for every message, read an immutable table
// through one atomic load and never lock, so they do not contend with
// each other or with Register. Register and RegisterCodec, meant for
// start-up, copy the table under a mutex, add one type and publish the
// copy: registering n types costs O(n²) in all, which is nothing for the
// hundreds of types an application has. A Decode that runs while its type is being
// registered may or may not see it, and then fails with ErrUnknownType.
type Registry struct {
	codec Codec                 // the default, for Register
	mu    sync.Mutex            // serializes Register
	table atomic.Pointer[table] // replaced, never changed, by Register
}

// table is a Registry's immutable view of its types.
type table struct {
	byID   map[uint32]*entry
	byType map[reflect.Type]*entry
	// byWord is byType keyed by the type word of an interface holding a
	// value of the type: Encode hashes a pointer, not an interface.
	byWord map[unsafe.Pointer]*entry
}

// entry describes one registered type.
type entry struct {
	name   string
	id     uint32
	typ    reflect.Type
	codec  Codec                                    // encodes and decodes the type
	decode func(e *entry, data []byte) (any, error) // returns a T
	plan   *cborPlan                                // for a flat struct carried by CBOR
	word   unsafe.Pointer                           // the type word of an interface holding a T
	// boxType is the type word of an interface holding a T, for a T that
	// an interface holds through a pointer (see box); nil otherwise.
	boxType unsafe.Pointer
}

// typeChecker is implemented by a Codec that can carry only some types,
// such as the protobuf codec. The Registry calls checkType when a type is
// registered with the codec, so that a type it cannot carry fails at
// start-up rather than at the first message.
type typeChecker interface {
	checkType(t reflect.Type) error
}

// NewRegistry returns an empty Registry whose default codec, the one
// Register uses, is c. A nil c means CBOR with the default Options.
func NewRegistry(c Codec) *Registry {
	if c == nil {
		var err error
		if c, err = CBOR(); err != nil {
			panic(err) // unreachable: the default options are valid
		}
	}
	r := &Registry{codec: c}
	r.table.Store(&table{byID: map[uint32]*entry{}, byType: map[reflect.Type]*entry{}, byWord: map[unsafe.Pointer]*entry{}})
	return r
}

// Codec returns the default Codec of r, the one given to NewRegistry,
// which Register uses. A type added with RegisterCodec uses its own.
func (r *Registry) Codec() Codec { return r.codec }

// Register adds T to r under name, whose wire ID is ID(name), to be
// encoded and decoded with r's default codec. It is RegisterCodec with
// r.Codec(); see there.
func Register[T any](r *Registry, name string) error {
	return RegisterCodec[T](r, name, r.codec)
}

// RegisterCodec adds T to r under name, whose wire ID is ID(name), to be
// encoded and decoded with c whatever r's default codec is. T must be a
// concrete type that c can carry: not an interface, function, channel or
// unsafe pointer type, and for the protobuf codec a pointer type that
// implements proto.Message, such as *pb.Msg; c must not be nil and name
// must not be empty. Otherwise RegisterCodec returns an error wrapping
// ErrInvalidRegistration.
//
// Registering T under the name it already has, with a codec of the same
// Name, does nothing and returns nil; the first codec stays. RegisterCodec
// returns an error wrapping ErrDuplicate if name is registered for
// another type or for T with a codec of another Name, if T is registered
// under another name, or if ID(name) is the ID of another registered
// name; r is then unchanged.
//
// A pointer type *T may be registered; Decode then returns a *T, and
// Encode accepts only *T, not T. Decode gives a pointer to a protobuf
// message, *pb.Msg, a newly allocated message, never nil, whatever the
// codec; for another pointer type the codec decides, and CBOR and JSON
// decode null to a nil pointer.
func RegisterCodec[T any](r *Registry, name string, c Codec) error {
	typ := reflect.TypeFor[T]()
	e := &entry{name: name, id: ID(name), typ: typ, codec: c, decode: decodeAs[T]}
	if typ.Kind() == reflect.Pointer && typ.Implements(messageType) {
		e.decode = decodeNew[T]
	}
	var zero any = *new(T)
	e.word = (*eface)(unsafe.Pointer(&zero)).typ
	if !pointerShaped(typ) {
		e.boxType = e.word
		if cc, ok := c.(*cborCodec); ok {
			e.plan = cc.plan(typ)
		}
	}
	return r.add(e)
}

// decodeAs decodes data into a new T.
func decodeAs[T any](e *entry, data []byte) (any, error) {
	p := new(T)
	if err := decodeInto(e, data, p); err != nil {
		return nil, err
	}
	if e.boxType == nil {
		return *p, nil
	}
	return box(e.boxType, unsafe.Pointer(p)), nil
}

// decodeInto decodes data into the zero value at p with e's plan, or
// with its codec for what the plan does not read.
func decodeInto[T any](e *entry, data []byte, p *T) error {
	if e.plan != nil {
		ok, err := e.plan.decodeAny(data, unsafe.Pointer(p))
		if err != nil {
			return e.plan.c.fail(OpDecode, p, err)
		}
		if ok {
			return nil
		}
		*p = *new(T) // what the plan filled in
	}
	return e.codec.Decode(data, p)
}

// decodeNew decodes data into what a new T, a pointer type, points to:
// the codec is given a T, not a *T.
func decodeNew[T any](e *entry, data []byte) (any, error) {
	v := reflect.New(reflect.TypeFor[T]().Elem()).Interface().(T)
	if err := e.codec.Decode(data, v); err != nil {
		return nil, err
	}
	return v, nil
}

// eface is the layout of an interface value of type any: the type word
// and the data word.
type eface struct {
	typ, data unsafe.Pointer
}

// pointerShaped reports whether an interface holds a value of type t in
// its data word itself, as the compiler decides (a pointer, map, channel,
// function or unsafe pointer, or a struct or array of exactly one such
// value), rather than through a pointer to a copy.
func pointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && pointerShaped(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && pointerShaped(t.Elem())
	}
	return false
}

// box returns an interface holding the value at p, of the type whose
// type word is typ, which is not pointer-shaped: the interface points to
// p itself, which nothing else may refer to, where a conversion would
// copy the value into a second allocation.
func box(typ, p unsafe.Pointer) any {
	var v any
	e := (*eface)(unsafe.Pointer(&v))
	e.typ, e.data = typ, p
	return v
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
	if e.codec == nil {
		return fmt.Errorf("%w: nil codec for %v", ErrInvalidRegistration, e.typ)
	}
	if tc, ok := e.codec.(typeChecker); ok {
		if err := tc.checkType(e.typ); err != nil {
			return fmt.Errorf("%w: %s codec: %s",
				ErrInvalidRegistration, e.codec.Name(), strings.TrimPrefix(err.Error(), "codec: "))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.table.Load()
	if prev, ok := old.byID[e.id]; ok {
		switch {
		case prev.name == e.name && prev.typ == e.typ && prev.codec.Name() == e.codec.Name():
			return nil
		case prev.name == e.name && prev.typ == e.typ:
			return fmt.Errorf("%w: %v is registered as %q with codec %s, not %s",
				ErrDuplicate, e.typ, e.name, prev.codec.Name(), e.codec.Name())
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
	n := len(old.byID) + 1
	t := &table{byID: make(map[uint32]*entry, n), byType: make(map[reflect.Type]*entry, n), byWord: make(map[unsafe.Pointer]*entry, n)}
	for _, prev := range old.byID {
		t.put(prev)
	}
	t.put(e)
	r.table.Store(t)
	return nil
}

// put adds e to t.
func (t *table) put(e *entry) {
	t.byID[e.id] = e
	t.byType[e.typ] = e
	t.byWord[e.word] = e
}

// Encode appends the encoding of v to dst with the codec of its type, and
// returns the wire ID of v's dynamic type with the extended buffer. If that type is
// not registered (v == nil included) it returns an error wrapping
// ErrUnregistered and encodes nothing. Every other error wraps ErrEncode:
// in the codecs of this package an *Error, and for any codec, a panic in
// it or in a custom marshaler is recovered as one. On error, out is dst.
func (r *Registry) Encode(dst []byte, v any) (id uint32, out []byte, err error) {
	e, ok := r.table.Load().byWord[(*eface)(unsafe.Pointer(&v)).typ]
	if !ok {
		return 0, dst, fmt.Errorf("%w: %T", ErrUnregistered, v)
	}
	defer func() {
		if p := recover(); p != nil {
			id, out, err = 0, dst, &Error{Op: OpEncode, Codec: e.codec.Name(), Type: e.name, Err: panicked(p)}
		}
	}()
	if e.plan != nil {
		// A planned type is not pointer-shaped: the data word points to it.
		out, err = e.plan.append(dst, (*eface)(unsafe.Pointer(&v)).data)
		if n := len(out) - len(dst); err == nil && n > e.plan.maxSize {
			err = tooLarge(n, e.plan.maxSize)
		}
		if err != nil {
			return 0, dst, named(e.plan.c.fail(OpEncode, v, err), e.name, ErrEncode)
		}
		return e.id, out, nil
	}
	out, err = e.codec.Append(dst, v)
	if err != nil {
		return 0, dst, named(err, e.name, ErrEncode)
	}
	return e.id, out, nil
}

// Decode decodes data as the type registered under id, with the codec it
// was registered with, and returns the value, of that type (a T, not a
// *T). If no type is
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
			v, err = nil, &Error{Op: OpDecode, Codec: e.codec.Name(), Type: e.name, Err: panicked(p)}
		}
	}()
	v, err = e.decode(e, data)
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

// DecodeAs decodes data as the type registered under id when that type is
// T, into a T that is not boxed into an interface (one allocation fewer
// than Decode): the fast path for a receiver that knows the type it
// wants. It reports false, decoding
// nothing, when id is registered for another type, for a pointer type T,
// or not at all: use Registry.Decode then. Errors are Decode's.
func DecodeAs[T any](r *Registry, id uint32, data []byte) (v T, ok bool, err error) {
	e, found := r.table.Load().byID[id]
	if !found || e.typ != reflect.TypeFor[T]() || e.typ.Kind() == reflect.Pointer {
		return v, false, nil
	}
	v, err = decodeValue[T](e, data)
	return v, true, err
}

// decodeValue decodes data as e's type, T, not a pointer type.
func decodeValue[T any](e *entry, data []byte) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			var zero T
			v, err = zero, &Error{Op: OpDecode, Codec: e.codec.Name(), Type: e.name, Err: panicked(p)}
		}
	}()
	if e.plan != nil && !e.plan.binary && e.plan.decodeFlat(data, unsafe.Pointer(&v)) {
		return v, nil // v stays on the stack: the codec would make it escape
	}
	p := new(T)
	if err := decodeInto(e, data, p); err != nil {
		var zero T
		return zero, named(err, e.name, ErrDecode)
	}
	return *p, nil
}
