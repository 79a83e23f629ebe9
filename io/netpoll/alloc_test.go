//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

// TestDataPathAllocatesNothing runs Read, Write, CloseWrite, Close and
// SendTo, on success and for ErrWouldBlock, without a single allocation.
func TestDataPathAllocatesNothing(t *testing.T) {
	msg, buf := []byte("ping"), make([]byte, 16)
	tests := []struct {
		name   string
		sendTo bool
		setup  func(t *testing.T) func() error // returns one run
	}{
		{
			name: "Write and Read",
			setup: func(t *testing.T) func() error {
				a, b := socketPair(t, unix.SOCK_STREAM)
				return func() error {
					if _, err := netpoll.Write(a, msg); err != nil {
						return err
					}
					_, err := netpoll.Read(b, buf)
					return err
				}
			},
		},
		{
			name: "Read would block",
			setup: func(t *testing.T) func() error {
				_, b := socketPair(t, unix.SOCK_STREAM)
				return func() error {
					if _, err := netpoll.Read(b, buf); err != netpoll.ErrWouldBlock {
						return errors.New("want ErrWouldBlock")
					}
					return nil
				}
			},
		},
		{
			name: "CloseWrite and Close",
			setup: func(*testing.T) func() error {
				return func() error {
					fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
					if err != nil {
						return err
					}
					err = netpoll.CloseWrite(fds[0])
					if cerr := netpoll.Close(fds[0]); err == nil {
						err = cerr
					}
					if cerr := netpoll.Close(fds[1]); err == nil {
						err = cerr
					}
					return err
				}
			},
		},
		{
			name:   "SendTo IPv4",
			sendTo: true,
			setup: func(t *testing.T) func() error {
				a, _ := udpFD(t, "udp4", "127.0.0.1:0")
				_, to := udpFD(t, "udp4", "127.0.0.1:0")
				return func() error { return netpoll.SendTo(a, msg, to) }
			},
		},
		{
			name:   "SendTo IPv6",
			sendTo: true,
			setup: func(t *testing.T) func() error {
				a, _ := udpFD(t, "udp6", "[::1]:0")
				_, to := udpFD(t, "udp6", "[::1]:0")
				return func() error { return netpoll.SendTo(a, msg, to) }
			},
		},
		{
			name:   "SendTo IPv4 on a dual-stack socket",
			sendTo: true,
			setup: func(t *testing.T) func() error {
				a, _ := dualStackFD(t)
				_, to := udpFD(t, "udp4", "127.0.0.1:0")
				return func() error { return netpoll.SendTo(a, msg, to) }
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.sendTo && sendToAllocates() {
				t.Skipf("SendTo allocates the address on %s/%s", runtime.GOOS, runtime.GOARCH)
			}
			run := tt.setup(t)
			var err error
			allocs := testing.AllocsPerRun(100, func() {
				if e := run(); e != nil {
					err = e
				}
			})
			require.NoError(t, err)
			require.Zero(t, allocs)
		})
	}
}

// sendToAllocates reports whether SendTo goes through x/sys here, which
// takes the address as an interface.
func sendToAllocates() bool {
	switch runtime.GOOS {
	case "darwin", "openbsd":
		return true
	case "linux":
		return runtime.GOARCH == "386" || runtime.GOARCH == "s390x"
	}
	return false
}
