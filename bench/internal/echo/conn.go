package echo

import (
	"fmt"
	"io"
	"net"
	"time"
)

// dialTimeout bounds each connection attempt of the client.
const dialTimeout = 10 * time.Second

// conn is one client connection, with its request and response buffers.
type conn struct {
	nc   net.Conn
	id   int
	req  []byte
	resp []byte
}

// dial connects connection id to addr.
func dial(addr string, id, size int) (*conn, error) {
	nc, err := net.DialTimeout("tcp", addr, dialTimeout)
	if err != nil {
		return nil, fmt.Errorf("conn %d: %w", id, err)
	}
	return &conn{nc: nc, id: id, req: newRequest(id, size), resp: make([]byte, size)}, nil
}

// roundTrip sends request seq, reads its response in full and compares
// the two.
func (c *conn) roundTrip(seq uint64) error {
	setSeq(c.req, seq)
	if _, err := c.nc.Write(c.req); err != nil {
		return fmt.Errorf("conn %d, request %d: %w", c.id, seq, err)
	}
	if _, err := io.ReadFull(c.nc, c.resp); err != nil {
		return fmt.Errorf("conn %d, response %d: %w", c.id, seq, err)
	}
	return compare(c.req, c.resp)
}
