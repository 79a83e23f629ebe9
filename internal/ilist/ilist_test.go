package ilist_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/ilist"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type item struct {
	n     int
	links ilist.Links[item]
}

func (i *item) Links() *ilist.Links[item] { return &i.links }

type list = ilist.List[item, *item]

func values(l *list) []int {
	var out []int
	for x := range l.All() {
		out = append(out, x.n)
	}
	return out
}

func TestList(t *testing.T) {
	var l list
	require.True(t, l.Empty())
	items := make([]*item, 5)
	for i := range items {
		items[i] = &item{n: i}
		l.Push(items[i])
	}
	require.Equal(t, []int{4, 3, 2, 1, 0}, values(&l))

	// Remove from the middle, the front and the back; twice does nothing.
	for _, n := range []int{2, 4, 0} {
		require.True(t, l.Remove(items[n]))
		require.False(t, l.Remove(items[n]), "already removed")
	}
	require.Equal(t, []int{3, 1}, values(&l))

	taken := l.Take()
	require.True(t, l.Empty())
	require.Equal(t, []int{3, 1}, values(&taken))
	var popped []int
	for x := taken.Pop(); x != nil; x = taken.Pop() {
		popped = append(popped, x.n)
		require.False(t, taken.Remove(x), "a popped element is in no list")
	}
	require.Equal(t, []int{3, 1}, popped)

	// Elements can go back in, and the loop can stop early.
	l.Push(items[3])
	l.Push(items[0])
	var first []int
	for x := range l.All() {
		first = append(first, x.n)
		break
	}
	require.Equal(t, []int{0}, first)
	require.True(t, slices.Equal([]int{0, 3}, values(&l)))
}

func BenchmarkPushRemove(b *testing.B) {
	var l list
	items := make([]item, 64)
	for i := range items {
		l.Push(&items[i])
	}
	x := &item{}
	for b.Loop() {
		l.Push(x)
		l.Remove(x)
	}
}
