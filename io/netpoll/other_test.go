//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package netpoll_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/netpoll"
)

func TestUnsupportedPlatform(t *testing.T) {
	p, err := netpoll.New()
	require.Nil(t, p)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	require.ErrorIs(t, err, errors.ErrUnsupported)

	fd, err := netpoll.FD(nil)
	require.Equal(t, -1, fd)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	_, err = netpoll.Readv(0, nil)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	_, err = netpoll.Writev(0, nil)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	_, _, err = netpoll.Accept(0)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	_, err = netpoll.Read(0, nil)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	_, err = netpoll.Write(0, nil)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	require.ErrorIs(t, netpoll.CloseWrite(0), netpoll.ErrUnsupported)
	require.ErrorIs(t, netpoll.Close(0), netpoll.ErrUnsupported)
	_, _, err = netpoll.RecvFrom(0, nil)
	require.ErrorIs(t, err, netpoll.ErrUnsupported)
	require.ErrorIs(t, netpoll.SendTo(0, nil, nil), netpoll.ErrUnsupported)
}
