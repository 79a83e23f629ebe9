package echo

import (
	"io"
	"os"
)

// subcommands are the hidden subcommands that the harness re-executes the
// running binary with.
var subcommands = map[string]func(args []string, in io.Reader, out io.Writer) int{
	"echo-server": serverMain,
	"echo-client": clientMain,
}

// childEnv is set in the children's environment, so that a child that
// failed to dispatch its subcommand (a test binary without RunIfChild, for
// instance) refuses to start children of its own.
const childEnv = "ACTORIO_BENCH_ECHO_CHILD"

// RunIfChild runs the hidden subcommand named by os.Args[1], "echo-server"
// or "echo-client", and exits the process with its status. For any other
// arguments it returns at once. Binaries that run the echo workloads call
// it first thing in main, and their tests in TestMain.
func RunIfChild() {
	if len(os.Args) < 2 {
		return
	}
	if sub, ok := subcommands[os.Args[1]]; ok {
		os.Exit(sub(os.Args[2:], os.Stdin, os.Stdout))
	}
}
