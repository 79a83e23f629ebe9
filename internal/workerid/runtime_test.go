package workerid_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/workerid"
)

// marks reports what each check says on the calling goroutine, through
// both walks.
type marks struct{ worker, runtime, callersWorker, callersRuntime bool }

func check() marks {
	return marks{
		worker:         workerid.IsWorker(),
		runtime:        workerid.IsRuntime(),
		callersWorker:  workerid.CallersIsWorker(),
		callersRuntime: workerid.CallersIsRuntime(),
	}
}

// TestRunBlockingIsRuntimeButNotWorker checks what each kind of goroutine
// is reported as, inside the mark and once it has returned, whether or
// not the other mark has ever been set.
func TestRunBlockingIsRuntimeButNotWorker(t *testing.T) {
	worker := marks{worker: true, runtime: true, callersWorker: true, callersRuntime: true}
	blocking := marks{runtime: true, callersRuntime: true}
	tests := []struct {
		name    string
		first   func(func()) // run once before, to set the other mark, or nil
		give    func(func())
		want    marks
		deepest int // frames between the mark and the check
	}{
		{name: "Run alone", give: workerid.Run, want: worker},
		{name: "RunBlocking alone", give: workerid.RunBlocking, want: blocking},
		{name: "Run after RunBlocking", first: workerid.RunBlocking, give: workerid.Run, want: worker},
		{name: "RunBlocking after Run", first: workerid.Run, give: workerid.RunBlocking, want: blocking},
		{name: "RunBlocking deep", give: workerid.RunBlocking, want: blocking, deepest: 300},
		{name: "RunBlocking inside Run", first: workerid.Run, give: func(fn func()) {
			workerid.Run(func() { workerid.RunBlocking(fn) })
		}, want: worker},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			workerid.Forget()
			t.Cleanup(workerid.Forget)
			if tt.first != nil {
				tt.first(func() {})
			}
			require.Equal(t, marks{}, check(), "before")

			var deep func(n int) marks
			deep = func(n int) marks {
				if n == 0 {
					return check()
				}
				return deep(n - 1)
			}
			var got marks
			tt.give(func() { got = deep(tt.deepest) })
			require.Equal(t, tt.want, got, "inside")
			require.Equal(t, marks{}, check(), "after")
		})
	}
}

// TestRunBlockingMarksOnlyTheCallingGoroutine checks that a goroutine
// inside RunBlocking does not make another one look like the runtime's.
func TestRunBlockingMarksOnlyTheCallingGoroutine(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	done := make(chan bool)
	go func() {
		var inside bool
		workerid.RunBlocking(func() {
			close(entered)
			<-release
			inside = workerid.IsRuntime()
		})
		done <- inside && !workerid.IsRuntime()
	}()
	<-entered
	require.False(t, workerid.IsRuntime(), "another goroutine's mark must not leak to this one")
	close(release)
	require.True(t, <-done)
}
