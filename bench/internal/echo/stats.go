package echo

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// stats is a process's CPU time and resident memory at one moment, as one
// JSON object on the server's "stats" line.
type stats struct {
	CPU int64 `json:"cpu_ns"` // user + system CPU time of the whole process
	RSS int64 `json:"rss"`    // VmRSS in bytes, or -1 where /proc is missing
}

// readStats returns this process's stats.
func readStats() (stats, error) {
	cpu, err := cpuTime()
	if err != nil {
		return stats{}, err
	}
	return stats{CPU: cpu.Nanoseconds(), RSS: residentBytes()}, nil
}

// residentBytes returns VmRSS from /proc/self/status, or -1.
func residentBytes() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		fields := strings.Fields(v) // "1234", "kB"
		if len(fields) == 2 && fields[1] == "kB" {
			if kb, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
				return kb << 10
			}
		}
	}
	return -1
}
