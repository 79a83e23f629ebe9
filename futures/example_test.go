package futures_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/actorio/actorio/futures"
)

// upper is a request to the upper-casing server below; it carries the
// promise the reply completes.
type upper struct {
	text  string
	reply futures.Promise[string]
}

// server stands in for an actor: a goroutine that answers requests from
// its mailbox until it is closed.
type server struct {
	mailbox chan upper
	wg      sync.WaitGroup
}

func newServer() *server {
	s := &server{mailbox: make(chan upper, 8)}
	s.wg.Go(func() {
		for req := range s.mailbox {
			_ = req.reply.Resolve(strings.ToUpper(req.text))
		}
	})
	return s
}

func (s *server) Send(msg upper) error { s.mailbox <- msg; return nil }
func (s *server) Close()               { close(s.mailbox); s.wg.Wait() }

func ExampleAsk() {
	srv := newServer()
	defer srv.Close()

	reply := futures.Ask(srv, func(p futures.Promise[string]) upper {
		return upper{text: "hello", reply: p}
	}, time.Second)

	v, err := reply.Await(context.Background())
	fmt.Println(v, err)
	// Output: HELLO <nil>
}

// inbox is a Sender that prints what it receives, standing in for an
// actor's mailbox.
type inbox struct{}

func (inbox) Send(msg string) error { fmt.Println("received:", msg); return nil }

func ExamplePipeTo() {
	p, f := futures.NewPromise[int]()
	futures.PipeTo(f, inbox{}, func(v int, err error) string {
		if err != nil {
			return "lookup failed: " + err.Error()
		}
		return fmt.Sprint("lookup found ", v)
	})

	_ = p.Resolve(42) // the message is delivered as the future completes
	// Output: received: lookup found 42
}

func ExampleAll() {
	ps := make([]futures.Promise[int], 3)
	fs := make([]futures.Future[int], 3)
	for i := range ps {
		ps[i], fs[i] = futures.NewPromise[int]()
	}
	all := futures.All(fs...)

	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Go(func() { _ = p.Resolve(i * i) })
	}
	wg.Wait()

	squares, err := all.Await(context.Background())
	fmt.Println(squares, err)
	// Output: [0 1 4] <nil>
}

func ExampleTimeout() {
	_, slow := futures.NewPromise[string]() // nobody will complete it

	_, err := futures.Timeout(slow, 10*time.Millisecond).Await(context.Background())
	fmt.Println(err)
	fmt.Println(errors.Is(err, futures.ErrTimeout), errors.Is(err, context.DeadlineExceeded))
	// Output:
	// futures: timed out after 10ms
	// true true
}

// A group collects the results of many requests as they complete; All
// gives them in the order they were made, whatever order the answers
// came in.
func ExampleGroup() {
	ctx := context.Background()
	type square struct {
		n     int
		reply futures.Promise[int]
	}
	requests := make(chan square, 3)
	go func() { // a server that answers the last request first
		var got []square
		for r := range requests {
			got = append(got, r)
		}
		for i := len(got) - 1; i >= 0; i-- {
			_ = got[i].reply.Resolve(got[i].n * got[i].n)
		}
	}()
	g := futures.NewGroup[int](ctx)
	for n := 1; n <= 3; n++ {
		requests <- square{n, g.Promise()}
	}
	close(requests)
	values, err := g.All().Await(ctx)
	fmt.Println(values, err)
	// Output: [1 4 9] <nil>
}
