package remoting

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/remote"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// protoactor: protoactor-go's remote package (gRPC), written as its users
// would: a remote on a free loopback port, named actors, PIDs from the
// receiver's address, Root.Send, Context.Request and Respond,
// RequestFuture. Messages are protobuf well-known wrappers: BytesValue for
// the payloads, StringValue for the hello, Int64Value for credit. Its
// connections count their bytes through transport credentials that do no
// security, as its default insecure dial option does.
func init() {
	drivers["protoactor"] = driver{kinds: []string{kindTell, kindPipe, kindAsk},
		receive: receiveProto, send: sendProto}
}

// Names of the receiver's actors.
const (
	nameSink = "sink"
	nameEcho = "echo"
	namePong = "pong-" // + pair number
)

// protoNode is an actor system with its remote started.
type protoNode struct {
	sys    *actor.ActorSystem
	remote *remote.Remote
	dead   atomic.Int64 // user messages dead-lettered
}

func startProto(w *wire) *protoNode {
	n := &protoNode{sys: actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	}))}
	n.sys.EventStream.Subscribe(func(evt any) {
		if d, ok := evt.(*actor.DeadLetterEvent); ok {
			if _, system := d.Message.(actor.SystemMessage); !system {
				n.dead.Add(1)
			}
		}
	})
	creds := w.credentials()
	cfg := remote.Configure("127.0.0.1", 0,
		remote.WithDialOptions(grpc.WithTransportCredentials(creds)),
		remote.WithServerOptions(grpc.Creds(creds)))
	n.remote = remote.NewRemote(n.sys, cfg)
	n.remote.Start()
	return n
}

func (n *protoNode) close() error {
	n.remote.Shutdown(false) // its graceful stop can wait 10 s for gRPC
	n.sys.Shutdown()
	return nil
}

// protoReceiver serves one workload kind.
type protoReceiver struct {
	*protoNode
	sinkHolder
}

func receiveProto(cfg config, w *wire) (receiver, error) {
	n := startProto(w)
	r := &protoReceiver{protoNode: n}
	if err := r.serve(cfg); err != nil {
		return nil, errors.Join(err, n.close())
	}
	return r, nil
}

func (r *protoReceiver) serve(cfg config) error {
	echo := actor.PropsFromFunc(func(ctx actor.Context) {
		if m, ok := ctx.Message().(*wrapperspb.BytesValue); ok {
			ctx.Respond(&wrapperspb.BytesValue{Value: m.Value})
		}
	})
	switch cfg.Kind {
	case kindTell:
		r.sink = newSink(cfg.N, cfg.Window, cfg.Size)
		var credit *actor.PID
		_, err := r.sys.Root.SpawnNamed(actor.PropsFromFunc(func(ctx actor.Context) {
			switch m := ctx.Message().(type) {
			case *wrapperspb.StringValue: // hello: credit goes to its sender
				credit = ctx.Sender()
				ctx.Respond(&wrapperspb.Int64Value{Value: r.sink.count.Load()})
			case *wrapperspb.BytesValue:
				if n, grant := r.sink.take(m.Value); grant {
					ctx.Send(credit, &wrapperspb.Int64Value{Value: n})
				}
			}
		}), nameSink)
		return err
	case kindPipe:
		for i := range cfg.Pairs {
			if _, err := r.sys.Root.SpawnNamed(echo, namePong+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		return nil
	default:
		_, err := r.sys.Root.SpawnNamed(echo, nameEcho)
		return err
	}
}

func (r *protoReceiver) addr() string { return r.sys.Address() }

func (r *protoReceiver) report() report {
	rep := r.counts()
	rep.Lost = r.dead.Load()
	return rep
}

// protoSender runs one workload kind.
type protoSender struct {
	*protoNode
	cfg config

	sink   *actor.PID // tell
	window *window
	pongs  []*actor.PID // pipe: the pongers
	pings  []*actor.PID // pipe: the pingers
	pairs  *pairs
	echo   *actor.PID // ask
}

func sendProto(cfg config, w *wire) (sender, error) {
	if cfg.Peer == "" {
		return nil, errors.New("protoactor: no receiver address (-peer)")
	}
	s := &protoSender{protoNode: startProto(w), cfg: cfg}
	if err := s.setup(); err != nil {
		return nil, errors.Join(err, s.close())
	}
	return s, nil
}

// setup spawns the local actors and makes the untimed exchange, which
// opens the gRPC streams both ways.
func (s *protoSender) setup() error {
	switch s.cfg.Kind {
	case kindTell:
		s.sink = actor.NewPID(s.cfg.Peer, nameSink)
		s.window = newWindow(s.cfg.Window)
		credit := s.sys.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			if m, ok := ctx.Message().(*wrapperspb.Int64Value); ok {
				s.window.grant(m.Value)
			}
		}))
		s.sys.Root.RequestWithCustomSender(s.sink, &wrapperspb.StringValue{Value: "hello"}, credit)
		return s.window.ready()
	case kindPipe:
		s.pairs = newPairs(s.cfg.Pairs, s.cfg.N, s.cfg.Window, s.cfg.Size)
		for i := range s.cfg.Pairs {
			pong := actor.NewPID(s.cfg.Peer, namePong+strconv.Itoa(i))
			ping := s.sys.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
				if m, ok := ctx.Message().(*wrapperspb.BytesValue); ok {
					if next := s.pairs.pong(i, m.Value); next != nil {
						ctx.Request(pong, &wrapperspb.BytesValue{Value: next})
					}
				}
			}))
			s.pongs, s.pings = append(s.pongs, pong), append(s.pings, ping)
		}
		_, err := s.ask(s.pongs[0], newPayloads(0, s.cfg.Size).make(warmSeq))
		return err
	default:
		s.echo = actor.NewPID(s.cfg.Peer, nameEcho)
		_, err := s.ask(s.echo, newPayloads(0, s.cfg.Size).make(warmSeq))
		return err
	}
}

// ask makes one request to pid and checks its reply.
func (s *protoSender) ask(pid *actor.PID, b []byte) (time.Duration, error) {
	t0 := time.Now()
	res, err := s.sys.Root.RequestFuture(pid, &wrapperspb.BytesValue{Value: b}, askTimeout).Result()
	rtt := time.Since(t0)
	if err != nil {
		return rtt, err
	}
	v, ok := res.(*wrapperspb.BytesValue)
	switch {
	case !ok:
		return rtt, fmt.Errorf("reply %T, want *wrapperspb.BytesValue", res)
	case !bytes.Equal(v.Value, b):
		return rtt, errors.New("a reply differs from its request")
	}
	return rtt, nil
}

func (s *protoSender) run(ctx context.Context) report {
	switch s.cfg.Kind {
	case kindTell:
		return tellLoop(s.cfg, s.window, func(b []byte) error {
			s.sys.Root.Send(s.sink, &wrapperspb.BytesValue{Value: b})
			return nil
		})
	case kindPipe:
		return s.pairs.run(func(i int, b []byte) error {
			s.sys.Root.RequestWithCustomSender(s.pongs[i], &wrapperspb.BytesValue{Value: b}, s.pings[i])
			return nil
		})
	default:
		return askLoop(s.cfg, func(b []byte) (time.Duration, error) { return s.ask(s.echo, b) })
	}
}

func (s *protoSender) report() report { return report{Lost: s.dead.Load()} }
