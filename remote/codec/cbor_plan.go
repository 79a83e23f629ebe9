package codec

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"math"
	"reflect"
	"unicode/utf8"
	"unsafe"

	"github.com/fxamacker/cbor/v2"
)

// A cborPlan encodes and decodes one flat struct type, a struct whose
// fields are booleans, integers, strings and byte slices, without going
// through the CBOR library's reflection: the common shape of a message.
// It writes exactly the bytes the library writes for the type, and reads
// only the layout it writes; for any other input (fields in another
// order, a field missing or unknown, a value of another type or out of
// range, a non-UTF-8 string, bytes left over) it reports false and the
// library decodes, so that what is accepted, and every error, stays the
// library's. A profile of a receiving node put 31% of its time in the
// library's Unmarshal for a struct of one []byte.
type cborPlan struct {
	c       *cborCodec
	header  []byte // the map header: the number of fields
	fields  []planField
	maxSize int
	// binary reports a planBinary field, whose methods may keep a
	// pointer to the struct: see decodeFlat.
	binary bool
}

// planField is one field of a cborPlan.
type planField struct {
	key  []byte  // its name, as a CBOR text string
	off  uintptr // its offset in the struct
	kind planKind
	size uintptr        // of an integer, in bytes
	ptr  unsafe.Pointer // of a planBinary field: the type word of a pointer to it
}

// planKind is what a planField holds.
type planKind uint8

const (
	planBool planKind = iota
	planInt
	planUint
	planString
	planBytes
	// planBinary is a type that implements encoding.BinaryMarshaler and,
	// through a pointer, encoding.BinaryUnmarshaler (such as actor.Ref and
	// futures.Promise), carried as a byte string as the library carries
	// it.
	planBinary
)

// maxPlanFields bounds the fields of a planned struct. A plan takes no
// more fields than MaxElements either, which the library applies to the
// pairs of a map.
const maxPlanFields = 64

// The interfaces through which the CBOR library lets a type encode or
// decode itself: a type that implements one is never planned.
var customCBOR = []reflect.Type{
	reflect.TypeFor[cbor.Marshaler](), reflect.TypeFor[cbor.Unmarshaler](),
	reflect.TypeFor[encoding.BinaryMarshaler](), reflect.TypeFor[encoding.BinaryUnmarshaler](),
	reflect.TypeFor[encoding.TextMarshaler](), reflect.TypeFor[encoding.TextUnmarshaler](),
}

// plan returns the plan of t, or nil when t is not a flat struct: a
// struct whose fields are all exported, not embedded, untagged, and of a
// boolean, integer (not uintptr), string or []byte type or a binary
// type (see planBinary), t implementing no custom encoding and a field
// only the binary marshalers.
func (c *cborCodec) plan(t reflect.Type) *cborPlan {
	if t.Kind() != reflect.Struct || t.NumField() > min(maxPlanFields, c.opts.MaxElements) || custom(t) {
		return nil
	}
	p := &cborPlan{c: c, header: appendHead(nil, 5, uint64(t.NumField())), maxSize: c.opts.MaxSize}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous || f.Tag != "" {
			return nil
		}
		pf := planField{key: appendText(nil, f.Name), off: f.Offset, size: f.Type.Size()}
		switch k := f.Type.Kind(); {
		case binaryType(f.Type):
			pf.kind = planBinary
			ptr := reflect.New(f.Type).Interface()
			pf.ptr = (*eface)(unsafe.Pointer(&ptr)).typ
			p.binary = true
		case custom(f.Type):
			return nil
		case k == reflect.Bool:
			pf.kind = planBool
		case k >= reflect.Int && k <= reflect.Int64:
			pf.kind = planInt
		case k >= reflect.Uint && k <= reflect.Uint64:
			pf.kind = planUint
		case k == reflect.String:
			pf.kind = planString
		case f.Type == reflect.TypeFor[[]byte]():
			pf.kind = planBytes
		default:
			return nil
		}
		p.fields = append(p.fields, pf)
	}
	return p
}

// custom reports whether t or *t implements one of customCBOR.
func custom(t reflect.Type) bool {
	for _, i := range customCBOR {
		if t.Implements(i) || reflect.PointerTo(t).Implements(i) {
			return true
		}
	}
	return false
}

