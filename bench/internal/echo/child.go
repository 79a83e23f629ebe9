package echo

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

// stopGrace is how long a child may take to exit once its standard input
// is closed, before it is killed.
const stopGrace = 15 * time.Second

// child is a running subcommand process of the harness.
type child struct {
	name string // the subcommand, for errors
	ctx  context.Context
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
	errs tail
}

// startChild runs this binary's subcommand args[0] with GOMAXPROCS=1, on
// cpu if p pins. The process is killed when ctx is done; the caller must
// call stop in every case.
func startChild(ctx context.Context, p placement, cpu int, exe string, args ...string) (*child, error) {
	prog, argv := p.command(cpu, exe, args...)
	cmd := exec.CommandContext(ctx, prog, argv...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1", childEnv+"=1")
	cmd.WaitDelay = time.Second
	c := &child{name: args[0], ctx: ctx, cmd: cmd}
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
		return nil, fmt.Errorf("echo: starting %s: %w", c.name, err)
	}
	c.in, c.out = in, bufio.NewScanner(out)
	return c, nil
}

// send writes the command line to the child.
func (c *child) send(cmd string) error {
	if _, err := io.WriteString(c.in, cmd+"\n"); err != nil {
		return fmt.Errorf("echo: %s: sending %q: %w", c.name, cmd, err)
	}
	return nil
}

// expect reads lines until one with the given key and returns its
// payload. An error line, or the end of the child's output, is an error;
// other lines (a library's log on standard output) are skipped.
func (c *child) expect(key string) (string, error) {
	for c.out.Scan() {
		k, payload, _ := strings.Cut(c.out.Text(), " ")
		switch k {
		case key:
			return payload, nil
		case lineError:
			return "", fmt.Errorf("echo: %s: %s", c.name, payload)
		}
	}
	err := errors.New("output ended")
	if c.ctx.Err() != nil {
		err = c.ctx.Err()
	}
	return "", fmt.Errorf("echo: %s, waiting for %q: %w%s", c.name, key, err, c.errs.suffix())
}

// stop closes the child's standard input, which tells it to exit, and
// waits for it, killing it after stopGrace. It reports an exit other than
// a clean one.
func (c *child) stop() error {
	c.in.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(stopGrace):
		_ = c.cmd.Process.Kill()
		err = errors.Join(fmt.Errorf("did not exit within %v of its input's end", stopGrace), <-done)
	}
	if err != nil {
		return fmt.Errorf("echo: %s: %w%s", c.name, err, c.errs.suffix())
	}
	return nil
}
