package futures_test

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
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

// TestGroupSizes: groups of every size around the edges of the group's
// storage keep every result in order, whether a member settles before the
// group is closed or after.
func TestGroupSizes(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 55, 56, 57, 63, 64, 65, 119, 120, 121, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			all, wait := futures.NewGroup[int](context.Background()), futures.NewGroup[int](context.Background())
			ps, qs := make([]futures.Promise[int], n), make([]futures.Promise[int], n)
			for i := range n {
				ps[i], qs[i] = all.Promise(), wait.Promise()
			}
			settle := func(early bool) {
				for i := range n {
					if (i%3 == 0) != early {
						continue
					}
					require.NoError(t, ps[i].Resolve(i*i))
					if i%5 == 4 {
						require.NoError(t, qs[i].Complete(i, errBoom))
					} else {
						require.NoError(t, qs[i].Resolve(i*i))
					}
				}
			}
			settle(true)
			vf, rf := all.All(), wait.Wait()
			settle(false)

			vs, err := awaitGroup(t, vf)
			require.NoError(t, err)
			rs, err := awaitGroup(t, rf)
			require.NoError(t, err)
			require.Len(t, vs, n)
			require.Len(t, rs, n)
			for i := range n {
				require.Equal(t, i*i, vs[i])
				if i%5 == 4 {
					require.Equal(t, futures.Result[int]{Value: i, Err: errBoom}, rs[i], "a partial value is kept")
				} else {
					require.Equal(t, futures.Result[int]{Value: i * i}, rs[i])
				}
			}
			members, pending := all.Len()
			require.Equal(t, n, members)
			require.Zero(t, pending)
		})
	}
}

// TestGroupAllThenWait: Wait after All, once the group has finished, has
// the results too; and the other way round.
func TestGroupAllThenWait(t *testing.T) {
	g := futures.NewGroup[int](context.Background())
	require.NoError(t, g.Promise().Resolve(1))
	require.NoError(t, g.Promise().Resolve(2))
	vs, err := awaitGroup(t, g.All())
	require.NoError(t, err)
	require.Equal(t, []int{1, 2}, vs)
	rs, err := awaitGroup(t, g.Wait())
	require.NoError(t, err)
	require.Equal(t, []futures.Result[int]{{Value: 1}, {Value: 2}}, rs)

	h := futures.NewGroup[int](context.Background())
	p := h.Promise()
	w := h.Wait()
	require.NoError(t, p.Resolve(3))
	_, err = awaitGroup(t, w)
	require.NoError(t, err)
	vs, err = awaitGroup(t, h.All())
	require.NoError(t, err)
	require.Equal(t, []int{3}, vs)
	again, err, ok := h.All().Result()
	require.True(t, ok)
	require.NoError(t, err)
	require.Equal(t, vs, again, "the same results")
}

// TestGroupAddRacesCancel: a future added as Cancel runs either settles
// its member with context.Canceled or is unlinked by it: the group never
// stays registered on a future it no longer waits for.
func TestGroupAddRacesCancel(t *testing.T) {
	for range 500 {
		g := futures.NewGroup[int](context.Background())
		p, f := futures.NewPromise[int]()
		var wg sync.WaitGroup
		wg.Go(func() { g.Add(f) })
		wg.Go(g.Cancel)
		wg.Wait()
		rs, err := awaitGroup(t, g.Wait())
		require.NoError(t, err)
		require.ErrorIs(t, rs[0].Err, context.Canceled)
		require.Zero(t, futures.Waiting(f))
		require.NoError(t, p.Resolve(1), "an added future is not the group's to cancel")
	}
	g := futures.NewGroup[int](context.Background())
	g.Cancel()
	_, f := futures.NewPromise[int]()
	g.Add(f)
	require.Zero(t, futures.Waiting(f), "added after Cancel: failed at once")
	rs, err := awaitGroup(t, g.Wait())
	require.NoError(t, err)
	require.ErrorIs(t, rs[0].Err, context.Canceled)
}

