package futures_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

// mailbox is a Sender that records what it was sent.
type mailbox struct {
	got  []string
	fail error
}

func (m *mailbox) Send(msg string) error {
	if m.fail != nil {
		return m.fail
	}
	m.got = append(m.got, msg)
	return nil
}

func describe(v int, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return "value: " + string(rune('0'+v))
}

func TestPipeTo(t *testing.T) {
	tests := []struct {
		name    string
		giveV   int
		giveErr error
		fail    error
		wrap    func(int, error) string
		want    []string
		wantErr error
	}{
		{name: "value", giveV: 4, wrap: describe, want: []string{"value: 4"}},
		{name: "error", giveErr: errBoom, wrap: describe, want: []string{"error: boom"}},
		{name: "send fails", giveV: 4, fail: errStopped, wrap: describe, wantErr: errStopped},
		{name: "wrap panics", giveV: 4, wrap: func(int, error) string { panic(errBoom) }, wantErr: errBoom},
	}
	for _, tt := range tests {
		for _, s := range sources {
			t.Run(tt.name+"/"+s.name, func(t *testing.T) {
				to := &mailbox{fail: tt.fail}
				var failures []error
				p, f := futures.NewPromise[int]()
				if !s.later {
					_ = p.Complete(tt.giveV, tt.giveErr)
				}
				futures.PipeTo(f, to, tt.wrap, futures.WithErrorHandler(func(err error) { failures = append(failures, err) }))
				if s.later {
					require.Empty(t, to.got)
					_ = p.Complete(tt.giveV, tt.giveErr)
				}
				require.Equal(t, tt.want, to.got)
				if tt.wantErr == nil {
					require.Empty(t, failures)
					return
				}
				require.Len(t, failures, 1)
				require.ErrorIs(t, failures[0], tt.wantErr)
			})
		}
	}
}

func TestPipeToFailuresNeverReachTheCompleter(t *testing.T) {
	p, f := futures.NewPromise[int]()
	futures.PipeTo(f, &mailbox{fail: errStopped}, describe) // dropped: no handler
	futures.PipeTo(f, &mailbox{fail: errStopped}, describe, futures.WithErrorHandler(func(error) { panic("handler") }))
	futures.PipeTo(f, &mailbox{}, describe, futures.WithErrorHandler(nil))
	require.NotPanics(t, func() { require.NoError(t, p.Resolve(1)) })
}

func TestPipeToPanicIsAPanicError(t *testing.T) {
	var got error
	futures.PipeTo(futures.Resolved(1), &mailbox{}, func(int, error) string { panic("wrap") },
		futures.WithErrorHandler(func(err error) { got = err }))
	var pe *futures.PanicError
	require.True(t, errors.As(got, &pe))
	require.Equal(t, "wrap", pe.Value)
}
