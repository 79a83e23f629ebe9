package reactor_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/io/reactor"
)

// upper is a connection handler: it answers each line with the line in
// upper case.
type upper struct{ c *reactor.Conn }

func (u *upper) Receive(*actor.Context[struct{}], struct{}) {}

func (u *upper) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	if f, ok := ev.(reactor.Frame); ok {
		_ = u.c.WriteFrame([]byte(strings.ToUpper(string(f.Data))))
	}
}

// A line-based server: each connection is an actor, and the line codec
// turns its input into one Frame event per line.
func Example() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	r, _ := reactor.New(sys)
	lines, _ := codec.NewLine()
	ln, err := reactor.Listen(sys, r, "tcp", "127.0.0.1:0",
		func(c *reactor.Conn) reactor.Handler[struct{}] { return &upper{c} },
		reactor.WithCodec(lines))
	if err != nil {
		fmt.Println(err)
		return
	}

	conn, _ := net.Dial("tcp", ln.Addr().String())
	defer conn.Close()
	fmt.Fprint(conn, "hello\nactors\n")
	in := bufio.NewScanner(conn)
	for range 2 {
		in.Scan()
		fmt.Println(in.Text())
	}
	// Output:
	// HELLO
	// ACTORS
}

// pinger is the handler of a connection made with Dial: other actors send
// it strings, which it writes as lines; it prints the replies, and closes
// the connection after the second.
type pinger struct {
	c       *reactor.Conn
	replies int
	done    chan struct{}
}

func (p *pinger) Receive(_ *actor.Context[string], msg string) {
	_ = p.c.WriteFrame([]byte(msg))
}

func (p *pinger) HandleIO(_ *actor.Context[string], ev reactor.Event) {
	switch ev := ev.(type) {
	case reactor.Frame:
		fmt.Println("reply:", string(ev.Data))
		if p.replies++; p.replies == 2 {
			_ = p.c.Close()
		}
	case reactor.Closed:
		close(p.done)
	}
}

// Dial makes a client connection an actor: the returned Ref takes the
// handler's own messages.
func ExampleDial() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())
	r, _ := reactor.New(sys)
	lines, _ := codec.NewLine()
	ln, _ := reactor.Listen(sys, r, "tcp", "127.0.0.1:0",
		func(c *reactor.Conn) reactor.Handler[struct{}] { return &upper{c} },
		reactor.WithCodec(lines))

	done := make(chan struct{})
	ref, err := reactor.Dial(context.Background(), sys, r, "tcp", ln.Addr().String(),
		func(c *reactor.Conn) reactor.Handler[string] { return &pinger{c: c, done: done} },
		reactor.WithCodec(lines))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = ref.Send("ping")
	_ = ref.Send("pong")
	<-done
	// Output:
	// reply: PING
	// reply: PONG
}