// TestGroupStorm: members added from two goroutines, completed by racing
// resolvers, some twice, while Cancel, PipeEach and a failing-fast All run
// at once. Every member settles exactly once, with the result of the one
// completion that won; PipeEach delivers each exactly once.
func TestGroupStorm(t *testing.T) {
	const members, rounds = 300, 40
	for round := range rounds {
		g := futures.NewGroup[int](context.Background())
		ps := make([]futures.Promise[int], members)
		var adders sync.WaitGroup
		for a := range 2 {
			adders.Go(func() {
				for i := a; i < members; i += 2 {
					ps[i] = g.Promise()
				}
			})
		}
		adders.Wait()

		type outcome struct {
			v   int
			err error
		}
		won := make([]atomic.Pointer[outcome], members)
		piped := make(chan int, members)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for r := range 3 {
			wg.Go(func() {
				<-start
				for i := r; i < members+r; i++ { // the resolvers overlap: some members twice
					k := i % members
					o := &outcome{v: k}
					if k%97 == 1 && round%2 == 0 {
						o = &outcome{err: errBoom}
					}
					if ps[k].Complete(o.v, o.err) == nil {
						require.True(t, won[k].CompareAndSwap(nil, o), "member %d won twice", k)
					}
				}
			})
		}
		wg.Go(func() {
			<-start
			futures.PipeEach(g, senderFunc[int](func(i int) error { piped <- i; return nil }),
				func(i int, _ futures.Result[int]) int { return i })
		})
		var all, again futures.Future[[]int]
		var results futures.Future[[]futures.Result[int]]
		wg.Go(func() { <-start; all = g.All() })
		wg.Go(func() { <-start; again = g.All() })
		wg.Go(func() { <-start; results = g.Wait() })
		if round%3 == 0 {
			wg.Go(func() { <-start; g.Cancel() })
		}
		close(start)
		wg.Wait()

		// Two adders: ps[k] is not member k, so check each promise's own
		// result, and that the group has the same ones.
		rs, err := awaitGroup(t, results)
		require.NoError(t, err)
		require.Equal(t, all, again, "All twice is one future")
		want := make([]futures.Result[int], members)
		for k, p := range ps {
			v, err, ok := p.Future().Result()
			require.True(t, ok)
			want[k] = futures.Result[int]{Value: v, Err: err}
			if o := won[k].Load(); o != nil {
				require.Equal(t, futures.Result[int]{Value: o.v, Err: o.err}, want[k], "promise %d", k)
			} else {
				require.ErrorIs(t, err, context.Canceled, "promise %d: no resolver won, so Cancel did", k)
			}
		}
		require.ElementsMatch(t, want, rs)
		close(piped)
		seen := make(map[int]bool, members)
		for i := range piped {
			require.False(t, seen[i], "member %d piped twice", i)
			seen[i] = true
		}
		require.Len(t, seen, members)
		vs, err := awaitGroup(t, all)
		if err == nil {
			slices.Sort(vs)
			for k, v := range vs {
				require.Equal(t, k, v)
			}
		} else {
			require.True(t, errors.Is(err, errBoom) || errors.Is(err, context.Canceled), "%v", err)
		}
		n, pending := g.Len()
		require.Equal(t, members, n)
		require.Zero(t, pending)
	}
}

// TestGroupMemory: a group's promise costs its member one byte and a
// share of its segment while pending, and its value once settled.
func TestGroupMemory(t *testing.T) {
	require.EqualValues(t, 1, futures.RefSize[int](), "ref.member takes a ref for one byte")
	require.EqualValues(t, 1, futures.RefSize[[3]string]())
	require.EqualValues(t, 40+8, futures.StateSize[int](), "the ref fits in the state's padding")

	const n = 64 * 1000
	g := futures.NewGroup[int](context.Background())
	ps := make([]futures.Promise[int], n)
	pendingBytes := heapPerItem(n, func(i int) { ps[i] = g.Promise() })
	settledBytes := heapPerItem(n, func(i int) { _ = ps[i].Resolve(i) })
	t.Logf("a group's member: %.1f B pending, %.1f B more settled", pendingBytes, settledBytes)
	require.LessOrEqual(t, pendingBytes, 4.0, "as Group's doc says")
	require.LessOrEqual(t, settledBytes, 8.5, "its value")
	runtime.KeepAlive(ps)
}
