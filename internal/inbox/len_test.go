package inbox_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/mailbox"
)

// TestUnboundedLen: an unbounded mailbox's Len sees posts at once and the
// consumer's pops at the end of its turn.
func TestUnboundedLen(t *testing.T) {
	o := &owner{}
	m := newMailbox(t, mailbox.Config{})
	require.Zero(t, m.Len())
	for i := range 5 {
		require.NoError(t, m.Post(o, i))
	}
	require.Equal(t, 5, m.Len())
	_, ok := m.PopUser()
	require.True(t, ok)
	require.Equal(t, 5, m.Len(), "a pop counts once the turn ends")
	require.True(t, m.Done())
	require.Equal(t, 4, m.Len())
	m.Close(o)
	require.Zero(t, m.Len())
}
