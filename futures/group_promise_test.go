package futures_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/wire"
)

// promiseKinds makes a pending promise of each kind: a promise of its own,
// and one a Group made, whose result the group keeps. The group's is
// member 100, in the middle of a segment of pending members, so that
// finding its place is not trivially right. Every test here runs on both:
// a group's promise is a Promise like any other.
var promiseKinds = []struct {
	name string
	make func(t *testing.T) (futures.Promise[int], futures.Future[int])
}{
	{"NewPromise", func(t *testing.T) (futures.Promise[int], futures.Future[int]) {
		p, f := futures.NewPromise[int]()
		require.False(t, futures.GroupMember(f))
		return p, f
	}},
	{"Group", func(t *testing.T) (futures.Promise[int], futures.Future[int]) {
		g := futures.NewGroup[int](context.Background())
		for range 100 {
			g.Promise()
		}
		p := g.Promise()
		g.Promise()
		require.True(t, futures.GroupMember(p.Future()))
		return p, p.Future()
	}},
}

func forEachKind(t *testing.T, test func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int]))) {
	for _, kind := range promiseKinds {
		t.Run(kind.name, func(t *testing.T) {
			test(t, func() (futures.Promise[int], futures.Future[int]) { return kind.make(t) })
		})
	}
}

func TestPromiseKindsCompleteOnce(t *testing.T) {
	tests := []struct {
		name    string
		give    func(futures.Promise[int]) error
		wantV   int
		wantErr error
	}{
		{"resolve", func(p futures.Promise[int]) error { return p.Resolve(7) }, 7, nil},
		{"reject", func(p futures.Promise[int]) error { return p.Reject(errBoom) }, 0, errBoom},
		{"reject nil", func(p futures.Promise[int]) error { return p.Reject(nil) }, 0, futures.ErrNilRejection},
		{"complete keeps partial value", func(p futures.Promise[int]) error { return p.Complete(3, errBoom) }, 3, errBoom},
		{"reject as a Rejecter", func(p futures.Promise[int]) error {
			var r futures.Rejecter = p
			return r.Reject(futures.ErrBrokenPromise)
		}, 0, futures.ErrBrokenPromise},
	}
	forEachKind(t, func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int])) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, f := pending()
				require.Equal(t, f, p.Future())
				require.False(t, p.Completed())
				require.Equal(t, result[int]{}, peek(f))
				require.NoError(t, tt.give(p))
				require.True(t, p.Completed())
				require.ErrorIs(t, p.Resolve(99), futures.ErrAlreadyCompleted)
				require.ErrorIs(t, p.Reject(errors.New("late")), futures.ErrAlreadyCompleted)
				require.ErrorIs(t, p.Complete(99, nil), futures.ErrAlreadyCompleted)
				v, err := f.Await(context.Background())
				require.Equal(t, tt.wantV, v)
				if tt.wantErr == nil {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, tt.wantErr)
				}
				require.Equal(t, result[int]{v, err, true}, peek(f))
			})
		}
	})
}

// TestPromiseKindsConcurrentCompletion: racing completers have one
// winner, and every reader, waiting or registered, sees its result once.
func TestPromiseKindsConcurrentCompletion(t *testing.T) {
	const rounds, racers = 200, 4
	forEachKind(t, func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int])) {
		for range rounds {
			p, f := pending()
			var wins, heard atomic.Int32
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range racers {
				wg.Go(func() {
					<-start
					var err error
					if i%2 == 0 {
						err = p.Resolve(i)
					} else {
						err = p.Reject(errBoom)
					}
					if err == nil {
						wins.Add(1)
					}
				})
			}
			readers := make(chan result[int], 2*racers)
			for range racers {
				wg.Go(func() {
					<-start
					v, err := f.Await(context.Background())
					readers <- result[int]{v, err, true}
				})
				wg.Go(func() {
					<-start
					f.OnComplete(func(v int, err error) {
						heard.Add(1)
						readers <- result[int]{v, err, true}
					})
				})
			}
			close(start)
			wg.Wait()
			close(readers)
			require.EqualValues(t, 1, wins.Load())
			require.EqualValues(t, racers, heard.Load(), "each callback exactly once")
			want := peek(f)
			for got := range readers {
				require.Equal(t, want, got)
			}
			require.Zero(t, futures.Waiting(f), "nothing stays registered")
		}
	})
}

func TestPromiseKindsDone(t *testing.T) {
	forEachKind(t, func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int])) {
		p, f := pending()
		f.OnComplete(func(int, error) {})
		require.False(t, futures.HasDoneChan(f), "no channel until someone asks")
		ch := f.Done()
		require.True(t, futures.HasDoneChan(f))
		require.Equal(t, ch, f.Done(), "one channel per future")
		require.Equal(t, 2, futures.Waiting(f), "the callback and the channel")
		select {
		case <-ch:
			t.Fatal("closed before completion")
		default:
		}
		require.NoError(t, p.Resolve(1))
		<-ch
		<-f.Done()
		require.Zero(t, futures.Waiting(f))
	})
}

