package inbox_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/inbox"
	"github.com/actorio/actorio/mailbox"
)

// runner plays the dispatcher: Schedule starts a turn on a new goroutine,
// and turns run until Done reports false, exactly as the contract says.
type runner struct {
	m        *inbox.Mailbox[string, int]
	wg       sync.WaitGroup
	running  atomic.Int32
	consumed atomic.Int64
	dead     atomic.Int64
	closeAt  int64 // close after this many consumed messages; 0 never
	overlap  atomic.Bool
}

func (r *runner) Schedule() {
	r.wg.Go(func() {
		if r.running.Add(1) != 1 {
			r.overlap.Store(true)
		}
		defer r.running.Add(-1)
		for {
			for b := r.m.TakeSystem(); ; {
				if _, ok := b.Next(); !ok {
					break
				}
			}
			for range 16 {
				if _, ok := r.m.PopUser(); !ok {
					break
				}
				if n := r.consumed.Add(1); n == r.closeAt {
					r.m.Close(r)
					return
				}
			}
			if !r.m.Done() {
				return
			}
		}
	})
}

func (r *runner) DeadLetter(int, error) { r.dead.Add(1) }
func (r *runner) Closed(string)         {}

// TestPostedEqualsConsumedPlusDead races producers against turns that keep
// going idle, with and without a Close in the middle, and checks that
// nothing is stranded and no two turns ever overlap.
func TestPostedEqualsConsumedPlusDead(t *testing.T) {
	for _, tt := range []struct {
		name    string
		config  mailbox.Config
		closeAt int64
	}{
		{"unbounded", mailbox.Config{}, 0},
		{"unbounded closed midway", mailbox.Config{}, 20000},
		{"bounded drop oldest", mailbox.Config{Capacity: 8, Overflow: mailbox.DropOldest}, 0},
		{"bounded fail closed midway", mailbox.Config{Capacity: 8, Overflow: mailbox.Fail}, 5000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			const producers, per = 4, 20000
			var m inbox.Mailbox[string, int]
			require.NoError(t, m.Init(tt.config))
			r := &runner{m: &m, closeAt: tt.closeAt}
			var wg sync.WaitGroup
			for range producers {
				wg.Go(func() {
					for i := range per {
						_ = m.Post(r, i)
						if i%1000 == 0 {
							m.PostSystem(r, "ping")
						}
					}
				})
			}
			wg.Wait()
			r.wg.Wait()
			require.False(t, r.overlap.Load(), "two turns ran at once")
			require.EqualValues(t, producers*per, r.consumed.Load()+r.dead.Load())
			if tt.closeAt == 0 && tt.config.Capacity == 0 {
				require.Zero(t, r.dead.Load())
			}
		})
	}
}
