package codec_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
)

// streamCase is a codec and a sequence of payloads it can frame.
type streamCase struct {
	name     string
	codec    codec.Codec
	payloads [][]byte
}

func streamCases(t *testing.T) []streamCase {
	rng := rand.New(rand.NewPCG(1, 2))
	randomPayloads := func(n, maxLen int, avoid int) [][]byte {
		ps := make([][]byte, n)
		for i := range ps {
			p := make([]byte, rng.IntN(maxLen+1))
			for j := range p {
				b := byte(rng.IntN(256))
				if int(b) == avoid {
					b++
				}
				p[j] = b
			}
			ps[i] = p
		}
		ps = append(ps, []byte{}, bytes.Repeat([]byte{'x'}, maxLen), []byte{})
		return ps
	}
	var cases []streamCase
	for _, cfg := range lengthPrefixedConfigs() {
		c := newLengthPrefixed(t, cfg.options(codec.WithMaxFrame(200))...)
		cases = append(cases, streamCase{"length-prefixed/" + cfg.name, c, randomPayloads(40, 200, -1)})
	}
	for _, cfg := range lineConfigs() {
		c := newLine(t, cfg.options(codec.WithMaxLine(120))...)
		ps := randomPayloads(40, 120, int(cfg.delim))
		ps = append(ps, []byte("\r"), []byte("ends in CR\r"))
		cases = append(cases, streamCase{"line/" + cfg.name, c, ps})
	}
	return cases
}

// TestStreamByteAtATime feeds every codec's stream one byte per read: the
// frames decoded are the frames encoded.
func TestStreamByteAtATime(t *testing.T) {
	for _, tt := range streamCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			stream := encodeAll(t, tt.codec, tt.payloads)
			got, err := feed(t, tt.codec, stream, oneByte)
			require.NoError(t, err)
			require.Equal(t, tt.payloads, got)
		})
	}
}

// TestStreamRandomChunks feeds every codec's stream in reads of random
// sizes from a seeded generator, some smaller and some larger than a
// frame.
func TestStreamRandomChunks(t *testing.T) {
	for _, tt := range streamCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			stream := encodeAll(t, tt.codec, tt.payloads)
			for seed := range uint64(8) {
				t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
					got, err := feed(t, tt.codec, stream, randomChunks(seed, 1+int(seed)*40))
					require.NoError(t, err)
					require.Equal(t, tt.payloads, got)
				})
			}
		})
	}
}

// TestStreamReadLoop runs a connection's read loop, which sizes its reads
// by SizeHint, over a reader that returns a few bytes at a time.
func TestStreamReadLoop(t *testing.T) {
	for _, tt := range streamCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			stream := encodeAll(t, tt.codec, tt.payloads)
			got := [][]byte{}
			err := readFrames(&trickleReader{data: stream, max: 7}, tt.codec, nil, 1, func(f []byte) {
				got = append(got, bytes.Clone(f))
			})
			require.NoError(t, err)
			require.Equal(t, tt.payloads, got)
		})
	}
}

// TestStreamErrorMidway checks that frames before a bad one are decoded
// and the bad one stops the stream.
func TestStreamErrorMidway(t *testing.T) {
	lp := newLengthPrefixed(t, codec.WithHeaderWidth(2), codec.WithMaxFrame(4))
	line := newLine(t, codec.WithMaxLine(4))
	tests := []struct {
		name    string
		codec   codec.Codec
		give    []byte
		want    [][]byte
		wantErr error
	}{
		{"length-prefixed", lp, []byte{0, 1, 'a', 0, 0, 0, 5}, [][]byte{[]byte("a"), {}}, codec.ErrFrameTooLarge},
		{"line", line, []byte("a\n\nabcde"), [][]byte{[]byte("a"), {}}, codec.ErrFrameTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := feed(t, tt.codec, tt.give, oneByte)
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, tt.want, got)

			err = readFrames(bytes.NewReader(tt.give[:len(tt.give)-1]), tt.codec, nil, 1, func([]byte) {})
			require.ErrorIs(t, err, io.ErrUnexpectedEOF)
		})
	}
}

// trickleReader returns at most max bytes per Read.
type trickleReader struct {
	data []byte
	max  int
}

func (r *trickleReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.max)], r.data)
	r.data = r.data[n:]
	return n, nil
}
