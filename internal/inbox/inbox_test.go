package inbox_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/inbox"
	"github.com/actorio/actorio/internal/workerid"
	"github.com/actorio/actorio/mailbox"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// owner records what a mailbox hands it.
type owner struct {
	mu        sync.Mutex
	schedules atomic.Int64
	dead      []int
	reasons   []error
	closedSys []string
}

func (o *owner) Schedule() { o.schedules.Add(1) }
func (o *owner) DeadLetter(msg int, reason error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dead = append(o.dead, msg)
	o.reasons = append(o.reasons, reason)
}
func (o *owner) Closed(msg string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closedSys = append(o.closedSys, msg)
}

func newMailbox(t *testing.T, c mailbox.Config) *inbox.Mailbox[string, int] {
	t.Helper()
	var m inbox.Mailbox[string, int]
	require.NoError(t, m.Init(c))
	return &m
}

func TestScheduleOncePerIdlePeriod(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{})
	require.NoError(t, m.Post(o, 1))
	require.NoError(t, m.Post(o, 2))
	m.PostSystem(o, "watch")
	require.EqualValues(t, 1, o.schedules.Load(), "only the idle->scheduled post schedules")
	require.True(t, m.Scheduled())

	require.True(t, m.HasSystem())
	batch := m.TakeSystem()
	s, ok := batch.Next()
	require.True(t, ok)
	require.Equal(t, "watch", s)
	require.True(t, m.Done(), "user messages remain")
	for want := 1; want <= 2; want++ {
		v, ok := m.PopUser()
		require.True(t, ok)
		require.Equal(t, want, v)
	}
	require.False(t, m.Done(), "nothing left: the mailbox goes idle")
	require.False(t, m.Scheduled())

	require.NoError(t, m.Post(o, 3))
	require.EqualValues(t, 2, o.schedules.Load())
}

func TestSuspendHoldsUserMessagesOnly(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{})
	m.Suspend()
	require.NoError(t, m.Post(o, 1))
	_, ok := m.PopUser()
	require.False(t, ok, "suspended mailboxes do not yield user messages")
	require.False(t, m.Done(), "user messages alone do not keep a suspended mailbox scheduled")

	m.PostSystem(o, "resume")
	require.EqualValues(t, 2, o.schedules.Load(), "a system message schedules a suspended mailbox")
	batch := m.TakeSystem()
	_, ok = batch.Next()
	require.True(t, ok)
	m.Resume()
	v, ok := m.PopUser()
	require.True(t, ok)
	require.Equal(t, 1, v)
}

func TestOverflowPolicies(t *testing.T) {
	tests := []struct {
		name        string
		give        mailbox.Overflow
		wantErr     error
		wantQueued  []int
		wantDead    []int
		wantReason  error
		wantReason2 error // errors.Is also matches this
	}{
		{"Fail", mailbox.Fail, mailbox.ErrMailboxFull, []int{1, 2}, []int{3}, mailbox.ErrMailboxFull, mailbox.ErrMailboxFull},
		{"DropNewest", mailbox.DropNewest, nil, []int{1, 2}, []int{3}, mailbox.ErrDroppedNewest, mailbox.ErrMailboxFull},
		{"DropOldest", mailbox.DropOldest, nil, []int{2, 3}, []int{1}, mailbox.ErrDroppedOldest, mailbox.ErrMailboxFull},
		{"Block without context fails", mailbox.Block, mailbox.ErrMailboxFull, []int{1, 2}, []int{3}, mailbox.ErrMailboxFull, mailbox.ErrMailboxFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &owner{}
			m := newMailbox(t, mailbox.Config{Capacity: 2, Overflow: tt.give})
			require.NoError(t, m.Post(o, 1))
			require.NoError(t, m.Post(o, 2))
			require.Equal(t, 2, m.Len())
			err := m.Post(o, 3)
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.wantErr)
			}
			require.Equal(t, tt.wantDead, o.dead)
			require.ErrorIs(t, o.reasons[0], tt.wantReason)
			require.ErrorIs(t, o.reasons[0], tt.wantReason2)
			var got []int
			for {
				v, ok := m.PopUser()
				if !ok {
					break
				}
				got = append(got, v)
			}
			require.Equal(t, tt.wantQueued, got)
		})
	}
}

