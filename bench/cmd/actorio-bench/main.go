// Command actorio-bench runs actorio's benchmark suite: every selected
// workload for every selected system, verified on every run, and writes
// REPORT.md, results.jsonl and the ratio charts.
//
// From the repository root:
//
//	go -C bench run ./cmd/actorio-bench                  # the full suite, 5 runs each
//	go -C bench run ./cmd/actorio-bench -quick           # small sizes, 1 run: correctness only
//	go -C bench run ./cmd/actorio-bench -workloads skynet,flood -systems plain-go,actorio -count 3
//	go -C bench run ./cmd/actorio-bench -workloads rings-20x100,ring-1x100 -systems actorio,actorio-1w
//	go -C bench run ./cmd/actorio-bench -workloads remote-tell,remote-ask-100 -systems actorio,protoactor,nats,nats-b100
//
// The echo workloads run their server and client as hidden subcommands of
// this binary ("echo-server", "echo-client"), which it re-executes; so do
// the remote workloads their nodes and NATS server ("remote-node",
// "remote-nats-server").
//
// It exits with status 1 if any run failed verification, and 2 for bad
// flags.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/actorio/actorio/bench/internal/echo"
	"github.com/actorio/actorio/bench/internal/proc"
	"github.com/actorio/actorio/bench/internal/remoting"
	"github.com/actorio/actorio/bench/internal/report"
	"github.com/actorio/actorio/bench/internal/suite"
	"github.com/actorio/actorio/bench/internal/systems"
	"github.com/actorio/actorio/bench/internal/systems/actorio"
	"github.com/actorio/actorio/bench/internal/systems/plain"
)

func main() {
	proc.RunIfChild() // the echo and remote workloads' children re-execute this binary
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("actorio-bench", flag.ContinueOnError)
	workloads := fs.String("workloads", "all", "comma-separated workloads to run, or all")
	systemList := fs.String("systems", "all", "comma-separated systems to run (plain-go, actorio, actorio-1w, actorio-uring, protoactor, gnet, nbio, nats, nats-b100), or all")
	count := fs.Int("count", 5, "repetitions per workload and system")
	procs := fs.Int("gomaxprocs", 0, "GOMAXPROCS for the whole suite; 0 keeps the default")
	quick := fs.Bool("quick", false, "small sizes and 1 repetition, to check correctness only")
	out := fs.String("out", "", "output directory (default bench/results, or bench/results/quick with -quick)")
	timeout := fs.Duration("timeout", 2*time.Minute, "time limit of one run")
	syscalls := fs.Bool("syscalls", false, "instead of the suite, count each selected system's echo-server system calls per request "+
		"(1,000 connections, 64-byte requests) under strace -f -c")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ws, err := suite.Select(*workloads)
	if err != nil {
		fmt.Fprintln(os.Stderr, "actorio-bench:", err)
		return 2
	}
	ss, err := systems.Select(*systemList)
	if err != nil {
		fmt.Fprintln(os.Stderr, "actorio-bench:", err)
		return 2
	}
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}
	if *syscalls {
		return countSyscalls(ss, *quick)
	}
	if *quick {
		*count = 1
	}
	dir := *out
	if dir == "" {
		dir = defaultOut(*quick)
	}
	// Only a full run into the default directory is the "latest" one.
	readme := ""
	if *out == "" && !*quick {
		readme = filepath.Join(filepath.Dir(dir), "README.md")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "actorio-bench:", err)
		return 1
	}

	machine := report.Describe()
	machine.Quick, machine.Count = *quick, *count
	machine.Command = strings.TrimSpace("go -C bench run ./cmd/actorio-bench " + strings.Join(args, " "))
	if anyOf(ws, slices.Collect(maps.Keys(echo.Funcs("net")))) {
		machine.Echo = echo.Placement()
		fmt.Fprintln(os.Stderr, "actorio-bench: echo workloads:", machine.Echo)
	}
	if anyOf(ws, remoting.Workloads()) {
		machine.Remote = remoting.Placement()
		fmt.Fprintln(os.Stderr, "actorio-bench: remote workloads:", machine.Remote)
	}
	fmt.Fprintf(os.Stderr, "actorio-bench: %d workloads x %d systems x %d runs, GOMAXPROCS %d, writing to %s\n",
		len(ws), len(ss), *count, runtime.GOMAXPROCS(0), dir)

	start := time.Now()
	results := suite.Execute(suite.Config{
		Workloads: ws, Systems: ss, Count: *count, Quick: *quick, Timeout: *timeout, Progress: os.Stderr,
	})
	machine.Wall = time.Since(start)
	machine.PeakRSS = report.PeakRSS()

	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	if err := write(dir, readme, results, names, machine); err != nil {
		fmt.Fprintln(os.Stderr, "actorio-bench:", err)
		return 1
	}
	failed := 0
	for _, r := range results {
		if !r.OK {
			failed++
			fmt.Fprintf(os.Stderr, "FAIL %s/%s: %s\n", r.Workload.Name, r.System, r.Err)
		}
	}
	fmt.Fprintf(os.Stderr, "actorio-bench: done in %v; %d failed; report in %s\n",
		machine.Wall.Round(time.Second), failed, dir)
	if failed > 0 {
		return 1
	}
	return 0
}

