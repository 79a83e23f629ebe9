package echo

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// placement says where the children run: pinned with taskset to two CPUs
// of this process's affinity set, or unpinned, and why.
type placement struct {
	taskset        string // path of taskset, or "" when unpinned
	server, client int    // the CPUs, when pinned
	why            string // why unpinned
}

// place finds the placement once per process.
var place = sync.OnceValue(findPlacement)

// Placement describes, for the report, where the echo workloads' server
// and client run.
func Placement() string {
	p := place()
	if p.taskset == "" {
		return "server and client unpinned (" + p.why + "), each with GOMAXPROCS=1"
	}
	return fmt.Sprintf("server pinned to CPU %d and client to CPU %d with taskset, each with GOMAXPROCS=1",
		p.server, p.client)
}

// findPlacement pins to the first two CPUs this process may run on, if
// taskset is installed and there are two.
func findPlacement() placement {
	path, err := exec.LookPath("taskset")
	if err != nil {
		return placement{why: "taskset not found"}
	}
	cpus, err := allowedCPUs()
	if err != nil {
		return placement{why: err.Error()}
	}
	if len(cpus) < 2 {
		return placement{why: "fewer than 2 CPUs allowed"}
	}
	return placement{taskset: path, server: cpus[0], client: cpus[1]}
}

// command returns the program and arguments that run exe with args on
// cpu, or unpinned.
func (p placement) command(cpu int, exe string, args ...string) (string, []string) {
	if p.taskset == "" {
		return exe, args
	}
	return p.taskset, append([]string{"-c", strconv.Itoa(cpu), exe}, args...)
}

// allowedCPUs returns the CPUs in Cpus_allowed_list of /proc/self/status,
// such as "0-1,4", in increasing order.
func allowedCPUs() ([]int, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return nil, fmt.Errorf("no CPU affinity list: %w", err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return parseCPUList(strings.TrimSpace(v))
		}
	}
	return nil, fmt.Errorf("no Cpus_allowed_list in /proc/self/status")
}

// parseCPUList parses a kernel CPU list such as "0-3,8,10-11".
func parseCPUList(s string) ([]int, error) {
	var cpus []int
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(hi)
		}
		if err != nil || b < a {
			return nil, fmt.Errorf("bad CPU list %q", s)
		}
		for c := a; c <= b; c++ {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}
