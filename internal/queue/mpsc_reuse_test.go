package queue_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/queue"
)

// warm moves n elements through q one at a time, past the growing
// segments, so that q settles into reusing its SegmentSize segments.
func warm(t *testing.T, q *queue.MPSC[int], n int) {
	t.Helper()
	for i := range n {
		q.Push(i)
		v, ok := q.Pop()
		require.True(t, ok)
		require.Equal(t, i, v)
	}
}

// TestMPSCStalePush stops a push after it has loaded the tail, lets the
// queue move on, then lets the push claim in the segment it loaded. The
// claim must fail while that segment is full or recycled, and when the
// very segment is the tail again in a later life, it must take a slot of
// that life, after every element pushed before it; in no case may an
// element be lost, duplicated or reordered.
func TestMPSCStalePush(t *testing.T) {
	tests := []struct {
		name     string
		give     int  // pushes between loading the tail and claiming
		pop      bool // each push followed by a pop
		sameTail bool // the segment loaded is the tail again when claiming
		want     bool
	}{
		{"nothing in between", 0, true, true, true},
		{"one push in between", 1, true, true, true},
		{"segment full", queue.SegmentSize, false, false, false},
		{"segment recycled", queue.SegmentSize, true, false, false},
		{"segment reused", 2 * queue.SegmentSize, true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q queue.MPSC[int]
			warm(t, &q, 10*queue.SegmentSize+5)
			half := queue.StartPush(&q)
			var want []int // what the consumer must still find
			for i := range tt.give {
				q.Push(i)
				if !tt.pop {
					want = append(want, i)
					continue
				}
				v, ok := q.Pop()
				require.True(t, ok)
				require.Equal(t, i, v)
			}
			require.Equal(t, tt.sameTail, half.Same(), "precondition: which segment is the tail")
			require.Equal(t, tt.want, half.Claim())
			if tt.want {
				half.Write(-1)
				want = append(want, -1)
			}
			for _, w := range want {
				v, ok := q.Pop()
				require.True(t, ok)
				require.Equal(t, w, v)
			}
			require.True(t, q.Empty())
			_, ok := q.Pop()
			require.False(t, ok)
			// The segment that saw the failed claim still serves, as the
			// tail or as a spare.
			warm(t, &q, 3*queue.SegmentSize)
			require.True(t, q.Empty())
			q.Publish()
			require.Zero(t, q.Len())
		})
	}
}

// TestMPSCClaimedNotWritten checks the two-step visibility of the package
// documentation: a claimed but unwritten slot makes Empty false, Pending
// true and Len count it, while Pop reports false until it is written. It
// does so at a segment's last slot too, whose push installs the next
// segment before writing, and at the middle one, whose push links a spare.
func TestMPSCClaimedNotWritten(t *testing.T) {
	// Elements before the first full-size segment, and then eight of those.
	const before = 2 + 4 + 8 + 16 + 32 + 8*queue.SegmentSize
	tests := []struct {
		name string
		give int // elements through the queue before the claimed one, > 0
	}{
		{"last slot of the first segment", 1},
		{"first slot of the second segment", 2},
		{"first slot of a full-size segment", before},
		{"middle slot of a full-size segment", before + queue.SegmentSize/2},
		{"last slot of a full-size segment", before + queue.SegmentSize - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q queue.MPSC[int]
			q.Push(-1) // start the queue, so that it has a tail
			q.Pop()
			warm(t, &q, tt.give-1)
			q.Publish()
			mark := q.Mark()
			require.False(t, mark.Pending(&q))
			require.True(t, q.Empty())

			half := queue.StartPush(&q)
			require.True(t, half.Claim())
			require.False(t, q.Empty())
			require.True(t, mark.Pending(&q))
			require.Equal(t, 1, q.Len())
			_, ok := q.Pop()
			require.False(t, ok)

			// A push after the claimed slot; if that is a segment's last
			// slot, the push waits for the claimer to install the next
			// segment.
			var wg sync.WaitGroup
			wg.Go(func() { q.Push(7) })
			runtime.Gosched()
			half.Write(6)
			wg.Wait()
			for _, want := range []int{6, 7} {
				v, ok := q.Pop()
				require.True(t, ok)
				require.Equal(t, want, v)
			}
			require.True(t, q.Empty())
		})
	}
}

