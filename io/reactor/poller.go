package reactor

import (
	"time"

	"github.com/actorio/actorio/io/netpoll"
)

// A poller is what a loop waits on: epoll or kqueue (pollPoller), or an
// io_uring (uringPoller). It reports readiness of the fds registered with
// add as netpoll Events, edge-triggered; the io_uring one also carries
// the input and output of its connections (see ustream) and reports their
// progress as Events of the same kind.
//
// wait and hold are called by the goroutine holding the loop; the other
// methods by any goroutine.
type poller interface {
	add(fd int, in netpoll.Interest, tok netpoll.Token) error
	modify(fd int, in netpoll.Interest, tok netpoll.Token) error
	// remove unregisters fd, added under tok. Events already collected
	// may still carry tok: the slot table drops them.
	remove(fd int, tok netpoll.Token) error
	wait(events []netpoll.Event, timeout time.Duration) (int, error)
	wake() error
	close() error
	// hold says that the calling goroutine holds the loop from now on
	// (see loop.stuck).
	hold()
}

// pollPoller is the readiness poller of package netpoll.
type pollPoller struct{ p *netpoll.Poller }

func newPollPoller() (pollPoller, error) {
	p, err := netpoll.New()
	return pollPoller{p}, err
}

func (p pollPoller) add(fd int, in netpoll.Interest, tok netpoll.Token) error {
	return p.p.Add(fd, in, tok)
}

func (p pollPoller) modify(fd int, in netpoll.Interest, tok netpoll.Token) error {
	return p.p.Modify(fd, in, tok)
}

func (p pollPoller) remove(fd int, _ netpoll.Token) error { return p.p.Remove(fd) }

func (p pollPoller) wait(events []netpoll.Event, timeout time.Duration) (int, error) {
	return p.p.Wait(events, timeout)
}

func (p pollPoller) wake() error  { return p.p.Wake() }
func (p pollPoller) close() error { return p.p.Close() }
func (p pollPoller) hold()        {}
