package remoting

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

// nats: raw nats.go, the floor under any actor runtime on NATS: Publish
// for tells, nc.Request and Msg.Respond for asks, a subscription where the
// others have an actor. nats-b100 is the same with the tells packed 100
// to a publish, as the reference figures measure batching.
func init() {
	drivers["nats"] = driver{nats: true, kinds: []string{kindTell, kindPipe, kindAsk},
		receive: func(cfg config, w *wire) (receiver, error) { return receiveNATS(cfg, w, 1) },
		send:    func(cfg config, w *wire) (sender, error) { return sendNATS(cfg, w, 1) }}
	drivers["nats-b100"] = driver{nats: true, kinds: []string{kindTell},
		receive: func(cfg config, w *wire) (receiver, error) { return receiveNATS(cfg, w, natsBatch) },
		send:    func(cfg config, w *wire) (sender, error) { return sendNATS(cfg, w, natsBatch) }}
}

// natsBatch is how many tells nats-b100 packs into one publish.
const natsBatch = 100

// Subjects.
const (
	subjSink   = "bench.sink"
	subjHello  = "bench.hello"
	subjCredit = "bench.credit"
	subjEcho   = "bench.echo"
	subjPong   = "bench.pong." // + pair number: the pongers
	subjPing   = "bench.ping." // + pair number: the pingers' reply subjects
)

// natsNode is a connection to the NATS server that counts what its
// subscriptions drop and the errors the server or client report.
type natsNode struct {
	nc     *nats.Conn
	subs   []*nats.Subscription
	errors atomic.Int64 // asynchronous errors: slow consumers and the like
}

func connectNATS(cfg config, w *wire) (*natsNode, error) {
	n := &natsNode{}
	nc, err := nats.Connect(cfg.URL, nats.SetCustomDialer(w), nats.Name("bench "+cfg.Kind),
		nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) { n.errors.Add(1) }))
	if err != nil {
		return nil, err
	}
	n.nc = nc
	return n, nil
}

func (n *natsNode) subscribe(subj string, cb nats.MsgHandler) error {
	s, err := n.nc.Subscribe(subj, cb)
	if err != nil {
		return err
	}
	n.subs = append(n.subs, s)
	return nil
}

// lost returns the messages the subscriptions dropped plus the
// asynchronous errors.
func (n *natsNode) lost() int64 {
	lost := n.errors.Load()
	for _, s := range n.subs {
		if d, err := s.Dropped(); err == nil {
			lost += int64(d)
		}
	}
	return lost
}

func (n *natsNode) close() error {
	err := n.nc.Drain() // lets the callbacks finish
	for n.nc.IsDraining() {
		time.Sleep(time.Millisecond)
	}
	n.nc.Close()
	return err
}

// natsReceiver serves one workload kind.
type natsReceiver struct {
	*natsNode
	sinkHolder
}

func receiveNATS(cfg config, w *wire, batch int) (receiver, error) {
	n, err := connectNATS(cfg, w)
	if err != nil {
		return nil, err
	}
	r := &natsReceiver{natsNode: n}
	if err := r.serve(cfg, batch); err != nil {
		return nil, errors.Join(err, n.close())
	}
	return r, nil
}

func (r *natsReceiver) serve(cfg config, batch int) error {
	echo := func(m *nats.Msg) { _ = m.Respond(m.Data) }
	var err error
	switch cfg.Kind {
	case kindTell:
		r.sink = newSink(cfg.N, cfg.Window, cfg.Size)
		credit := make([]byte, 8)
		err = errors.Join(
			r.subscribe(subjHello, func(m *nats.Msg) { _ = m.Respond(nil) }),
			r.subscribe(subjSink, func(m *nats.Msg) {
				if len(m.Data)%cfg.Size != 0 || len(m.Data) > batch*cfg.Size {
					r.sink.bad.Add(1)
					return
				}
				for b := m.Data; len(b) > 0; b = b[cfg.Size:] {
					if n, grant := r.sink.take(b[:cfg.Size]); grant {
						binary.BigEndian.PutUint64(credit, uint64(n))
						if err := r.nc.Publish(subjCredit, credit); err != nil {
							r.sink.fail(err)
						}
					}
				}
			}))
	case kindPipe:
		for i := range cfg.Pairs {
			err = errors.Join(err, r.subscribe(subjPong+strconv.Itoa(i), echo))
		}
	default:
		err = r.subscribe(subjEcho, echo)
	}
	if err != nil {
		return err
	}
	return r.nc.Flush() // the subscriptions are in place at the server
}

