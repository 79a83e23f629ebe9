package echo_test

import (
	"encoding/json"
	"io"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/echo"
)

// TestClientCatchesBadEchoes runs the client against servers that echo
// wrongly: each failure must reach the client's result, never pass.
func TestClientCatchesBadEchoes(t *testing.T) {
	tests := []struct {
		name    string
		give    func([]byte) []byte // what the server writes back for what it read
		wantErr string
	}{
		{name: "flipped byte", give: func(b []byte) []byte { b[len(b)-1] ^= 1; return b }, wantErr: "response differs"},
		{name: "stale sequence number", give: func(b []byte) []byte { b[7]--; return b }, wantErr: "response differs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := badServer(t, tt.give)
			cli := startChild(t, echo.ClientMain, "-addr", addr, "-conns", "2", "-size", "64", "-requests", "10")
			cli.expect(t, "ready")
			cli.send(t, "go")
			var res struct {
				Count  int64  `json:"count"`
				Errors int64  `json:"errors"`
				Err    string `json:"err"`
			}
			require.NoError(t, json.Unmarshal([]byte(cli.expect(t, "result")), &res))
			assert.Less(t, res.Count, int64(10))
			assert.Positive(t, res.Errors)
			assert.Contains(t, res.Err, tt.wantErr)
		})
	}
}

// badServer serves each connection by answering every 64-byte request
// with bad(request). The first request on each connection, the client's
// warm-up, is echoed intact.
func badServer(t *testing.T, bad func([]byte) []byte) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		var conns []net.Conn
		served := make(chan struct{})
		for {
			c, err := ln.Accept()
			if err != nil {
				break
			}
			conns = append(conns, c)
			go func() {
				defer func() { served <- struct{}{} }()
				buf := make([]byte, 64)
				for first := true; ; first = false {
					if _, err := io.ReadFull(c, buf); err != nil {
						return
					}
					out := buf
					if !first {
						out = bad(buf)
					}
					if _, err := c.Write(out); err != nil {
						return
					}
				}
			}()
		}
		for _, c := range conns {
			c.Close()
		}
		for range conns {
			<-served
		}
	}()
	return ln.Addr().String()
}
