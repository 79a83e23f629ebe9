package echo

import (
	"fmt"

	"github.com/actorio/actorio/bench/internal/proc"
)

// The hidden subcommands that the harness re-executes the running binary
// with. A binary that runs echo workloads calls proc.RunIfChild first.
func init() {
	proc.Register("echo-server", serverMain)
	proc.Register("echo-client", clientMain)
}

// Placement describes, for the report, where the echo workloads' server
// and client run.
func Placement() string {
	p := proc.Place()
	if !p.Pinned() {
		return "server and client unpinned (" + p.Why() + "), each with GOMAXPROCS=1"
	}
	return fmt.Sprintf("server pinned to CPU %d and client to CPU %d with taskset, each with GOMAXPROCS=1",
		p.CPU(proc.First), p.CPU(proc.Second))
}
