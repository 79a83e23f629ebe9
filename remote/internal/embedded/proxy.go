package embedded

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"sync"
	"time"
)

// Route proxies.
//
// NATS servers have no API to cut a route, so a Cluster puts a routeProxy in
// front of each member's route listener, and the members route to each
// other only through the proxies: member j announces its proxy's address
// (nats-server's ClusterOpts.Advertise) and every other member has that
// address as a configured route. A route learnt by gossip then points at a configured
// route, which the server ignores, so no route ever bypasses a proxy.
//
// A route connection starts with the soliciting server's CONNECT line, which
// carries its server ID; the server does not wait for anything before
// sending it. The proxy reads that line, looks up which member sent it,
// dials its own member, replays the bytes it read and relays both ways.
//
// Cutting: blocked[i] says that routes between member i and the proxy's
// member are cut. block closes, under mu, every relayed connection whose
// source is now blocked, and a connection is registered for relaying under
// mu only if its source is not blocked, so once block returns no byte
// crosses the cut until the next block. Servers see their routes close and
// keep retrying (nats-server waits about a second between attempts); each
// attempt is closed right after its CONNECT line until the cut is lifted.
//
// Ownership: every goroutine (the accept loop, and two per connection) is
// counted in wg; close cancels dials, closes the listener and every
// connection, which ends every read and write, and waits for wg.
type routeProxy struct {
	ln       net.Listener
	target   func() string               // the member's route address, "" before its first start
	identify func(id string) (int, bool) // index of the member with that server ID
	ctx      context.Context             // cancelled by close, to stop dials
	cancel   context.CancelFunc
	wg       sync.WaitGroup

	mu      sync.Mutex
	blocked []bool           // blocked[i]: routes with member i are cut
	conns   map[net.Conn]int // open connections and their source member, -1 until known
	closed  bool
}

const (
	handshakeTimeout = 5 * time.Second       // for the CONNECT line
	dialWait         = 2 * time.Second       // for the member to accept, for example while it restarts
	dialRetry        = 20 * time.Millisecond // between dial attempts
	maxConnectLine   = 4096                  // longest CONNECT line read
)

// errNotRoute reports a connection that did not start with a route CONNECT.
var errNotRoute = errors.New("embedded: not a route connection")

// listenProxy returns a proxy listening on a free port of host. It accepts
// nothing until serve.
func listenProxy(host string) (*routeProxy, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &routeProxy{ln: ln, ctx: ctx, cancel: cancel, conns: make(map[net.Conn]int)}, nil
}

// serve starts relaying route connections to the member at target,
// identifying their source with identify.
func (p *routeProxy) serve(target func() string, identify func(string) (int, bool)) {
	p.target, p.identify = target, identify
	p.wg.Add(1)
	go p.acceptLoop()
}

// addr returns the proxy's host:port.
func (p *routeProxy) addr() string { return p.ln.Addr().String() }

// acceptLoop hands every accepted connection to its own goroutine.
func (p *routeProxy) acceptLoop() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			select {
			case <-p.ctx.Done():
				return
			case <-time.After(dialRetry): // transient, such as too many open files
				continue
			}
		}
		if !p.track(c, -1) {
			c.Close()
			continue
		}
		p.wg.Add(1)
		go p.relay(c)
	}
}

// relay identifies the member behind in, connects it to the proxy's member
// and copies bytes both ways until either side closes or the route is cut.
func (p *routeProxy) relay(in net.Conn) {
	defer p.wg.Done()
	br := bufio.NewReaderSize(in, maxConnectLine)
	_ = in.SetReadDeadline(time.Now().Add(handshakeTimeout))
	id, err := readConnectID(br)
	_ = in.SetReadDeadline(time.Time{})
	src, known := p.identify(id)
	if err != nil || !known || p.isBlocked(src) {
		p.drop(in, nil)
		return
	}
	out, err := p.dial()
	if err != nil || !p.register(src, in, out) {
		p.drop(in, out)
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		_, _ = io.Copy(in, out)
		p.drop(in, out)
	}()
	_, _ = io.Copy(out, br) // br replays what readConnectID read
	p.drop(in, out)
}

// readConnectID reads a route's CONNECT line and returns the server ID in
// it, leaving the line buffered in br to be replayed.
func readConnectID(br *bufio.Reader) (string, error) {
	var line []byte
	for n := 1; line == nil; {
		if _, err := br.Peek(n); err != nil { // waits for n bytes
			return "", err
		}
		buf, _ := br.Peek(br.Buffered()) // all that arrived, without waiting
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			line = buf[:i]
		}
		n = len(buf) + 1
	}
	const op = "CONNECT "
	if len(line) < len(op) || !bytes.EqualFold(line[:len(op)], []byte(op)) {
		return "", errNotRoute
	}
	var connect struct {
		Name string `json:"name"` // a route's CONNECT names its server ID
	}
	if err := json.Unmarshal(bytes.TrimSpace(line[len(op):]), &connect); err != nil {
		return "", errNotRoute
	}
	return connect.Name, nil
}

// dial connects to the proxy's member, retrying for a while in case it is
// starting or restarting.
func (p *routeProxy) dial() (net.Conn, error) {
	ctx, cancel := context.WithTimeout(p.ctx, dialWait)
	defer cancel()
	var d net.Dialer
	for {
		if addr := p.target(); addr != "" {
			if c, err := d.DialContext(ctx, "tcp", addr); err == nil {
				return c, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(dialRetry):
		}
	}
}
