package report

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Machine describes where and how the suite ran.
type Machine struct {
	CPU        string // model name from /proc/cpuinfo
	Cores      int    // runtime.NumCPU
	GOMAXPROCS int
	GoVersion  string
	OS, Arch   string
	Kernel     string
	MemTotal   string // from /proc/meminfo
	Date       string // UTC, RFC 3339
	Commit     string // of the actorio checkout, when git can tell
	Modules    map[string]string
	Quick      bool
	Count      int
	Command    string
	Wall       time.Duration // the whole suite
	PeakRSS    string        // VmHWM of this process at the end
	Echo       string        // where the echo workloads' processes ran, if any did
	Remote     string        // where the remote workloads' processes ran, if any did
}

// Describe gathers the machine description. The caller fills Quick,
// Count, Command, Wall, PeakRSS, Echo and Remote.
func Describe() Machine {
	m := Machine{
		CPU:        procField("/proc/cpuinfo", "model name"),
		Cores:      runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		MemTotal:   procField("/proc/meminfo", "MemTotal"),
		Date:       time.Now().UTC().Format(time.RFC3339),
		Modules:    map[string]string{},
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
		// Read-only: are tracked files modified? The benchmarks build the
		// library from the working tree, not from the commit.
		if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
			m.Commit += " + uncommitted changes in the working tree"
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			v := d.Version
			if d.Replace != nil {
				v = "replaced by " + d.Replace.Path
			}
			m.Modules[d.Path] = v
		}
	}
	return m
}

// PeakRSS returns this process's VmHWM from /proc/self/status, or "".
func PeakRSS() string { return procField("/proc/self/status", "VmHWM") }

// procField returns the value after "key:" on the first matching line of
// a /proc file, or "" if there is none.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}

// kib formats a "123456 kB" /proc value in MiB, or returns it unchanged.
func kib(s string) string {
	f := strings.Fields(s)
	if len(f) == 2 && f[1] == "kB" {
		if n, err := strconv.ParseFloat(f[0], 64); err == nil {
			return strconv.FormatFloat(n/1024, 'f', 0, 64) + " MiB"
		}
	}
	return s
}
