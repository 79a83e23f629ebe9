package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// childEnv, set to 1, makes the test binary run the command (main)
// instead of the tests: the tests start their shards and clients that
// way, with nothing else to build.
const childEnv = "KVSTORE_CHILD"

// proc is the command running in a child process.
type proc struct {
	name   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser // nil unless started with input
	out    *lines
	stderr bytes.Buffer  // read only once done
	done   chan struct{} // closed once the process has exited and its output is read
	err    error         // how it exited, once done
}

// start runs the command with args in a child process, with a pipe to its
// stdin if input. The test's cleanup kills it if it is still running.
func start(t *testing.T, name string, input bool, args ...string) *proc {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	p := &proc{name: name, cmd: exec.Command(exe, args...), out: newLines(), done: make(chan struct{})}
	// A child built with -race sleeps 1 s on exit to let its goroutines
	// report races; races found before then still fail it with status 66.
	p.cmd.Env = append(os.Environ(), childEnv+"=1", "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	if input {
		p.stdin, err = p.cmd.StdinPipe()
		require.NoError(t, err)
	}
	require.NoError(t, p.cmd.Start())
	go func() {
		p.out.read(stdout)
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("%s (%v): stdout:\n%s\nstderr:\n%s", p.name, p.err, p.out, &p.stderr)
		}
	})
	return p
}

// send writes a line to the process's stdin.
func (p *proc) send(t *testing.T, line string) {
	t.Helper()
	_, err := fmt.Fprintln(p.stdin, line)
	require.NoError(t, err)
}

// expect waits up to timeout for a line of the process that matches
// pattern and that no earlier expect took, and returns its submatches.
func (p *proc) expect(t *testing.T, pattern string, timeout time.Duration) []string {
	t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		m, more, eof := p.out.match(re)
		switch {
		case m != nil:
			return m
		case eof:
			t.Fatalf("%s exited without printing a line matching %q", p.name, pattern)
		}
		select {
		case <-more:
		case <-deadline.C:
			t.Fatalf("%s printed no line matching %q within %v", p.name, pattern, timeout)
		}
	}
}

// wait waits up to timeout for the process to exit, and returns how it
// exited.
func (p *proc) wait(t *testing.T, timeout time.Duration) error {
	t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		t.Fatalf("%s still running after %v", p.name, timeout)
		return nil
	}
}

// lines collects the lines a process prints.
type lines struct {
	mu    sync.Mutex
	all   []string
	taken []bool        // lines matched by an expect
	more  chan struct{} // closed, and replaced, at every new line and at the end
	eof   bool
}

// newLines returns an empty lines.
func newLines() *lines { return &lines{more: make(chan struct{})} }

// read collects the lines of r until it ends.
func (l *lines) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l.mu.Lock()
		l.all, l.taken = append(l.all, sc.Text()), append(l.taken, false)
		close(l.more)
		l.more = make(chan struct{})
		l.mu.Unlock()
	}
	_, _ = io.Copy(io.Discard, r) // after a line too long: never block the writer
	l.mu.Lock()
	l.eof = true
	close(l.more)
	l.mu.Unlock()
}

// match takes the first line not yet taken that matches re, and returns
// its submatches; else a channel closed at the next line, and whether
// there will be none.
func (l *lines) match(re *regexp.Regexp) (m []string, more <-chan struct{}, eof bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, s := range l.all {
		if l.taken[i] {
			continue
		}
		if m := re.FindStringSubmatch(s); m != nil {
			l.taken[i] = true
			return m, nil, false
		}
	}
	return nil, l.more, l.eof
}

// String returns every line.
func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.all, "\n")
}
