package echo

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/actorio/actorio/bench/internal/proc"
)

// serverMain is the hidden subcommand "echo-server -system NAME -addr
// HOST:PORT". It runs the named server, writes "addr HOST:PORT" once it
// listens, answers each "stats" command with a stats line, and stops the
// server when in ends. It returns the process's exit status: 0 after a
// clean stop, 1 if the server failed, 2 for bad arguments.
func serverMain(args []string, in io.Reader, out io.Writer) int {
	fs := flag.NewFlagSet("echo-server", flag.ContinueOnError)
	system := fs.String("system", "", "registered echo server to run: "+strings.Join(Names(), ", "))
	addr := fs.String("addr", "127.0.0.1:0", "TCP address to listen on")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	srv, ok := Lookup(*system)
	if !ok {
		fmt.Fprintf(fs.Output(), "echo-server: unknown server %q (have %s)\n", *system, strings.Join(Names(), ", "))
		return 2
	}
	if err := proc.RaiseFileLimit(); err != nil {
		log.Printf("echo-server: raising the open-file limit: %v", err)
	}
	w := proc.NewLineWriter(out)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		defer cancel()
		serveCommands(in, w)
	}()
	if err := srv(ctx, *addr, func(a net.Addr) { _ = w.Line(lineAddr, a.String()) }); err != nil {
		_ = w.Fail(err)
		return 1
	}
	return 0
}

// serveCommands answers the harness's commands until in ends.
func serveCommands(in io.Reader, w *proc.LineWriter) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		switch sc.Text() {
		case cmdStats:
		case cmdSettled:
			// Memory the program retains, not garbage awaiting the next
			// collection or freed pages the runtime has yet to return.
			runtime.GC()
			debug.FreeOSMemory()
		default:
			_ = w.Fail(fmt.Errorf("unknown command %q", sc.Text()))
			continue
		}
		st, err := readStats()
		if err != nil {
			_ = w.Fail(err)
			continue
		}
		_ = w.JSON(lineStats, st)
	}
}
