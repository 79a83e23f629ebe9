package netpoll_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/netpoll"
)

func TestMakeTokenRoundTrips(t *testing.T) {
	tests := []struct {
		name       string
		index, gen uint32
		want       netpoll.Token
	}{
		{name: "zero", index: 0, gen: 0, want: 0},
		{name: "index only", index: 1, gen: 0, want: 1},
		{name: "gen only", index: 0, gen: 1, want: 1 << 32},
		{name: "max index", index: math.MaxUint32, gen: 0, want: 0x0000_0000_FFFF_FFFF},
		{name: "max gen", index: 0, gen: math.MaxUint32, want: 0xFFFF_FFFF_0000_0000},
		{name: "last usable", index: math.MaxUint32 - 1, gen: math.MaxUint32, want: 0xFFFF_FFFF_FFFF_FFFE},
		{name: "both max is NoToken", index: math.MaxUint32, gen: math.MaxUint32, want: netpoll.NoToken},
		{name: "mixed", index: 0x1234_5678, gen: 0x9ABC_DEF0, want: 0x9ABC_DEF0_1234_5678},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := netpoll.MakeToken(tt.index, tt.gen)
			require.Equal(t, tt.want, tok)
			require.Equal(t, tt.index, tok.Index())
			require.Equal(t, tt.gen, tok.Gen())
		})
	}
}

func TestTokenGenerationsDiffer(t *testing.T) {
	// The point of the generation: the same slot reused never yields an
	// equal token, including across the wrap from MaxUint32 to 0.
	for _, gen := range []uint32{0, 1, math.MaxUint32 - 1, math.MaxUint32} {
		require.NotEqual(t, netpoll.MakeToken(5, gen), netpoll.MakeToken(5, gen+1), "gen %d", gen)
	}
}

func TestInterestString(t *testing.T) {
	tests := []struct {
		give netpoll.Interest
		want string
	}{
		{give: 0, want: "0"},
		{give: netpoll.Readable, want: "Readable"},
		{give: netpoll.Writable, want: "Writable"},
		{give: netpoll.Readable | netpoll.Writable, want: "Readable|Writable"},
		{give: 4, want: "Interest(0x4)"},
		{give: netpoll.Readable | 8, want: "Interest(0x9)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, tt.give.String())
		})
	}
}

func ExampleMakeToken() {
	// A reactor's slot 42, in its 7th use.
	tok := netpoll.MakeToken(42, 7)
	fmt.Println(tok.Index(), tok.Gen())

	// When slot 42 is freed its generation becomes 8; an event that still
	// carries tok is then recognised as stale and dropped.
	slotGen := uint32(8)
	fmt.Println("stale:", tok.Gen() != slotGen)
	// Output:
	// 42 7
	// stale: true
}
