package remoting

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
)

// actorio: package remote, written as its users would: a Node on the NATS
// server's URL with a registry of the message types, Register and Lookup
// by service key, Ref.Send, futures.Ask. Everything else is the default.
func init() {
	drivers["actorio"] = driver{nats: true, kinds: []string{kindTell, kindPipe, kindAsk},
		receive: receiveActorio, send: sendActorio}
}

// The messages of the actorio nodes.
type (
	// sinkMsg is what the tell sink takes: a tellMsg, or the helloMsg that says
	// where to send credit.
	sinkMsg   interface{ isSinkMsg() }
	tellMsg   struct{ Data []byte }
	helloMsg  struct{ Credit actor.Ref[creditMsg] }
	creditMsg struct{ N int64 }
	// echoMsg is a request whose reply is its own Data.
	echoMsg struct {
		Data  []byte
		Reply futures.Promise[echoedMsg]
	}
	echoedMsg struct{ Data []byte }
	// pingMsg carries the ref its pong goes to.
	pingMsg struct {
		Data []byte
		From actor.Ref[pongMsg]
	}
	pongMsg struct{ Data []byte }
)

func (tellMsg) isSinkMsg()  {}
func (helloMsg) isSinkMsg() {}

// Service keys.
const (
	keySink = "bench.sink"
	keyEcho = "bench.echo"
	keyPong = "bench.pong." // + pair number
)

// setupTimeout bounds a node's start and its lookups.
const setupTimeout = 30 * time.Second

// actorioNode is a system joined to the NATS server.
type actorioNode struct {
	sys  *actor.System
	node *remote.Node
}

func startActorio(cfg config, w *wire) (*actorioNode, error) {
	c, err := codec.CBOR()
	if err != nil {
		return nil, err
	}
	reg := codec.NewRegistry(c)
	for _, err := range []error{
		codec.Register[tellMsg](reg, "bench.Tell"), codec.Register[helloMsg](reg, "bench.Hello"),
		codec.Register[creditMsg](reg, "bench.Credit"), codec.Register[echoMsg](reg, "bench.Echo"),
		codec.Register[echoedMsg](reg, "bench.Echoed"), codec.Register[pingMsg](reg, "bench.Ping"),
		codec.Register[pongMsg](reg, "bench.Pong"),
	} {
		if err != nil {
			return nil, err
		}
	}
	sys, err := actor.NewSystem()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	node, err := remote.Start(ctx, sys, remote.WithURL(cfg.URL), remote.WithRegistry(reg),
		remote.WithNATSOptions(nats.SetCustomDialer(w)))
	if err != nil {
		_ = sys.Shutdown(ctx)
		return nil, err
	}
	return &actorioNode{sys: sys, node: node}, nil
}

// lost returns the node's dead letters and undecodable batches.
func (a *actorioNode) lost() int64 {
	m := a.node.Metrics()
	return int64(a.sys.Metrics().DeadLetters + m.DeadLetters + m.Malformed)
}

func (a *actorioNode) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	return a.sys.Shutdown(ctx) // closes the node first
}

// actorioReceiver serves one workload kind.
type actorioReceiver struct {
	*actorioNode
	sinkHolder
}

func receiveActorio(cfg config, w *wire) (receiver, error) {
	n, err := startActorio(cfg, w)
	if err != nil {
		return nil, err
	}
	r := &actorioReceiver{actorioNode: n}
	if err := r.serve(cfg); err != nil {
		return nil, errors.Join(err, n.close())
	}
	return r, nil
}

func (r *actorioReceiver) serve(cfg config) error {
	switch cfg.Kind {
	case kindTell:
		r.sink = newSink(cfg.N, cfg.Window, cfg.Size)
		var credit actor.Ref[creditMsg]
		ref, err := actor.SpawnFunc(r.sys, func(_ *actor.Context[sinkMsg], m sinkMsg) {
			switch m := m.(type) {
			case helloMsg:
				credit = m.Credit
				_ = credit.Send(creditMsg{N: r.sink.count.Load()})
			case tellMsg:
				if n, grant := r.sink.take(m.Data); grant {
					if err := credit.Send(creditMsg{N: n}); err != nil {
						r.sink.fail(err)
					}
				}
			}
		})
		if err != nil {
			return err
		}
		return remote.Register(r.node, keySink, ref)
	case kindPipe:
		for i := range cfg.Pairs {
			ref, err := actor.SpawnFunc(r.sys, func(_ *actor.Context[pingMsg], m pingMsg) {
				_ = m.From.Send(pongMsg{Data: m.Data})
			})
			if err != nil {
				return err
			}
			if err := remote.Register(r.node, keyPong+strconv.Itoa(i), ref); err != nil {
				return err
			}
		}
		return nil
	default:
		ref, err := actor.SpawnFunc(r.sys, func(_ *actor.Context[echoMsg], m echoMsg) {
			_ = m.Reply.Resolve(echoedMsg{Data: m.Data})
		})
		if err != nil {
			return err
		}
		return remote.Register(r.node, keyEcho, ref)
	}
}

