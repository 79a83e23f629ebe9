package remoting

import (
	"bytes"
	"encoding/binary"
)

// headerLen is the size of a payload's header: its sequence number (8
// bytes) and its stream number (4 bytes), big-endian. Payloads are at
// least this long.
const headerLen = 12

// warmSeq marks the untimed exchange of the setup, so that it is never
// counted.
const warmSeq = 1 << 63

// pattern returns what a payload of stream carries after its header.
func pattern(stream uint32, size int) []byte {
	b := make([]byte, size)
	for i := headerLen; i < size; i++ {
		b[i] = byte(int(stream)*7 + i)
	}
	return b[headerLen:]
}

// payloads makes and checks the payloads of one stream.
type payloads struct {
	stream uint32
	size   int
	tail   []byte // pattern(stream, size)
}

func newPayloads(stream uint32, size int) *payloads {
	return &payloads{stream: stream, size: size, tail: pattern(stream, size)}
}

// fill writes payload seq into b, which is size bytes long.
func (p *payloads) fill(b []byte, seq uint64) {
	binary.BigEndian.PutUint64(b, seq)
	binary.BigEndian.PutUint32(b[8:], p.stream)
	copy(b[headerLen:], p.tail)
}

// make returns a new payload seq.
func (p *payloads) make(seq uint64) []byte {
	b := make([]byte, p.size)
	p.fill(b, seq)
	return b
}

// check returns the sequence number of b and whether b is a payload of
// the stream: of the right size, stream number and content.
func (p *payloads) check(b []byte) (uint64, bool) {
	if len(b) != p.size || binary.BigEndian.Uint32(b[8:]) != p.stream || !bytes.Equal(b[headerLen:], p.tail) {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}
