package echo

import "github.com/actorio/actorio/bench/internal/proc"

// stats is a process's CPU time and resident memory at one moment, as one
// JSON object on the server's "stats" line.
type stats struct {
	CPU int64 `json:"cpu_ns"` // user + system CPU time of the whole process
	RSS int64 `json:"rss"`    // VmRSS in bytes, or -1 where /proc is missing
}

// readStats returns this process's stats.
func readStats() (stats, error) {
	cpu, err := proc.CPUTime()
	if err != nil {
		return stats{}, err
	}
	return stats{CPU: cpu.Nanoseconds(), RSS: proc.ResidentBytes()}, nil
}
