package actor_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/mailbox"
)

func TestSendAndReceiveInOrder(t *testing.T) {
	sys := newSystem(t)
	got := make(chan int, 100)
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) { got <- n })
	require.NoError(t, err)
	for i := range 100 {
		require.NoError(t, ref.Send(i))
	}
	for i := range 100 {
		require.Equal(t, i, recv(t, got))
	}
}

// TestStopOvertakesQueuedMessages: Stop is a system message, so it is
// handled at the next message boundary, ahead of queued user messages,
// which go to dead letters.
func TestStopOvertakesQueuedMessages(t *testing.T) {
	sys := newSystem(t)
	dead := deadLetters(t, sys)
	gate, busy := make(chan struct{}), make(chan struct{})
	handled := make(chan int, 10)
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n == 0 {
			close(busy)
			<-gate
		}
		handled <- n
	})
	require.NoError(t, err)
	for i := range 5 {
		require.NoError(t, ref.Send(i))
	}
	<-busy
	ref.Stop()
	close(gate)
	require.Equal(t, 0, recv(t, handled), "the current message finishes")
	for i := 1; i < 5; i++ {
		d := recv(t, dead)
		require.Equal(t, i, d.Message)
		require.ErrorIs(t, d.Reason, actor.ErrStopped)
		require.Equal(t, ref.PID(), d.Target)
	}
	require.Empty(t, handled)
	require.ErrorIs(t, ref.Send(9), actor.ErrStopped)
}

// TestPoisonIsProcessedInOrder: Poison waits behind queued messages.
func TestPoisonIsProcessedInOrder(t *testing.T) {
	sys := newSystem(t)
	dead := deadLetters(t, sys)
	gate := make(chan struct{})
	handled := make(chan int, 10)
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n == 0 {
			<-gate
		}
		handled <- n
	})
	require.NoError(t, err)
	require.NoError(t, ref.Send(0))
	require.NoError(t, ref.Send(1))
	require.NoError(t, ref.Poison())
	require.NoError(t, ref.Send(2)) // queued behind the pill: dead-lettered
	close(gate)
	require.Equal(t, 0, recv(t, handled))
	require.Equal(t, 1, recv(t, handled))
	d := recv(t, dead)
	require.Equal(t, 2, d.Message)
	require.ErrorIs(t, d.Reason, actor.ErrStopped)
}

func TestBoundedMailboxPolicies(t *testing.T) {
	tests := []struct {
		name       string
		give       mailbox.Overflow
		wantErr    error
		wantDead   int
		wantReason error
	}{
		{"Fail", mailbox.Fail, mailbox.ErrMailboxFull, 2, mailbox.ErrMailboxFull},
		{"DropNewest", mailbox.DropNewest, nil, 2, mailbox.ErrDroppedNewest},
		{"DropOldest", mailbox.DropOldest, nil, 0, mailbox.ErrDroppedOldest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := newSystem(t)
			dead := deadLetters(t, sys)
			gate, busy := make(chan struct{}), make(chan struct{})
			ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
				if n == 0 {
					close(busy)
					<-gate
				}
			}, actor.WithMailbox(mailbox.Config{Capacity: 2, Overflow: tt.give}))
			require.NoError(t, err)
			require.NoError(t, ref.Send(0))
			<-busy // 0 is being handled, so the mailbox will hold 1 and 2
			require.NoError(t, ref.Send(1))
			require.NoError(t, ref.Send(2))
			err = ref.Send(3)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			d := recv(t, dead)
			require.Equal(t, map[bool]int{true: 1, false: 3}[tt.give == mailbox.DropOldest], d.Message)
			require.ErrorIs(t, d.Reason, tt.wantReason)
			close(gate)
		})
	}
}

