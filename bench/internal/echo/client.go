package echo

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"

	"github.com/actorio/actorio/bench/internal/proc"
)

// clientMain is the hidden subcommand "echo-client -addr HOST:PORT -conns
// C -size S [-requests N | -idle]". A busy client opens its C connections,
// makes an untimed round trip on each, writes "ready", waits for "go",
// makes N round trips in all and writes its result. An idle client writes
// "ready" at once and, on "go", opens its C connections with one round
// trip each and writes its result. Either then keeps its connections open
// until in ends. It returns the process's exit status: 0 when it reported
// a result, 1 if it could not, 2 for bad arguments.
func clientMain(args []string, in io.Reader, out io.Writer) int {
	fs := flag.NewFlagSet("echo-client", flag.ContinueOnError)
	addr := fs.String("addr", "", "server address")
	conns := fs.Int("conns", 1, "connections")
	size := fs.Int("size", 64, "bytes per request")
	requests := fs.Int("requests", 0, "round trips in all, for a busy client")
	idle := fs.Bool("idle", false, "open the connections in the measured phase and make one round trip on each")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *addr == "" || *conns < 1 || *size < headerLen || (!*idle && *requests < 1) {
		fmt.Fprintf(fs.Output(), "echo-client: need -addr, -conns >= 1, -size >= %d, and -requests >= 1 or -idle\n", headerLen)
		return 2
	}
	if err := proc.RaiseFileLimit(); err != nil {
		log.Printf("echo-client: raising the open-file limit: %v", err)
	}
	w := proc.NewLineWriter(out)
	l := &load{addr: *addr, size: *size}
	defer l.close()
	if !*idle {
		if err := l.warm(*conns); err != nil {
			_ = w.Fail(err)
			return 1
		}
	}
	cmds := bufio.NewScanner(in)
	if err := w.Line(lineReady, ""); err != nil || !cmds.Scan() || cmds.Text() != cmdGo {
		return 1
	}
	var res result
	if *idle {
		res = l.idle(*conns)
	} else {
		res = l.busy(*requests)
	}
	if err := w.JSON(lineResult, res); err != nil {
		return 1
	}
	for cmds.Scan() { // until in ends
	}
	return 0
}
