package inbox_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/mailbox"
)

// TestWatermarks walks a mailbox with watermarks 4 and 2 up and down:
// Crowded from 4 queued on, WhenReady's callbacks held until a turn ends
// with 2 or fewer queued, and run at once when that is already so.
func TestWatermarks(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  mailbox.Config
	}{
		{name: "unbounded", cfg: mailbox.Config{HighWater: 4, LowWater: 2}},
		{name: "bounded", cfg: mailbox.Config{Capacity: 8, HighWater: 4, LowWater: 2}},
		{name: "default low", cfg: mailbox.Config{HighWater: 5}}, // low 2
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := &owner{}
			m := newMailbox(t, tc.cfg)
			var ran atomic.Int32
			m.WhenReady(func() { ran.Add(1) })
			require.Equal(t, int32(1), ran.Load(), "an empty mailbox is ready")

			for i := range tc.cfg.HighWater - 1 {
				require.NoError(t, m.Post(o, i))
			}
			require.False(t, m.Crowded())
			require.NoError(t, m.Post(o, 99))
			require.True(t, m.Crowded())

			m.WhenReady(func() { ran.Add(1) })
			m.WhenReady(func() { ran.Add(1) })
			for m.Len() > 3 {
				_, ok := m.PopUser()
				require.True(t, ok)
				require.True(t, m.Done())
			}
			require.Equal(t, int32(1), ran.Load(), "held while more than LowWater are queued")
			require.False(t, m.Crowded())
			_, ok := m.PopUser()
			require.True(t, ok)
			require.Equal(t, int32(1), ran.Load(), "a pop counts at the end of the turn")
			m.Done()
			require.Equal(t, int32(3), ran.Load(), "both run when the turn ends at LowWater")
			m.Done()
			require.Equal(t, int32(3), ran.Load(), "once each")
		})
	}
}

// TestWatermarksClose: closing a mailbox runs its waiting callbacks, and
// later ones run at once; a closed mailbox is never crowded.
func TestWatermarksClose(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{HighWater: 2})
	for i := range 3 {
		require.NoError(t, m.Post(o, i))
	}
	var ran atomic.Int32
	m.WhenReady(func() { ran.Add(1) })
	require.Zero(t, ran.Load())
	m.Close(o)
	require.Equal(t, int32(1), ran.Load())
	require.False(t, m.Crowded())
	m.WhenReady(func() { ran.Add(1) })
	require.Equal(t, int32(2), ran.Load())
}

// TestNoWatermarks: without HighWater a mailbox is never crowded and
// always ready.
func TestNoWatermarks(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{})
	for i := range 1000 {
		require.NoError(t, m.Post(o, i))
	}
	require.False(t, m.Crowded())
	ran := false
	m.WhenReady(func() { ran = true })
	require.True(t, ran)
}

// TestWatermarksNoLostWakeup races registrations against a consumer
// that drains the mailbox: every callback runs, exactly once, however
// the registration and the consumer's check interleave.
func TestWatermarksNoLostWakeup(t *testing.T) {
	const rounds, waiters = 2000, 4
	o := &owner{}
	m := newMailbox(t, mailbox.Config{HighWater: 2, LowWater: 1})
	var ran atomic.Int64
	for range rounds {
		for i := range 3 {
			require.NoError(t, m.Post(o, i))
		}
		var wg sync.WaitGroup
		for range waiters {
			wg.Go(func() { m.WhenReady(func() { ran.Add(1) }) })
		}
		for { // the consumer: one message a turn
			if _, ok := m.PopUser(); !ok {
				m.Done()
				break
			}
			m.Done()
		}
		wg.Wait() // no more turns: a callback the consumer missed never runs
	}
	require.Equal(t, int64(rounds*waiters), ran.Load())
}