// binaryType reports whether the library carries t as a byte string through
// its binary marshalers: t implements encoding.BinaryMarshaler, *t
// encoding.BinaryUnmarshaler, and neither the CBOR marshalers.
func binaryType(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	for _, i := range customCBOR[:2] {
		if t.Implements(i) || p.Implements(i) {
			return false
		}
	}
	return t.Implements(customCBOR[2]) && p.Implements(customCBOR[3])
}

// append appends the encoding of the struct at v to dst. It fails only
// when the MarshalBinary method of a field does, with that error.
func (p *cborPlan) append(dst []byte, v unsafe.Pointer) ([]byte, error) {
	dst = append(dst, p.header...)
	for i := range p.fields {
		f := &p.fields[i]
		dst = append(dst, f.key...)
		at := unsafe.Add(v, f.off)
		switch f.kind {
		case planBool:
			if *(*bool)(at) {
				dst = append(dst, 0xf5)
			} else {
				dst = append(dst, 0xf4)
			}
		case planInt:
			if n := loadInt(at, f.size); n >= 0 {
				dst = appendHead(dst, 0, uint64(n))
			} else {
				dst = appendHead(dst, 1, uint64(-1-n))
			}
		case planUint:
			dst = appendHead(dst, 0, loadUint(at, f.size))
		case planString:
			dst = appendText(dst, *(*string)(at))
		case planBytes:
			b := *(*[]byte)(at)
			if b == nil {
				dst = append(dst, 0xf6) // null, as the library writes a nil slice
				break
			}
			dst = appendHead(dst, 2, uint64(len(b)))
			dst = append(dst, b...)
		case planBinary:
			b, err := box(f.ptr, at).(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				return dst, err
			}
			dst = appendHead(dst, 2, uint64(len(b)))
			dst = append(dst, b...)
		}
	}
	return dst, nil
}

// decodeFlat decodes data into the zero struct at v, for a plan without
// a binary field, and reports whether it could. It keeps no pointer to
// v, so that a v on the caller's stack stays there. When it reports
// false, v may be partly filled: the caller zeroes it before decoding
// data with the library.
func (p *cborPlan) decodeFlat(data []byte, v unsafe.Pointer) bool {
	d, ok := p.start(data)
	if !ok || p.binary {
		return false
	}
	d, _, ok = p.fieldsFrom(d, v, 0)
	return ok && len(d) == 0
}

// decodeAny is decodeFlat for any plan, whose binary fields decode
// themselves with UnmarshalBinary: err is the failure of one, as the
// library would report it, and v is then to be discarded.
func (p *cborPlan) decodeAny(data []byte, v unsafe.Pointer) (ok bool, err error) {
	d, ok := p.start(data)
	for i := 0; ok; i++ {
		if d, i, ok = p.fieldsFrom(d, v, i); !ok || i == len(p.fields) {
			break
		}
		f := &p.fields[i] // a planBinary field; d is its value
		var l uint64
		if l, d, ok = readHead(d, 2); !ok || l > uint64(len(d)) {
			return false, nil
		}
		if err := box(f.ptr, unsafe.Add(v, f.off)).(encoding.BinaryUnmarshaler).UnmarshalBinary(d[:l]); err != nil {
			return false, err
		}
		d = d[l:]
	}
	return ok && len(d) == 0, nil
}

// start checks data's size and reads its map header, and returns what
// follows.
func (p *cborPlan) start(data []byte) ([]byte, bool) {
	if len(data) > p.maxSize {
		return nil, false
	}
	n, d, ok := readHead(data, 5)
	return d, ok && n == uint64(len(p.fields))
}

