//go:build !linux

package netpoll

import "net"

// EnableDropCount returns [ErrUnsupported]: only Linux counts the
// datagrams a socket drops (SO_RXQ_OVFL). The socket works as before,
// uncounted.
func EnableDropCount(int) error { return ErrUnsupported }

// RecvFromDrops receives one datagram from fd as [RecvFrom] does, and
// returns 0 drops: only Linux counts the datagrams a socket drops.
func RecvFromDrops(fd int, p []byte) (n int, from net.Addr, drops uint32, err error) {
	n, from, err = RecvFrom(fd, p)
	return n, from, 0, err
}

// DropCount returns 0: only Linux counts the datagrams a socket drops.
func DropCount([]byte) uint32 { return 0 }
