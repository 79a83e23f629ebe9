package futures_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

func awaitGroup[T any](t *testing.T, f futures.Future[T]) (T, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return f.Await(ctx)
}

// TestGroupWait: promises completed from other goroutines, in any order,
// give every result in the order the members were added.
func TestGroupWait(t *testing.T) {
	g := futures.NewGroup[int](context.Background())
	ps := make([]futures.Promise[int], 100)
	for i := range ps {
		ps[i] = g.Promise()
	}
	boom := errors.New("boom")
	var wg sync.WaitGroup
	for i := len(ps) - 1; i >= 0; i-- {
		wg.Go(func() {
			if i == 7 {
				_ = ps[i].Reject(boom)
				return
			}
			_ = ps[i].Resolve(i * i)
		})
	}
	rs, err := awaitGroup(t, g.Wait())
	require.NoError(t, err)
	require.Len(t, rs, 100)
	for i, r := range rs {
		if i == 7 {
			require.ErrorIs(t, r.Err, boom)
			continue
		}
		require.NoError(t, r.Err)
		require.Equal(t, i*i, r.Value)
	}
	wg.Wait()
	members, pending := g.Len()
	require.Equal(t, 100, members)
	require.Zero(t, pending)
	require.Error(t, g.Context().Err(), "the group's context ends with it")
	require.PanicsWithValue(t, futures.ErrGroupClosed, func() { g.Promise() })
}

// TestGroupAllFailsFast: the first failure fails All and cancels the rest:
// the group's promises still pending are rejected, its context is done.
func TestGroupAllFailsFast(t *testing.T) {
	g := futures.NewGroup[string](context.Background())
	a, b, c := g.Promise(), g.Promise(), g.Promise()
	all := g.All()
	require.NoError(t, a.Resolve("a"))
	boom := errors.New("boom")
	require.NoError(t, b.Reject(boom))
	_, err := awaitGroup(t, all)
	require.ErrorIs(t, err, boom)
	require.True(t, c.Completed(), "the rest are cancelled")
	require.ErrorIs(t, c.Resolve("late"), futures.ErrAlreadyCompleted)
	require.ErrorIs(t, g.Context().Err(), context.Canceled)

	// All over members that all succeed, and over none.
	ok := futures.NewGroup[int](context.Background())
	for i := range 3 {
		ok.Add(futures.Resolved(i))
	}
	vs, err := awaitGroup(t, ok.All())
	require.NoError(t, err)
	require.Equal(t, []int{0, 1, 2}, vs)
	empty, err := awaitGroup(t, futures.NewGroup[int](context.Background()).Wait())
	require.NoError(t, err)
	require.Empty(t, empty)
}

// TestGroupAddAndCancel: futures made elsewhere are members too; Cancel
// stops waiting for them, and members added after Cancel fail at once.
func TestGroupAddAndCancel(t *testing.T) {
	g := futures.NewGroup[int](context.Background())
	p, f := futures.NewPromise[int]()
	g.Add(f)
	g.Add(futures.Resolved(5))
	g.Add(futures.Future[int]{}) // the zero Future: broken
	own := g.Promise()
	g.Cancel()
	late := g.Promise()
	rs, err := awaitGroup(t, g.Wait())
	require.NoError(t, err)
	require.ErrorIs(t, rs[0].Err, context.Canceled)
	require.Equal(t, 5, rs[1].Value)
	require.ErrorIs(t, rs[2].Err, futures.ErrBrokenPromise)
	require.ErrorIs(t, rs[3].Err, context.Canceled)
	require.ErrorIs(t, rs[4].Err, context.Canceled)
	require.True(t, own.Completed())
	require.True(t, late.Completed())
	require.NoError(t, p.Resolve(1), "an added future is not the group's to cancel")
}

