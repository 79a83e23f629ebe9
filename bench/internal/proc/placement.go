package proc

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// Placement says where children run: pinned with taskset to one of two
// CPUs of this process's affinity set, or unpinned, and why.
type Placement struct {
	taskset string // path of taskset, or "" when unpinned
	cpus    [2]int // the CPUs, when pinned
	why     string // why unpinned
}

// The two places a child can be started on.
const (
	First  = 0 // the first CPU: echo servers, remote receivers and NATS servers
	Second = 1 // the second CPU: echo clients, remote senders
)

// Place returns the placement, found once per process: the first two CPUs
// this process may run on, if taskset is installed and there are two.
var Place = sync.OnceValue(findPlacement)

// Pinned reports whether children are pinned.
func (p Placement) Pinned() bool { return p.taskset != "" }

// CPU returns the CPU of place First or Second, when pinned.
func (p Placement) CPU(place int) int { return p.cpus[place] }

// Why says why children are not pinned, or "" if they are.
func (p Placement) Why() string { return p.why }

func findPlacement() Placement {
	path, err := exec.LookPath("taskset")
	if err != nil {
		return Placement{why: "taskset not found"}
	}
	cpus, err := allowedCPUs()
	if err != nil {
		return Placement{why: err.Error()}
	}
	if len(cpus) < 2 {
		return Placement{why: "fewer than 2 CPUs allowed"}
	}
	return Placement{taskset: path, cpus: [2]int{cpus[0], cpus[1]}}
}

// command returns the program and arguments that run exe with args at
// place, or unpinned.
func (p Placement) command(place int, exe string, args ...string) (string, []string) {
	if p.taskset == "" {
		return exe, args
	}
	return p.taskset, append([]string{"-c", strconv.Itoa(p.cpus[place]), exe}, args...)
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
			return ParseCPUList(strings.TrimSpace(v))
		}
	}
	return nil, fmt.Errorf("no Cpus_allowed_list in /proc/self/status")
}

// ParseCPUList parses a kernel CPU list such as "0-3,8,10-11".
func ParseCPUList(s string) ([]int, error) {
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
