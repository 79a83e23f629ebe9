package futures_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

// outcome is how one input future completes in a fan-in table test.
type outcome struct {
	v     int
	err   error
	never bool // stays pending
}

// fanInCase makes one pending input per give, completes those listed in
// before, applies combine, then completes those listed in order (indexes
// into gives), skipping the ones that never complete.
func fanInCase[U any](gives []outcome, before []int, order []int, combine func(...futures.Future[int]) futures.Future[U]) (futures.Future[U], []futures.Promise[int]) {
	ps := make([]futures.Promise[int], len(gives))
	fs := make([]futures.Future[int], len(gives))
	for i := range gives {
		ps[i], fs[i] = futures.NewPromise[int]()
	}
	for _, i := range before {
		_ = ps[i].Complete(gives[i].v, gives[i].err)
	}
	out := combine(fs...)
	for _, i := range order {
		if !gives[i].never {
			_ = ps[i].Complete(gives[i].v, gives[i].err)
		}
	}
	return out, ps
}

func TestAll(t *testing.T) {
	tests := []struct {
		name    string
		give    []outcome
		before  []int
		order   []int
		wantV   []int
		wantErr error
		pending bool
	}{
		{name: "none", wantV: []int{}},
		{name: "values in input order", give: []outcome{{v: 1}, {v: 2}, {v: 3}}, order: []int{2, 0, 1}, wantV: []int{1, 2, 3}},
		{name: "some complete before", give: []outcome{{v: 1}, {v: 2}, {v: 3}}, before: []int{1}, order: []int{2, 0}, wantV: []int{1, 2, 3}},
		{name: "all complete before", give: []outcome{{v: 1}, {v: 2}}, before: []int{0, 1}, wantV: []int{1, 2}},
		{name: "first error fails fast", give: []outcome{{v: 1}, {err: errBoom}, {never: true}}, order: []int{1, 0, 2}, wantErr: errBoom},
		{name: "error before", give: []outcome{{never: true}, {err: errBoom}}, before: []int{1}, wantErr: errBoom},
		{name: "waits for every value", give: []outcome{{v: 1}, {never: true}}, order: []int{0, 1}, pending: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, ps := fanInCase(tt.give, tt.before, tt.order, futures.All[int])
			if tt.pending {
				require.Equal(t, result[[]int]{}, peek(out))
				return
			}
			requireResult(t, out, tt.wantV, tt.wantErr)
			for i, p := range ps {
				require.Zero(t, futures.Waiting(p.Future()), "input %d still holds All", i)
			}
		})
	}
}

func TestAllSettled(t *testing.T) {
	p, f := futures.NewPromise[int]()
	out := futures.AllSettled(futures.Resolved(1), futures.Failed[int](errBoom), f, futures.Future[int]{})
	require.Equal(t, result[[]futures.Result[int]]{}, peek(out))
	require.NoError(t, p.Resolve(3))
	v, err := out.Await(context.Background())
	require.NoError(t, err)
	require.Equal(t, []futures.Result[int]{{Value: 1}, {Err: errBoom}, {Value: 3}, {Err: futures.ErrBrokenPromise}}, v)

	v, err = futures.AllSettled[int]().Await(context.Background())
	require.NoError(t, err)
	require.Empty(t, v)
}

func TestAny(t *testing.T) {
	errA, errB := errors.New("a"), errors.New("b")
	tests := []struct {
		name    string
		give    []outcome
		before  []int
		order   []int
		wantV   int
		wantErr []error
		pending bool
	}{
		{name: "none", wantErr: []error{futures.ErrNoResults}},
		{name: "first success wins", give: []outcome{{v: 1}, {v: 2}}, order: []int{1, 0}, wantV: 2},
		{name: "errors are skipped", give: []outcome{{err: errA}, {v: 2}, {never: true}}, order: []int{0, 1}, wantV: 2},
		{name: "success before", give: []outcome{{never: true}, {v: 5}}, before: []int{1}, wantV: 5},
		{name: "all fail joins in input order", give: []outcome{{err: errA}, {err: errB}}, order: []int{1, 0}, wantErr: []error{errA, errB}},
		{name: "waits while one may succeed", give: []outcome{{err: errA}, {never: true}}, order: []int{0}, pending: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, ps := fanInCase(tt.give, tt.before, tt.order, futures.Any[int])
			if tt.pending {
				require.Equal(t, result[int]{}, peek(out))
				return
			}
			v, err, ok := out.Result()
			require.True(t, ok)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, tt.wantV, v)
			}
			for _, want := range tt.wantErr {
				require.ErrorIs(t, err, want)
			}
			if len(tt.wantErr) == 2 {
				require.Equal(t, "a\nb", err.Error())
			}
			for i, p := range ps {
				require.Zero(t, futures.Waiting(p.Future()), "input %d still holds Any", i)
			}
		})
	}
}

func TestRace(t *testing.T) {
	tests := []struct {
		name    string
		give    []outcome
		before  []int
		order   []int
		wantV   int
		wantErr error
	}{
		{name: "none", wantErr: futures.ErrNoResults},
		{name: "first value", give: []outcome{{v: 1}, {v: 2}}, order: []int{1, 0}, wantV: 2},
		{name: "first error", give: []outcome{{v: 1}, {err: errBoom}}, order: []int{1, 0}, wantErr: errBoom},
		{name: "complete before", give: []outcome{{never: true}, {v: 3}}, before: []int{1}, wantV: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, ps := fanInCase(tt.give, tt.before, tt.order, futures.Race[int])
			requireResult(t, out, tt.wantV, tt.wantErr)
			for i, p := range ps {
				require.Zero(t, futures.Waiting(p.Future()), "input %d still holds Race", i)
			}
		})
	}
}

func TestRaceWithZeroFuture(t *testing.T) {
	_, f := futures.NewPromise[int]()
	requireResult(t, futures.Race(f, futures.Future[int]{}), 0, futures.ErrBrokenPromise)
	require.Zero(t, futures.Waiting(f), "Race stopped listening once it had its answer")
}

func TestFanInConcurrentCompletion(t *testing.T) {
	const n = 64
	for range 50 {
		ps := make([]futures.Promise[int], n)
		fs := make([]futures.Future[int], n)
		for i := range ps {
			ps[i], fs[i] = futures.NewPromise[int]()
		}
		all, race, anyF := futures.All(fs...), futures.Race(fs...), futures.Any(fs...)
		done := make(chan struct{})
		for i := range ps {
			go func() {
				_ = ps[i].Resolve(i)
				done <- struct{}{}
			}()
		}
		for range ps {
			<-done
		}
		v, err := all.Await(context.Background())
		require.NoError(t, err)
		for i := range v {
			require.Equal(t, i, v[i])
		}
		_, err = race.Await(context.Background())
		require.NoError(t, err)
		_, err = anyF.Await(context.Background())
		require.NoError(t, err)
	}
}
