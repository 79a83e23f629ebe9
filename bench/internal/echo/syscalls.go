package echo

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// SyscallCount is what Syscalls measured of one echo server.
type SyscallCount struct {
	Server   string
	Requests int
	Total    int            // system calls of the server in the measured phase
	Calls    map[string]int // by system call
}

// PerRequest returns the server's system calls per request.
func (s SyscallCount) PerRequest() float64 { return float64(s.Total) / float64(s.Requests) }

// Top returns the n most frequent system calls, as "name count", most
// frequent first.
func (s SyscallCount) Top(n int) []string {
	names := make([]string, 0, len(s.Calls))
	for name := range s.Calls {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if c := cmp.Compare(s.Calls[b], s.Calls[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	var out []string
	for _, name := range names[:min(n, len(names))] {
		out = append(out, fmt.Sprintf("%s %d", name, s.Calls[name]))
	}
	return out
}

// Syscalls runs a busy echo client (conns connections, requests of size
// bytes, requests in all) against server, with strace -f -c attached to
// the server for the client's measured phase only, and returns the
// server's system calls in that phase. strace slows every system call
// down, so the run's times mean nothing; the counts are what it is for.
// It fails with exec.ErrNotFound when strace is not installed.
func Syscalls(ctx context.Context, server string, conns, size, requests int) (count SyscallCount, err error) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		return count, err
	}
	srv, cli, err := startPair(ctx, server, "-conns", strconv.Itoa(conns), "-size", strconv.Itoa(size),
		"-requests", strconv.Itoa(requests))
	if err != nil {
		return count, err
	}
	defer func() { err = errors.Join(err, cli.Stop(), srv.Stop()) }()

	out := filepath.Join(os.TempDir(), fmt.Sprintf("actorio-bench-strace-%d.txt", srv.Pid()))
	defer os.Remove(out)
	tracer := exec.CommandContext(ctx, strace, "-f", "-c", "-q", "-o", out, "-p", strconv.Itoa(srv.Pid()))
	var stderr strings.Builder
	tracer.Stderr = &stderr
	if err := tracer.Start(); err != nil {
		return count, fmt.Errorf("echo: strace: %w", err)
	}
	if err := waitTraced(ctx, srv.Pid()); err != nil {
		_ = tracer.Process.Kill()
		_ = tracer.Wait()
		return count, fmt.Errorf("echo: strace did not attach: %w (%s)", err, stderr.String())
	}
	if err := cli.Send(cmdGo); err != nil {
		return count, err
	}
	_, err = cli.Expect(lineResult)
	_ = tracer.Process.Signal(syscall.SIGINT) // detach: strace writes its summary
	if werr := tracer.Wait(); !interrupted(werr) && err == nil {
		err = fmt.Errorf("echo: strace: %w (%s)", werr, stderr.String())
	}
	if err != nil {
		return count, err
	}
	count, err = parseStraceSummary(out)
	count.Server, count.Requests = server, requests
	return count, err
}

// interrupted reports whether err is nil or says the process ended on
// SIGINT, which strace re-raises after writing its summary.
func interrupted(err error) bool {
	var ee *exec.ExitError
	if err == nil {
		return true
	}
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGINT
}

// waitTraced waits until every thread of process pid has a tracer.
func waitTraced(ctx context.Context, pid int) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
		if err != nil {
			return err
		}
		traced := 0
		for _, t := range tasks {
			status, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/status", pid, t.Name()))
			if err == nil && !strings.Contains(string(status), "TracerPid:\t0\n") {
				traced++
			}
		}
		if traced == len(tasks) && traced > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d threads traced after 10s", traced, len(tasks))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// parseStraceSummary reads the table strace -c writes: one row per system
// call (% time, seconds, usecs/call, calls, errors if any, name), then a
// total row.
func parseStraceSummary(path string) (SyscallCount, error) {
	count := SyscallCount{Calls: map[string]int{}}
	f, err := os.Open(path)
	if err != nil {
		return count, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		if _, err := strconv.ParseFloat(fields[0], 64); err != nil {
			continue // the header and the rules
		}
		calls, err := strconv.Atoi(fields[3])
		if err != nil {
			return count, fmt.Errorf("echo: strace summary: %q", sc.Text())
		}
		name := fields[len(fields)-1]
		if name == "total" {
			count.Total = calls
			continue
		}
		count.Calls[name] = calls
	}
	if count.Total == 0 {
		return count, fmt.Errorf("echo: strace summary %s has no total", path)
	}
	return count, sc.Err()
}
