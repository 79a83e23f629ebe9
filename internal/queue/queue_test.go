package queue_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/queue"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fifo is what the three queues have in common for these tests.
type fifo interface {
	push(v int) bool
	pop() (int, bool)
	empty() bool
}

type mpsc struct{ q queue.MPSC[int] }

func (f *mpsc) push(v int) bool  { f.q.Push(v); return true }
func (f *mpsc) pop() (int, bool) { return f.q.Pop() }
func (f *mpsc) empty() bool      { return f.q.Empty() }

type bounded struct{ q *queue.Bounded[int] }

func (f bounded) push(v int) bool  { return f.q.TryPush(v) }
func (f bounded) pop() (int, bool) { return f.q.Pop() }
func (f bounded) empty() bool      { return f.q.Empty() }

type stack struct {
	q     queue.Stack[int]
	batch queue.Batch[int]
}

func (f *stack) push(v int) bool { f.q.Push(v); return true }
func (f *stack) pop() (int, bool) {
	if v, ok := f.batch.Next(); ok {
		return v, true
	}
	f.batch = f.q.Take()
	return f.batch.Next()
}
func (f *stack) empty() bool {
	b := f.batch
	_, taken := b.Next()
	return !taken && f.q.Empty()
}

func queues() []struct {
	name string
	make func() fifo
} {
	return []struct {
		name string
		make func() fifo
	}{
		{"MPSC", func() fifo { return &mpsc{} }},
		{"Bounded", func() fifo { return bounded{queue.NewBounded[int](1 << 20)} }},
		{"Stack", func() fifo { return &stack{} }},
	}
}

func TestSequentialFIFO(t *testing.T) {
	for _, tt := range queues() {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.make()
			require.True(t, q.empty())
			_, ok := q.pop()
			require.False(t, ok)
			// Cross several segment boundaries, interleaving pops.
			next := 0
			for i := range 5 * queue.SegmentSize {
				require.True(t, q.push(i))
				require.False(t, q.empty())
				if i%3 == 0 {
					v, ok := q.pop()
					require.True(t, ok)
					require.Equal(t, next, v)
					next++
				}
			}
			for ; next < 5*queue.SegmentSize; next++ {
				v, ok := q.pop()
				require.True(t, ok)
				require.Equal(t, next, v)
			}
			require.True(t, q.empty())
			_, ok = q.pop()
			require.False(t, ok)
		})
	}
}

// TestConcurrentProducers checks that nothing is lost or duplicated and
// that each producer's elements come out in the order it pushed them.
func TestConcurrentProducers(t *testing.T) {
	const producers, perProducer = 4, 20000
	for _, tt := range queues() {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.make()
			var wg sync.WaitGroup
			for p := range producers {
				wg.Go(func() {
					for i := range perProducer {
						require.True(t, q.push(p*perProducer+i))
					}
				})
			}
			last := make([]int, producers)
			for i := range last {
				last[i] = -1
			}
			for got := 0; got < producers*perProducer; {
				v, ok := q.pop()
				if !ok {
					continue
				}
				p, i := v/perProducer, v%perProducer
				require.Greater(t, i, last[p], "producer %d out of order", p)
				last[p] = i
				got++
			}
			wg.Wait()
			require.True(t, q.empty())
		})
	}
}

func TestBoundedFullAndDropOldest(t *testing.T) {
	q := queue.NewBounded[int](3)
	require.Equal(t, 3, q.Cap())
	for i := range 3 {
		require.True(t, q.TryPush(i))
	}
	require.False(t, q.TryPush(3), "a full queue must refuse")
	require.Equal(t, 3, q.Len())

	// A producer makes room by removing the oldest element, as the
	// DropOldest overflow policy does.
	oldest, ok := q.Pop()
	require.True(t, ok)
	require.Equal(t, 0, oldest)
	require.True(t, q.TryPush(3))
	for want := 1; want <= 3; want++ {
		v, ok := q.Pop()
		require.True(t, ok)
		require.Equal(t, want, v)
	}
	require.True(t, q.Empty())
}

func TestBoundedRejectsZeroCapacity(t *testing.T) {
	require.Panics(t, func() { queue.NewBounded[int](0) })
}

// TestBoundedConcurrentConsumers races pops from several goroutines, as a
// mailbox consumer and DropOldest producers do, and checks that every
// element is taken exactly once.
func TestBoundedConcurrentConsumers(t *testing.T) {
	const n = 50000
	q := queue.NewBounded[int](64)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		seen  = make([]bool, n)
		taken int
	)
	take := func() {
		for {
			mu.Lock()
			done := taken == n
			mu.Unlock()
			if done {
				return
			}
			if v, ok := q.Pop(); ok {
				mu.Lock()
				require.False(t, seen[v], "element %d taken twice", v)
				seen[v] = true
				taken++
				mu.Unlock()
			}
		}
	}
	for range 3 {
		wg.Go(take)
	}
	for i := 0; i < n; {
		if q.TryPush(i) {
			i++
		}
	}
	wg.Wait()
	require.Equal(t, n, taken)
}

func TestMPSCReleasesPoppedValues(t *testing.T) {
	var q queue.MPSC[*int]
	v := new(int)
	q.Push(v)
	got, ok := q.Pop()
	require.True(t, ok)
	require.Same(t, v, got)
	require.True(t, q.Empty())
}

// TestProducerRunsAhead pushes several segments' worth before the consumer
// looks at the queue for the first time.
func TestProducerRunsAhead(t *testing.T) {
	for _, tt := range queues() {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.make()
			const n = 3*queue.SegmentSize + 5
			for i := range n {
				require.True(t, q.push(i))
			}
			for i := range n {
				v, ok := q.pop()
				require.True(t, ok)
				require.Equal(t, i, v)
			}
			require.True(t, q.empty())
		})
	}
}

func TestBoundedCapacityOne(t *testing.T) {
	q := queue.NewBounded[int](1)
	for i := range 5 {
		require.True(t, q.TryPush(i))
		require.False(t, q.TryPush(-1), "capacity 1 holds one element")
		v, ok := q.Pop()
		require.True(t, ok)
		require.Equal(t, i, v)
		_, ok = q.Pop()
		require.False(t, ok)
	}
}

// TestMPSCSegmentsGrow pushes enough to use every segment size and checks
// the allocation count: one per segment.
func TestMPSCSegmentsGrow(t *testing.T) {
	// Short of half filling the seventh segment, whose middle slot would
	// link an eighth ahead of need.
	const n = 2 + 4 + 8 + 16 + 32 + 64 + queue.SegmentSize/2
	allocs := testing.AllocsPerRun(10, func() {
		var q queue.MPSC[int]
		for i := range n {
			q.Push(i)
		}
		for i := range n {
			v, ok := q.Pop()
			if !ok || v != i {
				t.Fatalf("pop %d: got %d, %v", i, v, ok)
			}
		}
	})
	require.LessOrEqual(t, allocs, 8.0, "one allocation per segment (7), plus the queue itself")
}