func (r *actorioReceiver) addr() string { return "" }

func (r *actorioReceiver) report() report {
	rep := r.counts()
	rep.Lost = r.lost()
	return rep
}

// actorioSender runs one workload kind.
type actorioSender struct {
	*actorioNode
	cfg config

	sink   actor.Ref[sinkMsg] // tell
	window *window
	pongs  []actor.Ref[pingMsg] // pipe: the pongers
	pings  []actor.Ref[pongMsg] // pipe: the pingers
	pairs  *pairs
	echo   actor.Ref[echoMsg] // ask
}

func sendActorio(cfg config, w *wire) (sender, error) {
	n, err := startActorio(cfg, w)
	if err != nil {
		return nil, err
	}
	s := &actorioSender{actorioNode: n, cfg: cfg}
	if err := s.setup(); err != nil {
		return nil, errors.Join(err, n.close())
	}
	return s, nil
}

// setup looks the receiver's actors up, spawns the local ones and makes
// the untimed exchange.
func (s *actorioSender) setup() error {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	var err error
	switch s.cfg.Kind {
	case kindTell:
		if s.sink, err = remote.Lookup[sinkMsg](ctx, s.node, keySink); err != nil {
			return err
		}
		s.window = newWindow(s.cfg.Window)
		credit, err := actor.SpawnFunc(s.sys, func(_ *actor.Context[creditMsg], c creditMsg) { s.window.grant(c.N) })
		if err != nil {
			return err
		}
		if err := s.sink.Send(helloMsg{Credit: credit}); err != nil {
			return err
		}
		return s.window.ready()
	case kindPipe:
		s.pairs = newPairs(s.cfg.Pairs, s.cfg.N, s.cfg.Window, s.cfg.Size)
		for i := range s.cfg.Pairs {
			pong, err := remote.Lookup[pingMsg](ctx, s.node, keyPong+strconv.Itoa(i))
			if err != nil {
				return err
			}
			ping, err := actor.SpawnFunc(s.sys, func(ctx *actor.Context[pongMsg], m pongMsg) {
				if next := s.pairs.pong(i, m.Data); next != nil {
					if err := pong.Send(pingMsg{Data: next, From: ctx.Self()}); err != nil {
						s.pairs.fail(err)
					}
				}
			})
			if err != nil {
				return err
			}
			s.pongs, s.pings = append(s.pongs, pong), append(s.pings, ping)
		}
		return s.warmPipe(ctx)
	default:
		if s.echo, err = remote.Lookup[echoMsg](ctx, s.node, keyEcho); err != nil {
			return err
		}
		warm := newPayloads(0, s.cfg.Size).make(warmSeq)
		_, err := s.ask(ctx, warm)
		return err
	}
}

// warmPipe makes one round trip through the first ponger, to an actor of
// its own.
func (s *actorioSender) warmPipe(ctx context.Context) error {
	got := make(chan []byte, 1)
	warm, err := actor.SpawnFunc(s.sys, func(c *actor.Context[pongMsg], m pongMsg) {
		got <- m.Data
		c.Stop()
	})
	if err != nil {
		return err
	}
	b := newPayloads(0, s.cfg.Size).make(warmSeq)
	if err := s.pongs[0].Send(pingMsg{Data: b, From: warm}); err != nil {
		return err
	}
	select {
	case d := <-got:
		if !bytes.Equal(d, b) {
			return errors.New("the warm-up pong differs from its ping")
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("warm-up pong: %w", ctx.Err())
	}
}

// ask makes one request and checks its reply.
func (s *actorioSender) ask(ctx context.Context, b []byte) (time.Duration, error) {
	t0 := time.Now()
	v, err := futures.Ask(s.echo, func(p futures.Promise[echoedMsg]) echoMsg { return echoMsg{Data: b, Reply: p} }, askTimeout).Await(ctx)
	rtt := time.Since(t0)
	if err != nil {
		return rtt, err
	}
	if !bytes.Equal(v.Data, b) {
		return rtt, errors.New("a reply differs from its request")
	}
	return rtt, nil
}

func (s *actorioSender) run(ctx context.Context) report {
	switch s.cfg.Kind {
	case kindTell:
		return tellLoop(s.cfg, s.window, func(b []byte) error { return s.sink.Send(tellMsg{Data: b}) })
	case kindPipe:
		return s.pairs.run(func(i int, b []byte) error { return s.pongs[i].Send(pingMsg{Data: b, From: s.pings[i]}) })
	default:
		return askLoop(s.cfg, func(b []byte) (time.Duration, error) { return s.ask(ctx, b) })
	}
}

func (s *actorioSender) report() report { return report{Lost: s.lost()} }