func TestInvalidConfig(t *testing.T) {
	for _, c := range []mailbox.Config{{Capacity: -1}, {Capacity: 1, Overflow: mailbox.Overflow(9)}} {
		var m inbox.Mailbox[string, int]
		require.ErrorIs(t, m.Init(c), mailbox.ErrInvalidConfig)
	}
	require.Equal(t, "DropOldest", mailbox.DropOldest.String())
	require.Equal(t, "Overflow(9)", mailbox.Overflow(9).String())
}

func TestPostWaitBlocksUntilRoom(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{Capacity: 1, Overflow: mailbox.Block})
	require.NoError(t, m.Post(o, 1))

	done := make(chan error)
	go func() { done <- m.PostWait(context.Background(), o, 2) }()
	select {
	case err := <-done:
		t.Fatalf("PostWait returned %v while the mailbox was full", err)
	case <-time.After(20 * time.Millisecond):
	}
	v, ok := m.PopUser()
	require.True(t, ok)
	require.Equal(t, 1, v)
	require.NoError(t, <-done)
	v, ok = m.PopUser()
	require.True(t, ok)
	require.Equal(t, 2, v)
}

func TestPostWaitEdges(t *testing.T) {
	t.Run("context cancelled", func(t *testing.T) {
		o := &owner{}
		m := newMailbox(t, mailbox.Config{Capacity: 1, Overflow: mailbox.Block})
		require.NoError(t, m.Post(o, 1))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		require.ErrorIs(t, m.PostWait(ctx, o, 2), context.Canceled)
		require.Equal(t, []int{2}, o.dead, "the refused message is dead-lettered")
	})
	t.Run("on a worker it fails instead of blocking", func(t *testing.T) {
		o := &owner{}
		m := newMailbox(t, mailbox.Config{Capacity: 1, Overflow: mailbox.Block})
		require.NoError(t, m.Post(o, 1))
		errc := make(chan error)
		go workerid.Run(func() { errc <- m.PostWait(context.Background(), o, 2) })
		require.ErrorIs(t, <-errc, mailbox.ErrMailboxFull)
	})
	t.Run("close wakes waiters", func(t *testing.T) {
		o := &owner{}
		m := newMailbox(t, mailbox.Config{Capacity: 1, Overflow: mailbox.Block})
		require.NoError(t, m.Post(o, 1))
		errc := make(chan error)
		go func() { errc <- m.PostWait(context.Background(), o, 2) }()
		time.Sleep(10 * time.Millisecond) // let it start waiting; either order is correct
		m.Close(o)
		require.ErrorIs(t, <-errc, mailbox.ErrClosed)
		o.mu.Lock()
		defer o.mu.Unlock()
		require.ElementsMatch(t, []int{1, 2}, o.dead)
	})
}

func TestCloseHandsEverythingOver(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{})
	require.NoError(t, m.Post(o, 1))
	m.PostSystem(o, "watch")
	m.Close(o)
	require.True(t, m.Closed())
	require.Equal(t, []int{1}, o.dead)
	require.Equal(t, []string{"watch"}, o.closedSys)

	require.ErrorIs(t, m.Post(o, 2), mailbox.ErrClosed)
	m.PostSystem(o, "stop")
	require.Equal(t, []int{1, 2}, o.dead)
	require.Equal(t, []string{"watch", "stop"}, o.closedSys)
	for _, r := range o.reasons {
		require.True(t, errors.Is(r, mailbox.ErrClosed))
	}
}

func TestClaim(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{})
	require.True(t, m.Claim(), "an idle mailbox is claimed")
	require.Zero(t, o.schedules.Load(), "the claimer runs the turn: nothing is scheduled")
	require.True(t, m.Scheduled())
	require.False(t, m.Claim(), "a scheduled mailbox is not claimed twice")

	// Posts while claimed schedule nothing: the claimer's turn sees them.
	m.PostSystem(o, "watch")
	require.NoError(t, m.Post(o, 1))
	require.Zero(t, o.schedules.Load())
	batch := m.TakeSystem()
	s, ok := batch.Next()
	require.True(t, ok)
	require.Equal(t, "watch", s)
	v, ok := m.PopUser()
	require.True(t, ok)
	require.Equal(t, 1, v)
	require.False(t, m.Done(), "nothing left: idle")
	require.True(t, m.Claim(), "idle again: claimed again")
	require.False(t, m.Done())

	c := newMailbox(t, mailbox.Config{})
	c.Close(o)
	require.False(t, c.Claim(), "a closed mailbox is never claimed")
}