// variants are the configurations of actorio measured beside it.
var variants = []report.Variant{{
	Name: actorio.OneWorkerName,
	What: "actorio with one dispatcher worker (`actor.WithWorkers(1)`), run on the scheduler-sensitive workloads",
	// The scheduler's target: a second worker may cost at most 10%.
	Limit: 1.1,
}}

// write produces the charts, REPORT.md and results.jsonl in dir and, if
// readme is not empty, puts the summary in its latest-results section.
// The chart leaves out actorio's variants: they are compared with actorio,
// not with plain Go.
func write(dir, readme string, results []suite.Result, names []string, m report.Machine) error {
	rows := report.Summarize(results, names)
	charts, err := report.WriteCharts(dir, "ratio", rows, report.Compared(names, variants), plain.Name)
	if err != nil {
		return err
	}
	in := report.Input{Results: results, Systems: names, Baseline: plain.Name, Subject: actorio.Name,
		Variants: variants, Machine: m, Charts: charts}
	if err := writeFile(dir, "REPORT.md", func(f *os.File) error { return report.WriteMarkdown(f, in) }); err != nil {
		return err
	}
	if err := writeFile(dir, "results.jsonl", func(f *os.File) error {
		return report.WriteJSONL(f, report.Records(results, m))
	}); err != nil {
		return err
	}
	if readme == "" {
		return nil
	}
	var section bytes.Buffer
	if err := report.WriteSummary(&section, in, filepath.Base(dir)+"/"); err != nil {
		return err
	}
	return updateReadme(readme, section.Bytes())
}

// anyOf reports whether any of ws is among names.
func anyOf(ws []suite.Workload, names []string) bool {
	for _, w := range ws {
		if slices.Contains(names, w.Name) {
			return true
		}
	}
	return false
}

// countSyscalls prints, for each of ss with an echo server, the server's
// system calls per request on the shape of echo-1k-64, counted by strace
// during the client's measured phase.
func countSyscalls(ss []suite.System, quick bool) int {
	requests := 30_000 // strace slows the servers that make a call per read or write several times
	if quick {
		requests = 3_000
	}
	ctx := context.Background()
	fmt.Printf("System calls of each echo server per request: 1,000 connections, 64-byte requests, %d requests, counted by strace -f -c\n", requests)
	fmt.Printf("during the client's measured phase (`go -C bench run ./cmd/actorio-bench -syscalls`). Times under strace mean nothing.\n\n")
	fmt.Println("| system | server | calls per request | most frequent |")
	fmt.Println("|---|---|---|---|")
	failed := 0
	for _, s := range ss {
		server, ok := systems.EchoServer(s.Name)
		if !ok {
			continue
		}
		c, err := echo.Syscalls(ctx, server, 1000, 64, requests)
		if err != nil {
			fmt.Fprintf(os.Stderr, "actorio-bench: %s: %v\n", s.Name, err)
			failed++
			continue
		}
		fmt.Printf("| %s | %s | %.2f | %s |\n", s.Name, server, c.PerRequest(), strings.Join(c.Top(4), ", "))
	}
	if failed > 0 {
		return 1
	}
	return 0
}
