package codec_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/actorio/actorio/io/codec"
)

// benchStreamSize is about how many bytes of frames each benchmark
// iteration decodes.
const benchStreamSize = 256 << 10

var benchSizes = []int{16, 256, 4096}

// BenchmarkDecodeLengthPrefixed decodes a stream of 4-byte big-endian
// length-prefixed frames, against the plain-Go baseline of
// encoding/binary and io.ReadFull on a bytes.Reader. "codec" decodes the
// stream in place, as a connection does with what it has read;
// "codec+read" also copies it in through a read loop from a bytes.Reader,
// like the baseline.
func BenchmarkDecodeLengthPrefixed(b *testing.B) {
	c := newLengthPrefixed(b)
	for _, size := range benchSizes {
		payloads := benchPayloads(size, -1)
		stream := encodeAll(b, c, payloads)
		name := "size=" + strconv.Itoa(size)

		b.Run(name+"/codec", func(b *testing.B) {
			benchDecodeInPlace(b, c, stream, len(payloads))
		})
		b.Run(name+"/codec+read", func(b *testing.B) {
			benchReadLoop(b, c, stream, len(payloads))
		})
		b.Run(name+"/binary+ReadFull", func(b *testing.B) {
			var r bytes.Reader
			var header [4]byte
			payload := make([]byte, 0, 64)
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(stream)
				frames := 0
				for {
					if _, err := io.ReadFull(&r, header[:]); err != nil {
						break
					}
					n := int(binary.BigEndian.Uint32(header[:]))
					if n > cap(payload) {
						payload = make([]byte, n)
					}
					if _, err := io.ReadFull(&r, payload[:n]); err != nil {
						b.Fatal(err)
					}
					frames++
				}
				if frames != len(payloads) {
					b.Fatalf("decoded %d frames, want %d", frames, len(payloads))
				}
			}
		})
	}
}

// BenchmarkDecodeLine decodes a stream of '\n'-terminated lines with a
// Line codec that strips '\r' (as bufio.ScanLines does), against the
// plain-Go baseline of a bufio.Scanner on a bytes.Reader.
func BenchmarkDecodeLine(b *testing.B) {
	c := newLine(b, codec.WithStripCR(true))
	for _, size := range benchSizes {
		payloads := benchPayloads(size, '\n')
		stream := encodeAll(b, c, payloads)
		name := "size=" + strconv.Itoa(size)

		b.Run(name+"/codec", func(b *testing.B) {
			benchDecodeInPlace(b, c, stream, len(payloads))
		})
		b.Run(name+"/codec+read", func(b *testing.B) {
			benchReadLoop(b, c, stream, len(payloads))
		})
		b.Run(name+"/bufio.Scanner", func(b *testing.B) {
			var r bytes.Reader
			buf := make([]byte, 32<<10)
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(stream)
				s := bufio.NewScanner(&r)
				s.Buffer(buf, codec.DefaultMaxLine+2)
				frames := 0
				for s.Scan() {
					frames++
				}
				if err := s.Err(); err != nil || frames != len(payloads) {
					b.Fatalf("decoded %d frames (%v), want %d", frames, err, len(payloads))
				}
			}
		})
	}
}

// BenchmarkAppendFrame encodes 256-byte payloads into a reused buffer,
// against appending a binary.BigEndian length and the payload by hand.
func BenchmarkAppendFrame(b *testing.B) {
	payload := bytes.Repeat([]byte("p"), 256)
	dst := make([]byte, 0, 1024)
	lp := newLengthPrefixed(b)
	line := newLine(b)
	b.Run("length-prefixed", func(b *testing.B) {
		b.SetBytes(int64(len(payload)))
		b.ReportAllocs()
		for b.Loop() {
			dst, _ = lp.AppendFrame(dst[:0], payload)
		}
	})
	b.Run("line", func(b *testing.B) {
		b.SetBytes(int64(len(payload)))
		b.ReportAllocs()
		for b.Loop() {
			dst, _ = line.AppendFrame(dst[:0], payload)
		}
	})
	b.Run("binary.AppendUint32", func(b *testing.B) {
		b.SetBytes(int64(len(payload)))
		b.ReportAllocs()
		for b.Loop() {
			dst = append(binary.BigEndian.AppendUint32(dst[:0], uint32(len(payload))), payload...)
		}
	})
}

// benchPayloads returns payloads of the given size, avoiding the byte
// avoid, that add up to about benchStreamSize bytes.
func benchPayloads(size, avoid int) [][]byte {
	rng := rand.New(rand.NewPCG(uint64(size), 7))
	payloads := make([][]byte, max(1, benchStreamSize/size))
	for i := range payloads {
		p := make([]byte, size)
		for j := range p {
			p[j] = byte(' ' + rng.IntN(95)) // printable ASCII
			if int(p[j]) == avoid {
				p[j]++
			}
		}
		payloads[i] = p
	}
	return payloads
}

func benchDecodeInPlace(b *testing.B, c codec.Decoder, stream []byte, want int) {
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		frames := 0
		for rest := stream; ; {
			_, n, err := c.Decode(rest)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
			frames++
			rest = rest[n:]
		}
		if frames != want {
			b.Fatalf("decoded %d frames, want %d", frames, want)
		}
	}
}

func benchReadLoop(b *testing.B, c codec.Decoder, stream []byte, want int) {
	var r bytes.Reader
	buf := make([]byte, 0, 64<<10)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(stream)
		frames := 0
		if err := readFrames(&r, c, buf, 32<<10, func([]byte) { frames++ }); err != nil {
			b.Fatal(err)
		}
		if frames != want {
			b.Fatalf("decoded %d frames, want %d", frames, want)
		}
	}
}