// fieldsFrom decodes the fields of the struct at v from field i, whose
// key starts d, up to the end or to a binary field, and returns the rest
// of d and the index of the field it stopped at: len(p.fields) at the
// end, or the binary field's, with d at its value. It reports false for
// a layout it does not read.
func (p *cborPlan) fieldsFrom(d []byte, v unsafe.Pointer, i int) (rest []byte, next int, ok bool) {
	for ; i < len(p.fields); i++ {
		f := &p.fields[i]
		if !bytes.HasPrefix(d, f.key) {
			return nil, i, false
		}
		d = d[len(f.key):]
		at := unsafe.Add(v, f.off)
		switch f.kind {
		case planBool:
			if len(d) == 0 || d[0]&^1 != 0xf4 {
				return nil, i, false
			}
			*(*bool)(at) = d[0] == 0xf5
			d = d[1:]
		case planInt:
			if len(d) == 0 || d[0]>>5 > 1 {
				return nil, i, false
			}
			major := d[0] >> 5 // 0: n, 1: -1-n
			var u uint64
			// Both signs hold u <= max: -1-u >= -(max+1) is the same bound.
			if u, d, ok = readHead(d, major); !ok || u > uint64(1)<<(8*f.size-1)-1 {
				return nil, i, false
			}
			if major == 1 {
				storeInt(at, f.size, -1-int64(u))
			} else {
				storeInt(at, f.size, int64(u))
			}
		case planUint:
			var u uint64
			if u, d, ok = readHead(d, 0); !ok || f.size < 8 && u>>(8*f.size) != 0 {
				return nil, i, false
			}
			storeUint(at, f.size, u)
		case planString:
			var l uint64
			if l, d, ok = readHead(d, 3); !ok || l > uint64(len(d)) || !utf8.Valid(d[:l]) {
				return nil, i, false
			}
			*(*string)(at) = string(d[:l])
			d = d[l:]
		case planBytes:
			if len(d) > 0 && d[0] == 0xf6 {
				d = d[1:] // null: a nil slice
				break
			}
			var l uint64
			if l, d, ok = readHead(d, 2); !ok || l > uint64(len(d)) {
				return nil, i, false
			}
			*(*[]byte)(at) = append(make([]byte, 0, l), d[:l]...)
			d = d[l:]
		case planBinary:
			return d, i, true // for the caller: see decodeAny
		}
	}
	return d, i, true
}

// readHead reads the head of a data item of major type major with a
// definite length or value, and returns that argument and the rest of d.
func readHead(d []byte, major byte) (arg uint64, rest []byte, ok bool) {
	if len(d) == 0 || d[0]>>5 != major {
		return 0, nil, false
	}
	switch ai := d[0] & 31; {
	case ai < 24:
		return uint64(ai), d[1:], true
	case ai == 24 && len(d) >= 2:
		return uint64(d[1]), d[2:], true
	case ai == 25 && len(d) >= 3:
		return uint64(binary.BigEndian.Uint16(d[1:])), d[3:], true
	case ai == 26 && len(d) >= 5:
		return uint64(binary.BigEndian.Uint32(d[1:])), d[5:], true
	case ai == 27 && len(d) >= 9:
		return binary.BigEndian.Uint64(d[1:]), d[9:], true
	}
	return 0, nil, false // truncated, reserved or indefinite
}

// appendHead appends the shortest head of major type major with argument n.
func appendHead(dst []byte, major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return append(dst, m|byte(n))
	case n <= math.MaxUint8:
		return append(dst, m|24, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, m|25), uint16(n))
	case n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, m|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(dst, m|27), n)
}

// appendText appends s as a CBOR text string.
func appendText(dst []byte, s string) []byte {
	return append(appendHead(dst, 3, uint64(len(s))), s...)
}

func loadInt(p unsafe.Pointer, size uintptr) int64 {
	switch size {
	case 1:
		return int64(*(*int8)(p))
	case 2:
		return int64(*(*int16)(p))
	case 4:
		return int64(*(*int32)(p))
	}
	return *(*int64)(p)
}

func loadUint(p unsafe.Pointer, size uintptr) uint64 {
	switch size {
	case 1:
		return uint64(*(*uint8)(p))
	case 2:
		return uint64(*(*uint16)(p))
	case 4:
		return uint64(*(*uint32)(p))
	}
	return *(*uint64)(p)
}

func storeInt(p unsafe.Pointer, size uintptr, n int64) {
	switch size {
	case 1:
		*(*int8)(p) = int8(n)
	case 2:
		*(*int16)(p) = int16(n)
	case 4:
		*(*int32)(p) = int32(n)
	default:
		*(*int64)(p) = n
	}
}

func storeUint(p unsafe.Pointer, size uintptr, n uint64) {
	switch size {
	case 1:
		*(*uint8)(p) = uint8(n)
	case 2:
		*(*uint16)(p) = uint16(n)
	case 4:
		*(*uint32)(p) = uint32(n)
	default:
		*(*uint64)(p) = n
	}
}