// TestGroupGo: tasks run with the group's context; a panic fails its
// member; Cancel reaches running tasks.
func TestGroupGo(t *testing.T) {
	exec := &goExecutor{}
	defer exec.close()
	g := futures.NewGroup[int](context.Background())
	started := make(chan struct{})
	g.Go(exec, func(ctx context.Context) (int, error) { return 1, nil })
	g.Go(exec, func(ctx context.Context) (int, error) { panic("task") })
	require.Eventually(t, func() bool { _, pending := g.Len(); return pending == 0 }, 10*time.Second, time.Millisecond)
	g.Go(exec, func(ctx context.Context) (int, error) {
		close(started)
		<-ctx.Done()
		return 0, ctx.Err()
	})
	<-started
	g.Cancel()
	rs, err := awaitGroup(t, g.Wait())
	require.NoError(t, err)
	require.Equal(t, 1, rs[0].Value)
	var pe *futures.PanicError
	require.ErrorAs(t, rs[1].Err, &pe)
	require.ErrorIs(t, rs[2].Err, context.Canceled)

	refused := futures.NewGroup[int](context.Background())
	refused.Go(&goExecutor{reject: errors.New("full")}, func(context.Context) (int, error) { return 0, nil })
	rs, err = awaitGroup(t, refused.Wait())
	require.NoError(t, err)
	require.ErrorContains(t, rs[0].Err, "full")
}

// answerer is a Sender that answers each request on a goroutine.
type answerer struct{ wg sync.WaitGroup }

type question struct {
	n     int
	reply futures.Promise[int]
}

func (a *answerer) Send(q question) error {
	a.wg.Go(func() { _ = q.reply.Resolve(q.n + 1) })
	return nil
}

// TestAskInAndPipeEach: asks whose replies settle members, and results as
// messages as they settle, those settled before PipeEach first.
func TestAskInAndPipeEach(t *testing.T) {
	a := &answerer{}
	defer a.wg.Wait()
	g := futures.NewGroup[int](context.Background())
	first := g.Promise()
	require.NoError(t, first.Resolve(100))
	got := make(chan string, 16)
	futures.PipeEach(g, senderFunc[string](func(s string) error { got <- s; return nil }),
		func(i int, r futures.Result[int]) string { return string(rune('a'+i)) + ":" + strconv.Itoa(r.Value) })
	require.Equal(t, "a:100", <-got, "the member settled before PipeEach")
	for i := range 5 {
		futures.AskIn(g, a, func(p futures.Promise[int]) question { return question{i, p} }, time.Minute)
	}
	seen := map[string]bool{}
	for range 5 {
		seen[<-got] = true
	}
	require.Equal(t, map[string]bool{"b:1": true, "c:2": true, "d:3": true, "e:4": true, "f:5": true}, seen)
	vs, err := awaitGroup(t, g.All())
	require.NoError(t, err)
	require.Equal(t, []int{100, 1, 2, 3, 4, 5}, vs)
}

// TestGroupAllocations: a thousand members cost a few allocations, not
// one each.
func TestGroupAllocations(t *testing.T) {
	allocs := testing.AllocsPerRun(10, func() {
		g := futures.NewGroup[int](context.Background())
		for i := range 1000 {
			_ = g.Promise().Resolve(i)
		}
		if _, err := g.All().Await(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	require.Less(t, allocs, 60.0, "per group, not per member")
}

type senderFunc[M any] func(M) error

func (f senderFunc[M]) Send(m M) error { return f(m) }

// TestPipeEachPanics: a wrap or Send that panics harms neither the one
// completing a member nor the group.
func TestPipeEachPanics(t *testing.T) {
	g := futures.NewGroup[int](context.Background())
	futures.PipeEach(g, senderFunc[int](func(int) error { panic("hostile sender") }),
		func(i int, r futures.Result[int]) int { return r.Value })
	p := g.Promise()
	require.NotPanics(t, func() { _ = p.Resolve(1) })
	vs, err := awaitGroup(t, g.All())
	require.NoError(t, err)
	require.Equal(t, []int{1}, vs)
}
