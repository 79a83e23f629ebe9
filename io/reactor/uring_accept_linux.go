package reactor

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/internal/uring"
	"github.com/actorio/actorio/io/netpoll"
)

// An acceptor is a listener whose loop accepts for it (see
// startAccept): accept gets each connection's fd, or the error that
// ended the multishot accept, on the loop goroutine.
type acceptor interface {
	accept(fd int, err error)
	listenFD() int
}

// startAccept registers a listener's socket, reg.p being an acceptor,
// and has its loop, if it runs on io_uring, arm a multishot accept on it:
// the kernel then accepts each connection as it comes, with no accept(2)
// and no readiness event. It reports false on other loops.
func startAccept(l *loop, fd int, reg *pollReg) (bool, error) {
	if _, ok := l.poller.(*uringPoller); !ok {
		return false, nil
	}
	if !l.slots.alloc(reg) {
		reg.tok = netpoll.NoToken
		return true, errTooManyConns
	}
	rearmAccept(l, fd, reg)
	return true, nil
}

// rearmAccept has the loop arm the multishot accept of reg's listener
// again, after an error ended it. The loop submits it, so that the
// kernel finishes its completions on the loop's thread.
func rearmAccept(l *loop, fd int, reg *pollReg) {
	p := l.poller.(*uringPoller)
	tok := reg.tok
	l.post(func() {
		if l.slots.lookupReg(tok) == reg { // not closed meanwhile
			p.armAccept(fd, tok)
		}
	})
}

// armAccept arms the multishot accept of listening socket fd.
func (p *uringPoller) armAccept(fd int, tok netpoll.Token) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if sqe, err := p.sqe(); err == nil {
		sqe.PrepAcceptMultishot(fd, userData(opAccept, tok))
		p.ops.Add(1)
	}
}

// accepted hands a completion of a multishot accept to its listener, or
// closes the connection if the listener has gone.
func (p *uringPoller) accepted(c uring.Completion, tok netpoll.Token, final bool) {
	var a acceptor
	if reg := p.l.slots.lookupReg(tok); reg != nil {
		a, _ = reg.p.(acceptor)
	}
	switch {
	case c.Res >= 0 && a == nil:
		_ = unix.Close(int(c.Res))
	case c.Res >= 0:
		a.accept(int(c.Res), nil)
		if final {
			p.armAccept(a.listenFD(), tok) // ended without an error: arm it again
		}
	case a != nil && c.Res != -int32(unix.ECANCELED):
		a.accept(-1, os.NewSyscallError("accept", unix.Errno(-c.Res)))
	}
}
