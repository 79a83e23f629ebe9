package blocking_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/blocking"
)

// TestSubmitRightAfterTheLastRunnerExitsIsNotRefused submits one task at a
// time, each as soon as the previous one is over. That hits the window in
// which the previous runner has given back its slot (running--) but its ants
// worker has not yet gone back to the ants pool: a non-blocking ants pool of
// exactly limit workers then refuses the new runner, which Submit logs as an
// error and works around with a goroutine outside the pool.
func TestSubmitRightAfterTheLastRunnerExitsIsNotRefused(t *testing.T) {
	const rounds = 3000
	tests := []struct {
		name string
		wait func(p *blocking.Pool, done <-chan struct{})
	}{
		{
			name: "when the task signals",
			wait: func(_ *blocking.Pool, done <-chan struct{}) { <-done },
		},
		{
			name: "when Stats shows no runner",
			wait: func(p *blocking.Pool, _ <-chan struct{}) {
				for running := 1; running > 0; {
					running, _ = p.Stats()
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, logs := newPool(t, 1)
			for i := 0; i < rounds && logs.String() == ""; i++ {
				done := make(chan struct{})
				require.NoError(t, p.Submit(func() { close(done) }))
				tt.wait(p, done)
			}
			closePool(t, p)
			require.Empty(t, logs.String(), "errors logged while submitting one task at a time")
		})
	}
}
