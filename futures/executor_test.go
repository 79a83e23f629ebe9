package futures_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

// goExecutor runs each task on a goroutine it waits for in close.
type goExecutor struct {
	wg     sync.WaitGroup
	reject error
}

func (e *goExecutor) Submit(task func()) error {
	if e.reject != nil {
		return e.reject
	}
	e.wg.Go(task)
	return nil
}

func (e *goExecutor) close() { e.wg.Wait() }

func TestFromFunc(t *testing.T) {
	errFull := errors.New("pool full")
	tests := []struct {
		name      string
		reject    error
		fn        func() (int, error)
		wantV     int
		wantErr   error
		wantPanic bool
	}{
		{"value", nil, func() (int, error) { return 1, nil }, 1, nil, false},
		{"error", nil, func() (int, error) { return 0, errBoom }, 0, errBoom, false},
		{"panic", nil, func() (int, error) { panic(errBoom) }, 0, errBoom, true},
		{"submit fails", errFull, func() (int, error) { panic("must not run") }, 0, errFull, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exec := &goExecutor{reject: tt.reject}
			defer exec.close()
			v, err := futures.FromFunc(exec, tt.fn).Await(context.Background())
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, tt.wantV, v)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			var pe *futures.PanicError
			require.Equal(t, tt.wantPanic, errors.As(err, &pe))
		})
	}
}