// TestMPSCPendingAcrossReuse: a Cursor keeps answering for its position
// while the segment it was taken in is recycled and reused.
func TestMPSCPendingAcrossReuse(t *testing.T) {
	for _, n := range []int{0, 1, 2, 61, 62, 63, 125, 126, 127, 500} {
		var q queue.MPSC[int]
		warm(t, &q, n)
		mark := q.Mark()
		require.False(t, mark.Pending(&q), "after %d", n)
		require.True(t, q.Empty())
		q.Push(0)
		require.True(t, mark.Pending(&q), "after %d", n)
		// Another consumer turn moves far on and reuses every segment.
		_, ok := q.Pop()
		require.True(t, ok)
		warm(t, &q, 5*queue.SegmentSize)
		require.True(t, mark.Pending(&q), "after %d and reuse", n)
		require.False(t, q.Mark().Pending(&q))
		q.Publish()
		require.Zero(t, q.Len())
	}
}

// TestMPSCSpares: a busy queue keeps up to 16 spare segments, an idle one
// (after Mark) one, and one that saw a single message none; and the queue
// itself stays two words, as MPSC's documentation says.
func TestMPSCSpares(t *testing.T) {
	var q queue.MPSC[int]
	require.Equal(t, 2*unsafe.Sizeof(uintptr(0)), unsafe.Sizeof(q))
	require.Equal(t, 16, queue.MaxSpares)
	q.Push(1)
	_, ok := q.Pop()
	require.True(t, ok)
	q.Mark()
	require.Zero(t, queue.Spares(&q), "a queue that saw one message keeps its first segment only")

	const n = 40 * queue.SegmentSize
	for i := range n {
		q.Push(i)
	}
	for i := range n {
		v, ok := q.Pop()
		require.True(t, ok)
		require.Equal(t, i, v)
	}
	require.Equal(t, queue.MaxSpares, queue.Spares(&q))
	require.False(t, q.Mark().Pending(&q))
	require.Equal(t, 1, queue.Spares(&q))
	warm(t, &q, 3*queue.SegmentSize) // still works after the trim
}

// TestMPSCSteadyStateAllocs: once warmed up, moving elements through the
// queue allocates nothing, whether the consumer keeps up or lets a backlog
// of a thousand build.
func TestMPSCSteadyStateAllocs(t *testing.T) {
	x := 1
	t.Run("int64", func(t *testing.T) { steadyAllocs(t, func(i int) int64 { return int64(i) }) })
	t.Run("[4]int64", func(t *testing.T) { steadyAllocs(t, func(i int) [4]int64 { return [4]int64{int64(i)} }) })
	t.Run("any", func(t *testing.T) { steadyAllocs(t, func(int) any { return &x }) })
}

func steadyAllocs[T comparable](t *testing.T, val func(int) T) {
	tests := []struct {
		name  string
		batch int // pushes before the pops
	}{
		{"one at a time", 1},
		{"backlog of 100", 100},
		{"backlog of 1000", 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q queue.MPSC[T]
			run := func() {
				for range 1000 / tt.batch {
					for i := range tt.batch {
						q.Push(val(i))
					}
					for i := range tt.batch {
						if v, ok := q.Pop(); !ok || v != val(i) {
							t.Fatalf("pop %d: %v, %v", i, v, ok)
						}
					}
				}
			}
			for range 3 {
				run() // past the growing segments, spares in place
			}
			require.Zero(t, testing.AllocsPerRun(50, run))
		})
	}
}

type stamp struct{ producer, seq int }

