package remoting

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/actorio/actorio/bench/internal/proc"
)

// serverReady bounds the NATS server's start.
const serverReady = 10 * time.Second

// serverMain is the hidden subcommand "remote-nats-server": a NATS
// server with the defaults, without logging, on a free loopback port. It
// writes "addr nats://HOST:PORT" once it accepts clients, answers each
// "stats" with its CPU time and Varz message and byte counts, and shuts
// down when in ends. It returns the process's exit status.
func serverMain(args []string, in io.Reader, out io.Writer) int {
	fs := flag.NewFlagSet("remote-nats-server", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := proc.NewLineWriter(out)
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true})
	if err != nil {
		_ = w.Fail(err)
		return 1
	}
	ns.Start()
	defer func() {
		ns.Shutdown()
		ns.WaitForShutdown()
	}()
	if !ns.ReadyForConnections(serverReady) {
		_ = w.Fail(errors.New("the NATS server does not accept connections"))
		return 1
	}
	if err := w.Line(lineAddr, ns.ClientURL()); err != nil {
		return 1
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if sc.Text() != cmdStats {
			_ = w.Fail(fmt.Errorf("unknown command %q", sc.Text()))
			continue
		}
		st, err := ownStats()
		if err == nil {
			var v *server.Varz
			if v, err = ns.Varz(nil); err == nil {
				st.InMsgs, st.InBytes, st.OutMsgs, st.OutBytes = v.InMsgs, v.InBytes, v.OutMsgs, v.OutBytes
			}
		}
		if err != nil {
			_ = w.Fail(err)
			continue
		}
		_ = w.JSON(lineStats, st)
	}
	return 0
}