func (r *natsReceiver) addr() string { return "" }

func (r *natsReceiver) report() report {
	rep := r.counts()
	rep.Lost = r.lost()
	return rep
}

// natsSender runs one workload kind.
type natsSender struct {
	*natsNode
	cfg    config
	batch  int
	tally  tally
	window *window // tell
	pairs  *pairs  // pipe
}

func sendNATS(cfg config, w *wire, batch int) (sender, error) {
	n, err := connectNATS(cfg, w)
	if err != nil {
		return nil, err
	}
	s := &natsSender{natsNode: n, cfg: cfg, batch: batch}
	if err := s.setup(); err != nil {
		return nil, errors.Join(err, n.close())
	}
	return s, nil
}

// setup subscribes to what comes back and makes the untimed exchange.
func (s *natsSender) setup() error {
	switch s.cfg.Kind {
	case kindTell:
		s.window = newWindow(s.cfg.Window)
		if err := s.subscribe(subjCredit, func(m *nats.Msg) {
			if len(m.Data) == 8 {
				s.window.grant(int64(binary.BigEndian.Uint64(m.Data)))
			}
		}); err != nil {
			return err
		}
		if err := s.nc.Flush(); err != nil {
			return err
		}
		_, err := s.nc.Request(subjHello, nil, askTimeout)
		return err
	case kindPipe:
		s.pairs = newPairs(s.cfg.Pairs, s.cfg.N, s.cfg.Window, s.cfg.Size)
		for i := range s.cfg.Pairs {
			pong, reply := subjPong+strconv.Itoa(i), subjPing+strconv.Itoa(i)
			if err := s.subscribe(reply, func(m *nats.Msg) {
				if next := s.pairs.pong(i, m.Data); next != nil {
					if err := s.nc.PublishRequest(pong, reply, next); err != nil {
						s.pairs.fail(err)
					}
				}
			}); err != nil {
				return err
			}
		}
		if err := s.nc.Flush(); err != nil {
			return err
		}
		_, err := s.ask(subjPong+"0", newPayloads(0, s.cfg.Size).make(warmSeq))
		return err
	default:
		_, err := s.ask(subjEcho, newPayloads(0, s.cfg.Size).make(warmSeq))
		return err
	}
}

// ask makes one request on subj and checks its reply.
func (s *natsSender) ask(subj string, b []byte) (time.Duration, error) {
	t0 := time.Now()
	m, err := s.nc.Request(subj, b, askTimeout)
	rtt := time.Since(t0)
	if err != nil {
		return rtt, err
	}
	if !bytes.Equal(m.Data, b) {
		return rtt, errors.New("a reply differs from its request")
	}
	return rtt, nil
}

func (s *natsSender) run(context.Context) report {
	switch s.cfg.Kind {
	case kindTell:
		s.tell()
		return s.tally.report()
	case kindPipe:
		return s.pairs.run(func(i int, b []byte) error {
			return s.nc.PublishRequest(subjPong+strconv.Itoa(i), subjPing+strconv.Itoa(i), b)
		})
	default:
		return askLoop(s.cfg, func(b []byte) (time.Duration, error) { return s.ask(subjEcho, b) })
	}
}

// tell publishes the messages, s.batch to a publish, from one buffer
// that nats.go copies: the floor reuses it.
func (s *natsSender) tell() {
	p, size := newPayloads(0, s.cfg.Size), s.cfg.Size
	buf := make([]byte, s.batch*size)
	for i := 0; i < s.cfg.N; {
		k := min(s.batch, s.cfg.N-i)
		if err := s.window.wait(int64(i + k)); err != nil {
			s.tally.fail(err)
			return
		}
		for j := range k {
			p.fill(buf[j*size:(j+1)*size], uint64(i+j))
			s.tally.ok(uint64(i + j))
		}
		if err := s.nc.Publish(subjSink, buf[:k*size]); err != nil {
			s.tally.fail(fmt.Errorf("message %d: %w", i, err))
			return
		}
		i += k
	}
	if err := s.nc.Flush(); err != nil {
		s.tally.fail(err)
	}
}

func (s *natsSender) report() report { return report{Lost: s.lost()} }
