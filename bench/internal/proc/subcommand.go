package proc

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
)

// Main is a subcommand: it runs with the arguments after its name, reads
// commands from in, writes lines to out, and returns the process's exit
// status.
type Main func(args []string, in io.Reader, out io.Writer) int

var (
	subMu       sync.Mutex
	subcommands = map[string]Main{}
)

// childEnv is set in the children's environment, so that a child that
// failed to dispatch its subcommand (a test binary without RunIfChild, for
// instance) refuses to start children of its own.
const childEnv = "ACTORIO_BENCH_CHILD"

// Register makes main the subcommand called name. It is meant to be
// called from an init function, and panics if name is already registered.
func Register(name string, main Main) {
	subMu.Lock()
	defer subMu.Unlock()
	if _, dup := subcommands[name]; dup {
		panic(fmt.Sprintf("proc: subcommand %q registered twice", name))
	}
	subcommands[name] = main
}

// RunIfChild runs the registered subcommand named by os.Args[1] and exits
// the process with its status. For any other arguments it returns at
// once. Binaries that start children call it first thing in main, and
// their tests in TestMain.
func RunIfChild() {
	if len(os.Args) < 2 {
		return
	}
	subMu.Lock()
	sub, ok := subcommands[os.Args[1]]
	subMu.Unlock()
	if ok {
		stop := profile(os.Args[1:])
		status := sub(os.Args[2:], os.Stdin, os.Stdout)
		stop()
		os.Exit(status)
	}
}

// ProfileEnv names the environment variable that makes every child write
// a CPU profile of its whole life into the directory it names, as
// SUBCOMMAND-PID.pprof beside SUBCOMMAND-PID.args, which holds the
// child's arguments: set it on the benchmark binary to see where a child's
// time goes.
const ProfileEnv = "ACTORIO_BENCH_CPUPROFILE"

// profile starts the CPU profile that ProfileEnv asks for, and returns
// what stops it. A profile that cannot be written is reported on stderr
// and skipped: it never fails the child.
func profile(args []string) (stop func()) {
	dir := os.Getenv(ProfileEnv)
	if dir == "" {
		return func() {}
	}
	base := filepath.Join(dir, args[0]+"-"+strconv.Itoa(os.Getpid()))
	f, err := os.Create(base + ".pprof")
	if err == nil {
		err = os.WriteFile(base+".args", []byte(strings.Join(args, " ")+"\n"), 0o644)
	}
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "proc: no CPU profile: %v\n", err)
		if f != nil {
			_ = f.Close()
		}
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

// IsChild reports whether this process is a child started by Start.
func IsChild() bool { return os.Getenv(childEnv) != "" }
