//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"fmt"
	"net"
	"syscall"
	"time"

	"github.com/actorio/actorio/io/netpoll"
)

// A connection made with package net, handed to a Poller: the event names
// the registration's slot and generation, and the owner reads until
// ErrWouldBlock.
func Example() {
	p, err := netpoll.New()
	if err != nil {
		fmt.Println(err) // errors.Is(err, netpoll.ErrUnsupported): use package net instead
		return
	}
	defer p.Close()

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	client, _ := net.Dial("tcp", ln.Addr().String())
	defer client.Close()
	server, _ := ln.Accept()
	rc, _ := server.(*net.TCPConn).SyscallConn()
	fd, _ := netpoll.FD(rc)
	server.Close() // the fd now holds the connection alone
	defer syscall.Close(fd)

	_ = p.Add(fd, netpoll.Readable, netpoll.MakeToken(7, 1))
	defer p.Remove(fd)
	client.Write([]byte("hello"))

	events := make([]netpoll.Event, 8)
	n, _ := p.Wait(events, 5*time.Second)
	for _, ev := range events[:n] {
		buf := make([]byte, 64)
		m, _ := netpoll.Readv(fd, [][]byte{buf})
		_, err := netpoll.Readv(fd, [][]byte{buf})
		fmt.Printf("slot %d gen %d: %q, then %v\n", ev.Token.Index(), ev.Token.Gen(), buf[:m], err)
	}
	// Output:
	// slot 7 gen 1: "hello", then netpoll: operation would block
}
