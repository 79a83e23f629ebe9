package remoting

import (
	"context"
	"encoding/binary"
	"time"
)

// Internals for the external tests.
var (
	NodeMain   = nodeMain
	ServerMain = serverMain
	Metrics    = metrics
)

type (
	Report = report
	Stats  = stats
)

// SetTellGrace sets how long the harness waits for a tell receiver, until
// the returned function restores it.
func SetTellGrace(d time.Duration) (restore func()) {
	old := tellGrace
	tellGrace = d
	return func() { tellGrace = old }
}

// Payloads makes and checks the payloads of stream.
func Payloads(stream uint32, size int) (make func(seq uint64) []byte, check func([]byte) (uint64, bool)) {
	p := newPayloads(stream, size)
	return p.make, p.check
}

// Sink is the tell workload's receiving end.
type Sink struct{ s *sink }

func NewSink(n, window, size int) Sink                  { return Sink{newSink(n, window, size)} }
func (s Sink) Take(b []byte) (credit int64, grant bool) { return s.s.take(b) }
func (s Sink) Report() Report                           { return s.s.report() }
func (s Sink) Done() <-chan struct{}                    { return s.s.done }

// Window is the tell workload's sending end.
type Window struct{ w *window }

func NewWindow(size int) Window         { return Window{newWindow(size)} }
func (w Window) Grant(n int64)          { w.w.grant(n) }
func (w Window) Wait(upTo int64) error  { return w.w.wait(upTo) }
func (w Window) Ready() <-chan struct{} { return w.w.first }

// Pairs is the pipelined workload's sending end.
type Pairs struct{ p *pairs }

func NewPairs(count, n, inFlight, size int) Pairs { return Pairs{newPairs(count, n, inFlight, size)} }
func (p Pairs) Start(i int) [][]byte              { return p.p.start(i) }
func (p Pairs) Pong(i int, b []byte) []byte       { return p.p.pong(i, b) }
func (p Pairs) Done() <-chan struct{}             { return p.p.done }
func (p Pairs) Report() Report                    { return p.p.report() }

// Systems for the harness tests, registered in the children too: raw
// nats.go tells whose sender drops message 5 ("test-drop") or changes a
// byte of message 7 ("test-corrupt"). The harness must fail both runs.
func init() {
	faulty := func(skip, corrupt int) driver {
		return driver{nats: true, kinds: []string{kindTell},
			receive: func(cfg config, w *wire) (receiver, error) { return receiveNATS(cfg, w, 1) },
			send: func(cfg config, w *wire) (sender, error) {
				s, err := sendNATS(cfg, w, 1)
				if err != nil {
					return nil, err
				}
				return &faultySender{natsSender: s.(*natsSender), skip: skip, corrupt: corrupt}, nil
			}}
	}
	drivers["test-drop"] = faulty(5, -1)
	drivers["test-corrupt"] = faulty(-1, 7)
}

type faultySender struct {
	*natsSender
	skip, corrupt int
}

func (f *faultySender) run(context.Context) report {
	rep := tellLoop(f.cfg, f.window, func(b []byte) error {
		switch int(binary.BigEndian.Uint64(b)) {
		case f.skip:
			return nil
		case f.corrupt:
			b[len(b)-1]++
		}
		return f.nc.Publish(subjSink, b)
	})
	if err := f.nc.Flush(); err != nil && rep.Err == "" {
		rep.Err = err.Error()
	}
	return rep
}
