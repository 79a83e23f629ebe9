// Package codec turns the messages that actors on different machines
// exchange into bytes and back. A message is a plain Go value of a type
// that both peers registered under the same name; a Codec encodes it,
// and a Registry makes sure that bytes from the network are only ever
// decoded into a registered type.
//
// # Sending and receiving
//
// Each peer registers its message types at start-up. The sender's Encode
// returns the wire ID of the value's type with its encoding, and the
// receiver's Decode turns the two back into a value (see ExampleRegistry):
//
//	r := codec.NewRegistry(nil) // CBOR, default limits
//	err := codec.Register[Greeting](r, "chat.Greeting")
//
//	id, buf, err := r.Encode(buf[:0], Greeting{Text: "hi"}) // sender
//	v, err := r.Decode(id, buf)                              // receiver
//	g := v.(Greeting)
//
// The ID of a type is ID(name), the FNV-1a 32-bit hash of its name, so
// peers agree on IDs without exchanging anything, and a name must never
// change once messages of its type are in use. Register refuses a name
// whose ID collides with one already registered (ErrDuplicate), so a
// collision shows at start-up rather than as a wrong type on the wire.
// How the ID and the bytes travel, and how messages are framed, is up to
// the transport.
//
// # Codecs
//
// CBOR (RFC 8949) is the default: compact, fast, and decoded with strict
// limits. JSON, with encoding/json, is for debugging and for peers that
// only speak JSON. Both encode a struct as a map keyed by field name, so
// a receiver ignores fields it does not know and leaves those it does not
// receive at their zero value: adding or removing a field is a compatible
// change, renaming or retyping one is not. Struct tags of the codec
// (`cbor:"..."`, `json:"..."`) apply, and a type may implement the
// library's Marshaler and Unmarshaler interfaces. Any other encoding can be
// plugged in by implementing Codec.
//
// Append appends to a caller's buffer and, for both codecs, allocates
// nothing for the buffer itself when it has room. JSON output is
// deterministic; CBOR output is too, except for the order of map entries,
// which is not sorted: sorting costs time and an allocation for every
// message with a map (BenchmarkEncode/1KB/cbor-sorted). Compare decoded
// values, not bytes.
//
// # Limits and hostile peers
//
// Decode is meant for bytes from anyone. Options limit what it accepts,
// and CBOR and JSON apply them alike:
//
//   - MaxSize, default 1 MiB: longer input is refused before it is looked
//     at, and Append refuses to produce a longer encoding.
//   - MaxDepth, default 32: nesting of arrays, maps and structs.
//   - MaxElements, default 65536: entries of one array or map.
//
// A length that the input claims is checked against the limits and
// against the bytes actually present before anything is allocated for
// it, so a few bytes claiming a 2 GiB array cost nothing. CBOR input
// must also be well formed, without tags, indefinite lengths, duplicate
// map keys, invalid UTF-8 or trailing bytes. JSON input is scanned once
// for depth and width before encoding/json decodes it. Within the limits,
// the memory a Decode allocates can still exceed the input's size by the
// size of the Go types involved (an empty map, one byte, can decode into
// a large struct), so keep the limits as low as your messages allow.
//
// Decode never panics: a panic in a custom unmarshaler, or in a Codec
// used by a Registry, is recovered and returned as an error, and so is
// one in a marshaler during Append or Registry.Encode.
//
// # Errors
//
// Every encoding or decoding failure of the codecs is an *Error, which
// names the codec, the operation and the message type, and wraps both
// ErrDecode or ErrEncode and its cause, so that errors.Is(err, ErrDecode)
// holds and the underlying library's error stays reachable with
// errors.As. An encoding over MaxSize also wraps ErrTooLarge. A Registry
// adds ErrUnregistered (Encode of a type never registered), ErrUnknownType
// (Decode of an ID never registered: the peer may simply be newer), and
// at Register, ErrDuplicate and ErrInvalidRegistration. CBOR and JSON
// return ErrInvalidOption for a limit out of range.
//
// After ErrDecode, the message is lost but the stream it came in is not
// necessarily broken: whether to drop the message or the connection is
// the transport's choice.
package codec
