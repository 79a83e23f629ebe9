package remoting

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"slices"
	"strings"

	"github.com/actorio/actorio/bench/internal/proc"
)

func init() {
	proc.Register("remote-node", nodeMain)
	proc.Register("remote-nats-server", serverMain)
}

// nodeMain is the hidden subcommand "remote-node -role receiver|sender
// -system NAME -kind KIND -n N -size BYTES [-pairs P] [-window W] [-url
// NATS] [-peer ADDR]". It sets up its node and writes "ready"; a sender
// runs its measured phase on "go" and writes "result"; a tell receiver
// writes "result" once it has every message. Either answers "stats" and
// "report", and tears down when in ends. It returns the process's exit
// status: 0 after a clean teardown, 1 on a failure, 2 for bad arguments.
func nodeMain(args []string, in io.Reader, out io.Writer) int {
	fs := flag.NewFlagSet("remote-node", flag.ContinueOnError)
	var cfg config
	role := fs.String("role", "", "receiver or sender")
	fs.StringVar(&cfg.System, "system", "", "system: "+strings.Join(Systems(), ", "))
	fs.StringVar(&cfg.Kind, "kind", "", "workload kind: tell, pipe or ask")
	fs.IntVar(&cfg.N, "n", 0, "messages, round trips per pair, or requests")
	fs.IntVar(&cfg.Size, "size", 100, "payload bytes")
	fs.IntVar(&cfg.Pairs, "pairs", 1, "pipelined pairs")
	fs.IntVar(&cfg.Window, "window", 1, "tell: messages unacknowledged; pipe: pings in flight per pair")
	fs.StringVar(&cfg.URL, "url", "", "NATS server URL")
	fs.StringVar(&cfg.Peer, "peer", "", "the receiver's address")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	d, ok := drivers[cfg.System]
	switch {
	case !ok:
		fmt.Fprintf(fs.Output(), "remote-node: unknown system %q (have %s)\n", cfg.System, strings.Join(Systems(), ", "))
		return 2
	case *role != "receiver" && *role != "sender":
		fmt.Fprintf(fs.Output(), "remote-node: -role must be receiver or sender\n")
		return 2
	case !slices.Contains(d.kinds, cfg.Kind) || cfg.N < 1 || cfg.Size < headerLen || cfg.Pairs < 1 || cfg.Window < 1:
		fmt.Fprintf(fs.Output(), "remote-node: %s runs kinds %v; want -n >= 1, -size >= %d, -pairs >= 1, -window >= 1\n",
			cfg.System, d.kinds, headerLen)
		return 2
	}
	if err := proc.RaiseFileLimit(); err != nil {
		log.Printf("remote-node: raising the open-file limit: %v", err)
	}
	w := proc.NewLineWriter(out)
	var counted wire
	var err error
	if *role == "receiver" {
		err = receive(d, cfg, &counted, in, w)
	} else {
		err = send(d, cfg, &counted, in, w)
	}
	if err != nil {
		_ = w.Fail(err)
		log.Printf("remote-node: %s: %v", *role, err)
		return 1
	}
	return 0
}

// receive runs a receiving node until in ends.
func receive(d driver, cfg config, counted *wire, in io.Reader, w *proc.LineWriter) error {
	r, err := d.receive(cfg, counted)
	if err != nil {
		return err
	}
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		if done := r.done(); done != nil {
			select {
			case <-done:
				_ = w.JSON(lineResult, r.report())
			case <-quit:
			}
		}
	}()
	err = w.JSON(lineReady, readyInfo{Addr: r.addr()})
	if err == nil {
		err = commands(in, w, counted, nil, r.report)
	}
	close(quit)
	<-finished
	return errors.Join(err, r.close())
}

// send runs a sending node until in ends.
func send(d driver, cfg config, counted *wire, in io.Reader, w *proc.LineWriter) error {
	s, err := d.send(cfg, counted)
	if err != nil {
		return err
	}
	err = w.Line(lineReady, "")
	if err == nil {
		err = commands(in, w, counted, func() error { return w.JSON(lineResult, s.run(context.Background())) }, s.report)
	}
	return errors.Join(err, s.close())
}

// commands answers the harness's commands until in ends. run, for a
// sender, runs the measured phase.
func commands(in io.Reader, w *proc.LineWriter, counted *wire, run func() error, rep func() report) error {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		var err error
		switch cmd := sc.Text(); {
		case cmd == cmdGo && run != nil:
			err = run()
		case cmd == cmdStats:
			var st stats
			st, err = ownStats()
			st.WireOut, st.WireIn = counted.out.Load(), counted.in.Load()
			if err == nil {
				err = w.JSON(lineStats, st)
			}
		case cmd == cmdReport:
			err = w.JSON(lineReport, rep())
		default:
			err = w.Fail(fmt.Errorf("unknown command %q", cmd))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ownStats returns this process's CPU time.
func ownStats() (stats, error) {
	cpu, err := proc.CPUTime()
	return stats{CPU: cpu.Nanoseconds()}, err
}
