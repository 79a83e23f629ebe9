package remote_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/internal/frame"
)

// FuzzParseAddress: the addresses of Refs and Promises inside messages
// come from other nodes; any bytes give an address, which survives a
// round trip (a number may have come in a longer form than ours), or an
// error wrapping frame.ErrMalformed.
func FuzzParseAddress(f *testing.F) {
	f.Add(remote.AppendAddress("0123456789abcdef", 42))
	f.Add([]byte{1, 'x', 0x80})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		node, id, err := remote.ParseAddress(b)
		if err != nil {
			require.ErrorIs(t, err, frame.ErrMalformed)
			return
		}
		require.NotEmpty(t, node)
		require.LessOrEqual(t, len(node), frame.MaxNodeID)
		node2, id2, err := remote.ParseAddress(remote.AppendAddress(node, id))
		require.NoError(t, err)
		require.Equal(t, node, node2)
		require.Equal(t, id, id2)
	})
}
