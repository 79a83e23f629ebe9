package queue_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/queue"
)

// TestMPSCLen: Len counts pushes at once and pops once published, across
// segments.
func TestMPSCLen(t *testing.T) {
	var q queue.MPSC[int]
	require.Zero(t, q.Len())
	const n = 3*queue.SegmentSize + 5
	for i := range n {
		q.Push(i)
	}
	require.Equal(t, n, q.Len())
	tests := []struct {
		name string
		give int // pops, then Publish
		want int
	}{
		{"within the first segment", 1, n - 1},
		{"past the first segments", queue.SegmentSize, n - 1 - queue.SegmentSize},
		{"the rest", n - 1 - queue.SegmentSize, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := q.Len()
			for range tt.give {
				_, ok := q.Pop()
				require.True(t, ok)
			}
			require.GreaterOrEqual(t, q.Len(), tt.want, "pops not yet published")
			require.LessOrEqual(t, q.Len(), before)
			q.Publish()
			require.Equal(t, tt.want, q.Len())
		})
	}
	q.Push(1)
	require.Equal(t, 1, q.Len())
}