func TestSpawnErrors(t *testing.T) {
	sys := newSystem(t)
	_, err := actor.SpawnFunc[int](sys, nil)
	require.ErrorIs(t, err, actor.ErrInvalidOption)
	_, err = actor.Spawn[int, actor.Actor[int]](sys, nil)
	require.ErrorIs(t, err, actor.ErrInvalidOption)
	_, err = actor.SpawnFunc(sys, func(*actor.Context[int], int) {},
		actor.WithMailbox(mailbox.Config{Capacity: -1}))
	require.ErrorIs(t, err, actor.ErrInvalidOption)
	require.ErrorIs(t, err, mailbox.ErrInvalidConfig)
	_, err = actor.Spawn(sys, func() actor.Actor[int] { panic("boom") })
	require.ErrorContains(t, err, "boom")

	_, err = actor.NewSystem(actor.WithWorkers(-1))
	require.ErrorIs(t, err, actor.ErrInvalidOption)

	var zero actor.Ref[int]
	require.ErrorIs(t, zero.Send(1), actor.ErrNoActor)
	require.True(t, zero.IsZero())
	require.Equal(t, "<none>", zero.String())
}

func TestNames(t *testing.T) {
	sys := newSystem(t)
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {}, actor.WithName("counter"))
	require.NoError(t, err)
	require.Equal(t, "/counter", ref.String())
	require.Equal(t, "counter", ref.PID().Name())

	_, err = actor.SpawnFunc(sys, func(*actor.Context[string], string) {}, actor.WithName("counter"))
	require.ErrorIs(t, err, actor.ErrNameTaken)

	found, err := actor.Lookup[int](sys, "counter")
	require.NoError(t, err)
	require.Equal(t, ref, found)
	_, err = actor.Lookup[string](sys, "counter")
	require.ErrorIs(t, err, actor.ErrWrongType)
	_, err = actor.Lookup[int](sys, "nobody")
	require.ErrorIs(t, err, actor.ErrNotFound)

	// A stopped actor's name is free again once it has stopped.
	stopped := make(chan struct{})
	_, err = actor.SpawnFunc(sys, func(ctx *actor.Context[actor.Terminated], _ actor.Terminated) {
		close(stopped)
	}, actor.WithName("watcher"))
	require.NoError(t, err)
	watcher, err := actor.Lookup[actor.Terminated](sys, "watcher")
	require.NoError(t, err)
	_ = watcher
	ref.Stop()
	for {
		if _, err := sys.LookupPID("counter"); errors.Is(err, actor.ErrNotFound) {
			break
		}
	}
	_, err = actor.SpawnFunc(sys, func(*actor.Context[int], int) {}, actor.WithName("counter"))
	require.NoError(t, err)
}

func TestChildrenAndPaths(t *testing.T) {
	sys := newSystem(t)
	paths := make(chan string, 2)
	parent, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], name string) {
		child, err := actor.SpawnFunc(ctx, func(*actor.Context[int], int) {}, actor.WithName(name))
		if err != nil {
			paths <- err.Error()
			return
		}
		paths <- child.String()
		paths <- fmt.Sprint(len(ctx.Children()), ctx.Parent())
	}, actor.WithName("parent"))
	require.NoError(t, err)
	require.NoError(t, parent.Send("kid"))
	require.Equal(t, "/parent/kid", recv(t, paths))
	require.Equal(t, "1 /", recv(t, paths))
}

func TestStopChildRejectsStrangers(t *testing.T) {
	sys := newSystem(t)
	stranger, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	errc := make(chan error, 1)
	ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		errc <- ctx.StopChild(stranger.PID())
	})
	require.NoError(t, err)
	require.NoError(t, ref.Send(1))
	require.ErrorIs(t, recv(t, errc), actor.ErrNotChild)
}

func TestContextCancelledOnStop(t *testing.T) {
	sys := newSystem(t)
	ctxc := make(chan context.Context, 1)
	ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) { ctxc <- ctx.Context() })
	require.NoError(t, err)
	require.NoError(t, ref.Send(1))
	c := recv(t, ctxc)
	require.NoError(t, c.Err())
	ref.Stop()
	<-c.Done()
	require.ErrorIs(t, c.Err(), context.Canceled)
}
