package reactor_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// echoMessages is how many messages each echo client sends.
const echoMessages = 5

func TestEcho(t *testing.T) {
	tests := []struct {
		name    string
		clients int
		engines []engineCase
	}{
		{name: "1 client", clients: 1, engines: engines},
		{name: "100 clients", clients: 100, engines: engines},
		// 200 on the portable engine: two goroutines a connection make
		// 1,000 slow under -race without testing anything more.
		{name: "200 clients", clients: 200, engines: engines[1:]},
		{name: "1000 clients", clients: 1000, engines: engines[:1]},
	}
	for _, tt := range tests {
		for _, ec := range tt.engines {
			t.Run(tt.name+"/"+ec.name, func(t *testing.T) {
				e := newEnv(t, ec)
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO))
				require.NoError(t, err)
				errs := make(chan error, tt.clients)
				var wg sync.WaitGroup
				for id := range tt.clients {
					wg.Go(func() { errs <- echoClient(ln.Addr().String(), uint32(id)) })
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					require.NoError(t, err)
				}
			})
		}
	}
}

// echoClient sends echoMessages sequence-numbered messages of varied
// sizes, one at a time, and checks every byte echoed.
func echoClient(addr string, id uint32) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(waitFor)); err != nil {
		return err
	}
	got := make([]byte, 0, 32<<10)
	for seq := range uint32(echoMessages) {
		size := 8 + int(id*131+seq*7919)%(24<<10)
		msg := pattern(uint64(id)<<32|uint64(seq), size)
		binary.BigEndian.PutUint32(msg, id)
		binary.BigEndian.PutUint32(msg[4:], seq)
		if _, err := c.Write(msg); err != nil {
			return fmt.Errorf("client %d message %d: %w", id, seq, err)
		}
		got = got[:size]
		if _, err := io.ReadFull(c, got); err != nil {
			return fmt.Errorf("client %d message %d: %w", id, seq, err)
		}
		if !bytes.Equal(got, msg) {
			return fmt.Errorf("client %d message %d: echo differs", id, seq)
		}
	}
	return nil
}
