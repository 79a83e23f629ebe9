package remoting

import (
	"context"
	"net"
	"sync/atomic"

	"google.golang.org/grpc/credentials"
)

// wire counts the bytes a node's TCP connections write and read.
type wire struct{ out, in atomic.Int64 }

// wrap returns c counting into w.
func (w *wire) wrap(c net.Conn) net.Conn { return &countedConn{Conn: c, w: w} }

// Dial implements nats.CustomDialer.
func (w *wire) Dial(network, address string) (net.Conn, error) {
	c, err := net.Dial(network, address)
	if err != nil {
		return nil, err
	}
	return w.wrap(c), nil
}

type countedConn struct {
	net.Conn
	w *wire
}

func (c *countedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.w.in.Add(int64(n))
	return n, err
}

func (c *countedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.w.out.Add(int64(n))
	return n, err
}

// credentials returns gRPC transport credentials that do no security, as
// insecure.NewCredentials does, and count every connection's bytes, the
// dialed and the accepted ones.
func (w *wire) credentials() credentials.TransportCredentials { return countingCreds{w} }

type countingCreds struct{ w *wire }

type insecureInfo struct{ credentials.CommonAuthInfo }

func (insecureInfo) AuthType() string { return "insecure" }

var noSecurity = insecureInfo{credentials.CommonAuthInfo{SecurityLevel: credentials.NoSecurity}}

func (c countingCreds) ClientHandshake(_ context.Context, _ string, conn net.Conn) (net.Conn, credentials.AuthInfo, error) {
	return c.w.wrap(conn), noSecurity, nil
}

func (c countingCreds) ServerHandshake(conn net.Conn) (net.Conn, credentials.AuthInfo, error) {
	return c.w.wrap(conn), noSecurity, nil
}

func (countingCreds) Info() credentials.ProtocolInfo {
	return credentials.ProtocolInfo{SecurityProtocol: "insecure"}
}

func (c countingCreds) Clone() credentials.TransportCredentials { return c }

func (countingCreds) OverrideServerName(string) error { return nil }
