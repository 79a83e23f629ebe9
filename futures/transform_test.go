package futures_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

// source says how a test's source future completes: before the
// combinator is applied (now) or after (later).
type source struct {
	name  string
	later bool
}

var sources = []source{{"complete before", false}, {"complete after", true}}

// derive applies combine to a future that completes with (v, err), before
// or after, and returns the derived future once the source is complete.
func derive[T, U any](s source, v T, err error, combine func(futures.Future[T]) futures.Future[U]) futures.Future[U] {
	p, f := futures.NewPromise[T]()
	if !s.later {
		_ = p.Complete(v, err)
	}
	out := combine(f)
	if s.later {
		_ = p.Complete(v, err)
	}
	return out
}

func requireResult[T any](t *testing.T, f futures.Future[T], wantV T, wantErr error) {
	t.Helper()
	v, err, ok := f.Result()
	require.True(t, ok, "complete")
	if wantErr == nil {
		require.NoError(t, err)
		require.Equal(t, wantV, v)
		return
	}
	require.ErrorIs(t, err, wantErr)
}

func TestMap(t *testing.T) {
	errFn := errors.New("fn failed")
	tests := []struct {
		name    string
		giveV   int
		giveErr error
		fn      func(int) (string, error)
		wantV   string
		wantErr error
	}{
		{"value", 4, nil, func(v int) (string, error) { return strconv.Itoa(v * 2), nil }, "8", nil},
		{"source error skips fn", 0, errBoom, func(int) (string, error) { panic("must not run") }, "", errBoom},
		{"fn error", 4, nil, func(int) (string, error) { return "", errFn }, "", errFn},
		{"fn panic", 4, nil, func(int) (string, error) { panic(errFn) }, "", errFn},
	}
	for _, tt := range tests {
		for _, s := range sources {
			t.Run(tt.name+"/"+s.name, func(t *testing.T) {
				out := derive(s, tt.giveV, tt.giveErr, func(f futures.Future[int]) futures.Future[string] {
					return futures.Map(f, tt.fn)
				})
				requireResult(t, out, tt.wantV, tt.wantErr)
			})
		}
	}
}

func TestPanicErrorCarriesValueAndStack(t *testing.T) {
	out := futures.Map(futures.Resolved(1), func(int) (int, error) { panic("kaput") })
	_, err := out.Await(context.Background())
	var pe *futures.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "kaput", pe.Value)
	require.Contains(t, string(pe.Stack), "TestPanicErrorCarriesValueAndStack")
	require.Contains(t, err.Error(), "kaput")
	require.NoError(t, pe.Unwrap(), "a non-error value unwraps to nil")
}

func TestThen(t *testing.T) {
	errFn := errors.New("fn failed")
	tests := []struct {
		name    string
		giveV   int
		giveErr error
		fn      func(int) futures.Future[string]
		wantV   string
		wantErr error
	}{
		{"resolved inner", 4, nil, func(v int) futures.Future[string] { return futures.Resolved(strconv.Itoa(v)) }, "4", nil},
		{"failed inner", 4, nil, func(int) futures.Future[string] { return futures.Failed[string](errFn) }, "", errFn},
		{"source error skips fn", 0, errBoom, func(int) futures.Future[string] { panic("must not run") }, "", errBoom},
		{"fn panic", 4, nil, func(int) futures.Future[string] { panic(errFn) }, "", errFn},
		{"zero inner", 4, nil, func(int) futures.Future[string] { return futures.Future[string]{} }, "", futures.ErrBrokenPromise},
	}
	for _, tt := range tests {
		for _, s := range sources {
			t.Run(tt.name+"/"+s.name, func(t *testing.T) {
				out := derive(s, tt.giveV, tt.giveErr, func(f futures.Future[int]) futures.Future[string] {
					return futures.Then(f, tt.fn)
				})
				requireResult(t, out, tt.wantV, tt.wantErr)
			})
		}
	}
}

func TestThenFollowsAPendingInner(t *testing.T) {
	inner, innerF := futures.NewPromise[string]()
	p, f := futures.NewPromise[int]()
	out := futures.Then(f, func(int) futures.Future[string] { return innerF })
	require.NoError(t, p.Resolve(1))
	require.Equal(t, result[string]{}, peek(out), "waits for the inner future")
	require.NoError(t, inner.Resolve("done"))
	requireResult(t, out, "done", nil)
}

func TestRecover(t *testing.T) {
	errFn := errors.New("fn failed")
	tests := []struct {
		name    string
		giveV   int
		giveErr error
		fn      func(error) (int, error)
		wantV   int
		wantErr error
	}{
		{"value skips fn", 4, nil, func(error) (int, error) { panic("must not run") }, 4, nil},
		{"error to value", 0, errBoom, func(err error) (int, error) {
			if errors.Is(err, errBoom) {
				return -1, nil
			}
			return 0, err
		}, -1, nil},
		{"error to error", 0, errBoom, func(error) (int, error) { return 0, errFn }, 0, errFn},
		{"fn panic", 0, errBoom, func(error) (int, error) { panic(errFn) }, 0, errFn},
	}
	for _, tt := range tests {
		for _, s := range sources {
			t.Run(tt.name+"/"+s.name, func(t *testing.T) {
				out := derive(s, tt.giveV, tt.giveErr, func(f futures.Future[int]) futures.Future[int] {
					return futures.Recover(f, tt.fn)
				})
				requireResult(t, out, tt.wantV, tt.wantErr)
			})
		}
	}
}

func TestDerivedFutureDoesNotCancelItsSource(t *testing.T) {
	p, f := futures.NewPromise[int]()
	_ = futures.Map(f, func(v int) (int, error) { return v, nil })
	// The derived future is dropped at once; the source stays usable.
	require.Equal(t, result[int]{}, peek(f))
	require.NoError(t, p.Resolve(1))
	requireResult(t, f, 1, nil)
}
