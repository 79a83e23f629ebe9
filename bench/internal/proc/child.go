package proc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// StopGrace is how long a child may take to exit once its standard input
// is closed, before it is killed.
const StopGrace = 15 * time.Second

// LineError is the key of the line a child writes when it fails, with the
// reason as its payload, before it exits with status 1. Expect returns it
// as an error.
const LineError = "error"

// Child is a running subcommand process. Its methods are meant for one
// goroutine at a time.
type Child struct {
	name  string // the subcommand, for errors
	ctx   context.Context
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string   // its standard output, a line at a time; closed at its end
	read  chan struct{} // closed when the reader has returned
	errs  tail
}

// Start runs this binary's subcommand args[0] with the rest of args, with
// GOMAXPROCS=1, at place (First or Second) if p pins. The process is
// killed when ctx is done; the caller must call Stop in every case once
// Start has succeeded. A child process may not start children of its own.
func Start(ctx context.Context, p Placement, place int, args ...string) (*Child, error) {
	if IsChild() {
		return nil, errors.New("proc: a child process cannot start children (is RunIfChild called first?)")
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	prog, argv := p.command(place, exe, args...)
	cmd := exec.CommandContext(ctx, prog, argv...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1", childEnv+"=1")
	cmd.WaitDelay = time.Second
	c := &Child{name: args[0], ctx: ctx, cmd: cmd, lines: make(chan string, 64), read: make(chan struct{})}
	cmd.Stderr = &c.errs
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		in.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		in.Close()
		return nil, fmt.Errorf("proc: starting %s: %w", c.name, err)
	}
	c.in = in
	go c.readLines(out)
	return c, nil
}

// readLines passes the child's output on, a line at a time, until it ends.
func (c *Child) readLines(out io.Reader) {
	defer close(c.read)
	defer close(c.lines)
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		c.lines <- sc.Text()
	}
}

// Name returns the subcommand the child runs.
func (c *Child) Name() string { return c.name }

// Pid returns the child's process ID (taskset, which places it, execs it
// in the same process).
func (c *Child) Pid() int { return c.cmd.Process.Pid }

// Send writes the command line to the child.
func (c *Child) Send(cmd string) error {
	if _, err := io.WriteString(c.in, cmd+"\n"); err != nil {
		return fmt.Errorf("%s: sending %q: %w", c.name, cmd, err)
	}
	return nil
}

// Expect reads lines until one with the given key and returns its
// payload. An error line, or the end of the child's output, is an error;
// other lines (a library's log on standard output) are skipped.
func (c *Child) Expect(key string) (string, error) {
	payload, _, err := c.expect(key, nil)
	return payload, err
}

// ExpectWithin is Expect, waiting at most d: ok is false, with no error,
// if no line with the key came by then.
func (c *Child) ExpectWithin(key string, d time.Duration) (payload string, ok bool, err error) {
	t := time.NewTimer(d)
	defer t.Stop()
	return c.expect(key, t.C)
}

func (c *Child) expect(key string, timeout <-chan time.Time) (string, bool, error) {
	for {
		select {
		case line, open := <-c.lines:
			if !open {
				err := errors.New("output ended")
				if c.ctx.Err() != nil {
					err = c.ctx.Err()
				}
				return "", false, fmt.Errorf("%s, waiting for %q: %w%s", c.name, key, err, c.errs.suffix())
			}
			k, payload, _ := strings.Cut(line, " ")
			switch k {
			case key:
				return payload, true, nil
			case LineError:
				return "", false, fmt.Errorf("%s: %s", c.name, payload)
			}
		case <-timeout:
			return "", false, nil
		}
	}
}

// Stop closes the child's standard input, which tells it to exit, and
// waits for it, killing it after StopGrace. It reports an exit other than
// a clean one.
func (c *Child) Stop() error {
	c.in.Close()
	go func() { // whatever it still writes must not block it
		for range c.lines {
		}
	}()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(StopGrace):
		_ = c.cmd.Process.Kill()
		err = errors.Join(fmt.Errorf("did not exit within %v of its input's end", StopGrace), <-done)
	}
	<-c.read // Wait has closed the pipe: the reader ends
	if err != nil {
		return fmt.Errorf("%s: %w%s", c.name, err, c.errs.suffix())
	}
	return nil
}