func TestPromiseKindsOnComplete(t *testing.T) {
	forEachKind(t, func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int])) {
		p, f := pending()
		var got []int
		for i := range 3 {
			f.OnComplete(func(v int, err error) { got = append(got, v*10+i) })
		}
		f.OnComplete(func(int, error) { f.OnComplete(func(v int, _ error) { got = append(got, v) }) })
		f.OnComplete(func(int, error) { panic("callback") })
		require.NotPanics(t, func() { require.NoError(t, p.Resolve(1)) })
		require.Equal(t, []int{10, 11, 12, 1}, got, "in order, before Resolve returns, a late one inline")
	})
}

func TestPromiseKindsCombinators(t *testing.T) {
	forEachKind(t, func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int])) {
		ctx := context.Background()
		p, f := pending()
		q, g := pending()
		doubled := futures.Map(f, func(v int) (int, error) { return 2 * v, nil })
		chained := futures.Then(f, func(int) futures.Future[int] { return g })
		all := futures.All(f, g)
		any := futures.Any(f, g)
		got := &mailbox{}
		futures.PipeTo(g, got, describe)
		require.Equal(t, 4, futures.Waiting(f), "Map, Then, All, Any")
		require.Equal(t, 3, futures.Waiting(g), "All, Any, PipeTo")

		require.NoError(t, p.Resolve(2))
		v, err := doubled.Await(ctx)
		require.NoError(t, err)
		require.Equal(t, 4, v)
		v, err = any.Await(ctx)
		require.NoError(t, err)
		require.Equal(t, 2, v)
		require.Zero(t, futures.Waiting(f))
		require.Equal(t, 3, futures.Waiting(g), "Any stopped listening once it had its answer; Then listens now")

		require.NoError(t, q.Resolve(3))
		v, err = chained.Await(ctx)
		require.NoError(t, err)
		require.Equal(t, 3, v)
		vs, err := all.Await(ctx)
		require.NoError(t, err)
		require.Equal(t, []int{2, 3}, vs)
		require.Equal(t, []string{"value: 3"}, got.got)
		require.Zero(t, futures.Waiting(g))
	})
}

func TestPromiseKindsTimeout(t *testing.T) {
	forEachKind(t, func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int])) {
		t.Run("fires", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p, f := pending()
				out := futures.Timeout(f, time.Second)
				_, err := out.Await(context.Background())
				require.ErrorIs(t, err, futures.ErrTimeout)
				require.Zero(t, futures.Waiting(f), "Timeout released its registration")
				require.NoError(t, p.Resolve(1), "the source itself is not failed")
			})
		})
		t.Run("completes first", func(t *testing.T) {
			var clock manualClock
			p, f := pending()
			out := futures.Timeout(f, time.Second, futures.WithClock(&clock))
			require.NoError(t, p.Resolve(5))
			requireResult(t, out, 5, nil)
			_, stopped, _ := clock.counts()
			require.Equal(t, 1, stopped)
		})
		t.Run("context", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			p, f := pending()
			out := futures.WithContext(ctx, f)
			cancel()
			_, err := out.Await(context.Background())
			require.ErrorIs(t, err, context.Canceled)
			require.Zero(t, futures.Waiting(f))
			require.NoError(t, p.Resolve(1))
		})
	})
}

// TestPromiseKindsAskTimeout: an Ask's timeout rejects its promise, whose
// late reply is refused; a reply in time stops the timer.
func TestPromiseKindsAskTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := futures.NewGroup[int](context.Background())
		var held []request
		s := senderFunc[request](func(m request) error { held = append(held, m); return nil })
		futures.AskIn(g, s, build(1), time.Second)
		futures.AskIn(g, s, build(2), time.Second)
		require.NoError(t, held[1].reply.Resolve(20))
		require.Equal(t, 1, futures.Waiting(held[0].reply.Future()), "the timer waits for the first")
		require.Zero(t, futures.Waiting(held[1].reply.Future()))
		rs, err := g.Wait().Await(context.Background())
		require.NoError(t, err)
		require.ErrorIs(t, rs[0].Err, futures.ErrTimeout)
		require.Equal(t, 20, rs[1].Value)
		require.ErrorIs(t, held[0].reply.Resolve(10), futures.ErrAlreadyCompleted)
	})
}

func TestPromiseKindsEncodeThroughATransport(t *testing.T) {
	forEachKind(t, func(t *testing.T, pending func() (futures.Promise[int], futures.Future[int])) {
		p, f := pending()
		_, err := p.MarshalBinary()
		require.ErrorIs(t, err, futures.ErrNoTransport)
		w := &fakeWire{sent: make(chan any, 1)}
		require.NoError(t, wire.Do(w, func() error { _, err := p.MarshalText(); return err }))
		require.NoError(t, w.complete(5, nil), "the reply comes back")
		require.ErrorIs(t, w.complete(6, nil), futures.ErrAlreadyCompleted)
		requireResult(t, f, 5, nil)
	})
}
