package codec_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
)

// TestDecodeAllocatesNothing decodes whole streams, partial frames and
// size hints without a single allocation, and encodes into a buffer with
// room to spare without one either.
func TestDecodeAllocatesNothing(t *testing.T) {
	payloads := [][]byte{{}, []byte("hello"), bytes.Repeat([]byte("x"), 100), []byte("world")}
	tests := []struct {
		name  string
		codec codec.Codec
	}{
		{"length-prefixed", newLengthPrefixed(t)},
		{"length-prefixed/width=8/little/includes", newLengthPrefixed(t, codec.WithHeaderWidth(8), codec.WithByteOrder(binary.LittleEndian), codec.WithLengthIncludesHeader(true))},
		{"line", newLine(t)},
		{"line/strip CR", newLine(t, codec.WithStripCR(true))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stream := encodeAll(t, tt.codec, payloads)
			hinter := tt.codec.(codec.SizeHinter)
			var frames, total int
			allocs := testing.AllocsPerRun(100, func() {
				for rest := stream; ; {
					frame, n, err := tt.codec.Decode(rest)
					if err != nil || n == 0 {
						break
					}
					frames++
					total += len(frame)
					rest = rest[n:]
				}
				_, n, _ := tt.codec.Decode(stream[:3])
				total += n + hinter.SizeHint(stream[:3])
			})
			require.Zero(t, allocs, "Decode allocated")
			require.Equal(t, 101*len(payloads), frames)
			require.Positive(t, total)

			dst := make([]byte, 0, 2*len(stream))
			allocs = testing.AllocsPerRun(100, func() {
				out := dst
				for _, p := range payloads {
					out, _ = tt.codec.AppendFrame(out, p)
				}
			})
			require.Zero(t, allocs, "AppendFrame allocated into a buffer with room")
		})
	}
}