// consume pops n stamps from q, checking that each producer's arrive once
// each and in order, and counts the consumer's arrivals in a segment it
// has been in before. every, if not nil, runs every 97 pops. It fails if
// the stamps stop coming for a while, as they would if one were lost.
func consume(t *testing.T, q *queue.MPSC[stamp], producers, n int, every func()) (reused int) {
	t.Helper()
	next := make([]int, producers)
	seen := map[unsafe.Pointer]bool{}
	var seg unsafe.Pointer
	last := time.Now()
	for got := 0; got < n; {
		v, ok := q.Pop()
		if !ok {
			if time.Since(last) > 20*time.Second {
				t.Fatalf("%d of %d stamps arrived, then none for 20s", got, n)
			}
			runtime.Gosched()
			continue
		}
		last = time.Now()
		if v.seq != next[v.producer] {
			t.Fatalf("producer %d: got %d, want %d", v.producer, v.seq, next[v.producer])
		}
		next[v.producer]++
		got++
		if s := queue.Segment(q); s != seg {
			if seen[s] {
				reused++
			}
			seen[s], seg = true, s
		}
		if every != nil && got%97 == 0 {
			every()
		}
	}
	return reused
}

// TestMPSCStress: many producers, one consumer; every element arrives
// exactly once and in its producer's order.
func TestMPSCStress(t *testing.T) {
	const producers, per = 8, 200_000
	var q queue.MPSC[stamp]
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range per {
				q.Push(stamp{p, i})
			}
		})
	}
	reused := consume(t, &q, producers, producers*per, nil)
	wg.Wait()
	t.Logf("consumer entered a reused segment %d times", reused)
	require.True(t, q.Empty())
	q.Publish()
	require.Zero(t, q.Len())
}

// TestMPSCStaleProducers runs many more producers than cores. Half of
// them push as Push does but yield between loading the tail and claiming
// in it, so that their pointer is often stale by then: the segment is
// full, recycled, or open again in a later life. The others yield often
// too. Meanwhile the consumer takes marks, which drop spares while
// producers install segments, and reads Len. Segments are reused thousands
// of times; nothing may be lost, duplicated or reordered.
func TestMPSCStaleProducers(t *testing.T) {
	const producers, per = 64, 12_000
	var (
		q     queue.MPSC[stamp]
		wg    sync.WaitGroup
		stale atomic.Int64 // claims through a segment no longer the tail
	)
	q.Push(stamp{producers, 0}) // start the queue, for StartPush
	slowPush := func(v stamp) {
		for {
			half := queue.StartPush(&q)
			runtime.Gosched()
			if !half.Same() {
				stale.Add(1)
			}
			if half.Claim() {
				half.Write(v)
				return
			}
		}
	}
	for p := range producers {
		push := q.Push
		if p%2 == 1 {
			push = slowPush
		}
		wg.Go(func() {
			for i := range per {
				push(stamp{p, i})
				if i%8 == p%8 {
					runtime.Gosched()
				}
				// Keep the backlog short, so that the queue reuses its
				// segments rather than growing.
				for q.Len() > 8*queue.SegmentSize {
					runtime.Gosched()
				}
			}
		})
	}
	calls, marks := 0, 0
	reused := consume(t, &q, producers+1, producers*per+1, func() {
		q.Publish()
		require.GreaterOrEqual(t, q.Len(), 0)
		if calls++; calls%8 != 0 && !q.Empty() {
			return
		}
		mark := q.Mark()
		marks++
		if !q.Empty() {
			require.True(t, mark.Pending(&q))
		}
	})
	wg.Wait()
	t.Logf("consumer entered a reused segment %d times, took %d marks; %d claims through a stale pointer",
		reused, marks, stale.Load())
	require.Greater(t, reused, producers*per/queue.SegmentSize/2, "most segments are reused")
	require.Greater(t, stale.Load(), int64(100), "stale pointers were exercised")
	require.True(t, q.Empty())
	require.False(t, q.Mark().Pending(&q))
}
