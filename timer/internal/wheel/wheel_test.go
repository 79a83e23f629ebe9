package wheel

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// id is a Target that names an entry in these tests.
type id int

func (id) Fire() {}

func TestLevelFor(t *testing.T) {
	tests := []struct {
		name       string
		base, when uint64
		want       int
	}{
		{name: "next tick", base: 0, when: 1, want: 0},
		{name: "end of level 0", base: 0, when: 63, want: 0},
		{name: "next level-1 slot", base: 63, when: 64, want: 1},
		{name: "same level-1 slot", base: 64, when: 127, want: 0},
		{name: "level 2", base: 0, when: 64 * 64, want: 2},
		{name: "level 5", base: 0, when: span - 1, want: 5},
		{name: "beyond the span stays on level 5", base: 0, when: span << 4, want: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, levelFor(tt.base, tt.when))
		})
	}
}

func TestInsertReturnsSlotStart(t *testing.T) {
	tests := []struct {
		name    string
		elapsed uint64
		when    uint64
		want    uint64
	}{
		{name: "level 0 wakes at its tick", elapsed: 0, when: 5, want: 5},
		{name: "level 1 wakes at the slot start", elapsed: 0, when: 64 + 5, want: 64},
		{name: "level 2 wakes at the slot start", elapsed: 0, when: 3*4096 + 70, want: 3 * 4096},
		{name: "a passed tick becomes the next one", elapsed: 100, when: 50, want: 101},
		{name: "beyond the span wakes a rotation later", elapsed: 0, when: span + 5, want: span},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Wheel{elapsed: tt.elapsed}
			require.Equal(t, tt.want, w.Insert(&Entry{}, tt.when))
			next, ok := w.Next()
			require.True(t, ok)
			require.Equal(t, tt.want, next)
		})
	}
}

// TestMillionExact drives a wheel the way a punctual driver would, polling
// at each tick Next names, over 1M entries spread across every level and
// beyond the span; even entries are removed. Every odd entry must come out
// exactly at its tick, and no even one at all.
func TestMillionExact(t *testing.T) {
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	entries := make([]Entry, n)
	want := make([]uint64, n)
	var w Wheel
	for i := range entries {
		want[i] = 1 + rng.Uint64N(1<<rng.IntN(40)) // exponents 0..39: all levels, and up to 16 spans out
		entries[i].target = id(i)
		w.Insert(&entries[i], want[i])
	}
	for i := 0; i < n; i += 2 {
		require.True(t, w.Remove(&entries[i]))
		require.False(t, w.Remove(&entries[i]), "a second Remove must report false")
	}
	require.Equal(t, n/2, w.Len())

	fired := make([]bool, n)
	batch := make([]*Entry, 0, batchSize)
	for {
		now, ok := w.Next()
		if !ok {
			break
		}
		batch = w.Poll(now, batch[:0], batchSize)
		for _, e := range batch {
			i := int(e.target.(id))
			if want[i] != now || fired[i] {
				t.Fatalf("entry %d (tick %d) fired at tick %d, fired before: %v", i, want[i], now, fired[i])
			}
			fired[i] = true
		}
	}
	for i := range fired {
		if fired[i] != (i%2 == 1) {
			t.Fatalf("entry %d: fired %v", i, fired[i])
		}
	}
	require.Zero(t, w.Len())
}

// TestLateDriver polls at random, coarse steps, as a stalled driver would:
// each entry must come out at the first poll at or after its tick.
func TestLateDriver(t *testing.T) {
	const n = 100_000
	rng := rand.New(rand.NewPCG(3, 4))
	entries := make([]Entry, n)
	want := make([]uint64, n)
	var w Wheel
	for i := range entries {
		want[i] = 1 + rng.Uint64N(1<<rng.IntN(38))
		entries[i].target = id(i)
		w.Insert(&entries[i], want[i])
	}
	fired := 0
	batch := make([]*Entry, 0, 64)
	for prev, now := uint64(0), uint64(0); w.Len() > 0; prev = now {
		now += 1 + rng.Uint64N(1<<rng.IntN(36))
		for {
			batch = w.Poll(now, batch[:0], cap(batch))
			for _, e := range batch {
				if i := int(e.target.(id)); want[i] > now || want[i] <= prev {
					t.Fatalf("entry %d (tick %d) fired at the poll of tick %d, after one at %d", i, want[i], now, prev)
				}
				fired++
			}
			if len(batch) < cap(batch) {
				break
			}
		}
	}
	require.Equal(t, n, fired)
}

// TestFarEntryInCurrentTopSlot checks that an entry a rotation away, which
// sits in the top-level slot elapsed is in, does not hide a nearer slot.
func TestFarEntryInCurrentTopSlot(t *testing.T) {
	var w Wheel
	far, near := &Entry{target: id(0)}, &Entry{target: id(1)}
	w.Insert(far, span+3)
	w.Insert(near, 2<<30)
	next, ok := w.Next()
	require.True(t, ok)
	require.Equal(t, uint64(2<<30), next)
	require.Equal(t, []*Entry{near}, w.Poll(2<<30, nil, batchSize))
	require.Equal(t, []*Entry{far}, w.Poll(span+3, nil, batchSize))
}

func TestRemove(t *testing.T) {
	tests := []struct {
		name    string
		when    uint64
		advance uint64 // poll at this tick before removing
		want    bool
	}{
		{name: "pending on level 0", when: 10, advance: 5, want: true},
		{name: "pending after a cascade", when: 64*64 + 100, advance: 64 * 64, want: true},
		{name: "fired", when: 10, advance: 10, want: false},
		{name: "beyond the span after a rotation", when: 2*span + 7, advance: span + 3, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w Wheel
			e := &Entry{}
			w.Insert(e, tt.when)
			w.Poll(tt.advance, nil, batchSize)
			require.Equal(t, tt.want, w.Remove(e))
			require.Zero(t, w.Len())
			_, ok := w.Next()
			require.False(t, ok, "the wheel must be empty, bitmaps included")
			for _, l := range w.levels {
				require.Zero(t, l.occupied)
			}
		})
	}
}

// TestRemoveDue removes entries that have expired but that a full batch
// left in the due list.
func TestRemoveDue(t *testing.T) {
	var w Wheel
	entries := make([]Entry, 10)
	for i := range entries {
		entries[i].target = id(i)
		w.Insert(&entries[i], 7)
	}
	batch := w.Poll(7, nil, 3)
	require.Len(t, batch, 3)
	next, ok := w.Next()
	require.True(t, ok)
	require.Equal(t, uint64(7), next, "a wheel with due entries must ask to be polled now")

	removed := 0
	for i := range entries {
		if entries[i].when != 0 && removed < 2 {
			require.True(t, w.Remove(&entries[i]))
			removed++
		}
	}
	batch = w.Poll(7, batch[:0], batchSize)
	require.Len(t, batch, 5)
	require.Zero(t, w.Len())
}
