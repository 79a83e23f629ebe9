//go:build !linux

package reactor

var uringProbe = func() error { return errNoUring }

func newUringPoller(*loop) (poller, error) { return nil, errNoUring }

func startStream(*fdConn) (bool, error) { return false, nil }

// ustream is Linux's; elsewhere no registration has one.
type ustream struct {
	transport
	pollable
}

func (*ustream) idle() bool { return true }
func (*ustream) closeNow()  {}

func startAccept(*loop, int, *pollReg) (bool, error) { return false, nil }

func rearmAccept(*loop, int, *pollReg) {}
