package echo

import (
	"context"
	"net"
	"sync"
)

func init() { Register("net", serveNet) }

// netBuffer is the read buffer of each connection of the net server.
const netBuffer = 4096

// serveNet is the plain-Go baseline: the net package, a goroutine per
// connection, and a 4 KB buffer per connection that it reads into and
// writes back from.
func serveNet(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	s := &netServer{ln: ln, conns: map[net.Conn]struct{}{}}
	stop := context.AfterFunc(ctx, s.close)
	defer stop()
	ready(ln.Addr())
	err = s.accept()
	s.close()
	s.wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// netServer tracks its connections, so that closing it ends every
// connection's goroutine.
type netServer struct {
	ln     net.Listener
	wg     sync.WaitGroup
	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

// accept serves connections until the listener fails or is closed.
func (s *netServer) accept() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return err
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return net.ErrClosed
		}
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Go(func() {
			echoConn(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		})
	}
}

// close closes the listener and every connection. It may be called more
// than once.
func (s *netServer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
}

// echoConn writes back what it reads from c until c fails or is closed.
func echoConn(c net.Conn) {
	buf := make([]byte, netBuffer)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // the client went away or the server closed c
		}
	}
}
