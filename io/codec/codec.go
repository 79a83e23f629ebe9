package codec

// Decoder splits frames out of a byte stream.
//
// A connection appends what it reads to a buffer and calls Decode on the
// part not yet consumed, again and again, until Decode reports that it
// needs more bytes; then it reads again. A Decoder keeps no state between
// calls, so one value can serve any number of connections at once.
type Decoder interface {
	// Decode looks for one complete frame at the start of buf.
	//
	// When buf starts with a whole frame, Decode returns its payload, the
	// number n > 0 of bytes the frame takes up in buf (header or delimiter
	// included), and nil. The payload is a sub-slice of buf[:n], not a
	// copy, with its capacity capped at its length. It stays valid until
	// the caller overwrites that part of buf, so a caller that keeps it
	// longer copies it. An empty payload is a non-nil empty slice: n, not
	// the payload, tells a frame from no frame.
	//
	// When buf holds only part of a frame, or nothing, Decode returns nil,
	// 0 and nil: the caller reads more and calls Decode again with the
	// same bytes followed by the new ones.
	//
	// When the bytes in buf prove that no valid frame starts there, Decode
	// returns nil, 0 and a *FrameError wrapping ErrFrameTooLarge or
	// ErrMalformed, as soon as the proof has arrived: an oversized length
	// is rejected as soon as its header is in buf, before any payload. The
	// stream cannot be resynchronised after that, so the caller closes
	// the connection.
	//
	// Decode never panics, never modifies buf and never allocates except
	// to return an error.
	Decode(buf []byte) (frame []byte, n int, err error)
}

// Encoder frames payloads for writing to a byte stream.
type Encoder interface {
	// AppendFrame appends one frame carrying payload to dst (a header
	// followed by payload, or payload followed by a delimiter) and returns
	// the extended slice, which, like append's result, may share dst's
	// array. It allocates only when dst has too little capacity.
	//
	// When payload cannot be framed, AppendFrame returns dst unchanged and
	// a *FrameError wrapping ErrFrameTooLarge (payload longer than the
	// codec's limit) or ErrMalformed (payload the format cannot carry).
	AppendFrame(dst, payload []byte) ([]byte, error)
}

// Codec decodes and encodes one framing format. The codecs of this
// package are immutable once made and safe for concurrent use.
type Codec interface {
	Decoder
	Encoder
	// Name names the format, for logs and for FrameError.Codec.
	Name() string
}

// SizeHinter is implemented by decoders that can tell a caller how large
// its buffer must grow, so that it can read a whole frame with as few
// reads as possible. Both codecs of this package implement it.
type SizeHinter interface {
	// SizeHint returns a lower bound on the number of bytes buf must hold
	// for Decode to return the frame that starts it. When Decode(buf)
	// returns n == 0 and no error, SizeHint(buf) > len(buf). Once a
	// length-prefixed header is in buf, the hint is the exact length of
	// the frame, header included; a delimited format can only ask for one
	// byte more. The hint never exceeds the codec's largest frame on the
	// wire, but below that it is the peer's claim, not what the peer has
	// sent: grow a buffer towards it as bytes arrive (for example to at
	// most twice what is buffered), never to it at once, or a peer that
	// sends only a header pins the largest frame's worth of memory.
	SizeHint(buf []byte) int
}
