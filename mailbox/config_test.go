package mailbox_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/mailbox"
)

// TestConfigValidate accepts the configurations that can work and
// rejects the rest with ErrInvalidConfig.
func TestConfigValidate(t *testing.T) {
	for _, c := range []mailbox.Config{
		{},
		{Capacity: 1},
		{Capacity: 8, Overflow: mailbox.Block, HighWater: 8, LowWater: 2},
		{HighWater: 4},
	} {
		require.NoError(t, c.Validate(), "%+v", c)
	}
	for _, c := range []mailbox.Config{
		{Capacity: -1},
		{Capacity: 1, Overflow: mailbox.Overflow(9)},
		{HighWater: -1},
		{HighWater: 4, LowWater: -1},
		{LowWater: 2},
		{HighWater: 4, LowWater: 4},
		{Capacity: 4, HighWater: 8},
	} {
		require.ErrorIs(t, c.Validate(), mailbox.ErrInvalidConfig, "%+v", c)
	}
}

func TestOverflowString(t *testing.T) {
	for o, want := range map[mailbox.Overflow]string{
		mailbox.Fail: "Fail", mailbox.DropNewest: "DropNewest", mailbox.DropOldest: "DropOldest",
		mailbox.Block: "Block", mailbox.Overflow(9): "Overflow(9)",
	} {
		require.Equal(t, want, o.String())
	}
}

func TestErrors(t *testing.T) {
	require.ErrorIs(t, mailbox.ErrDroppedNewest, mailbox.ErrMailboxFull)
	require.ErrorIs(t, mailbox.ErrDroppedOldest, mailbox.ErrMailboxFull)
	require.NotErrorIs(t, mailbox.ErrClosed, mailbox.ErrMailboxFull)
}
