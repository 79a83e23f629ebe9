package proc_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/proc"
)

// A subcommand for the tests, registered in the children (this test
// binary, re-executed) too: it writes "ready GOMAXPROCS" and then answers
// "ping" with "noise" and "pong", "fail" with an error line, and exits on
// "exit" with status 3 or at the end of its input with 0.
func init() {
	proc.Register("proc-test", func(_ []string, in io.Reader, out io.Writer) int {
		w := proc.NewLineWriter(out)
		_ = w.Line("ready", os.Getenv("GOMAXPROCS"))
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			switch sc.Text() {
			case "ping":
				_ = w.Line("noise", "")
				_ = w.JSON("pong", map[string]int{"n": 1})
			case "fail":
				_ = w.Fail(errors.New("asked to\nfail"))
			case "exit":
				fmt.Fprintln(os.Stderr, "exiting with 3")
				return 3
			}
		}
		return 0
	})
}

func start(t *testing.T) *proc.Child {
	t.Helper()
	c, err := proc.Start(t.Context(), proc.Place(), proc.First, "proc-test")
	require.NoError(t, err)
	return c
}

func TestChild(t *testing.T) {
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	c := start(t)
	procs, err := c.Expect("ready")
	require.NoError(t, err)
	assert.Equal(t, "1", procs, "a child runs with GOMAXPROCS=1")

	require.NoError(t, c.Send("ping"))
	pong, err := c.Expect("pong")
	require.NoError(t, err, "other lines are skipped")
	assert.JSONEq(t, `{"n":1}`, pong)

	_, ok, err := c.ExpectWithin("pong", 50*time.Millisecond)
	require.NoError(t, err)
	assert.False(t, ok, "no line came in time")

	require.NoError(t, c.Send("fail"))
	_, err = c.Expect("pong")
	assert.EqualError(t, err, "proc-test: asked to; fail")
	require.NoError(t, c.Stop())
}

func TestChildExitReported(t *testing.T) {
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	c := start(t)
	require.NoError(t, c.Send("exit"))
	_, err := c.Expect("pong")
	require.ErrorContains(t, err, `proc-test, waiting for "pong": output ended; stderr: exiting with 3`)
	assert.ErrorContains(t, c.Stop(), "exit status 3")
}

func TestChildCannotStartChildren(t *testing.T) {
	t.Setenv("ACTORIO_BENCH_CHILD", "1")
	_, err := proc.Start(t.Context(), proc.Place(), proc.Second, "proc-test")
	assert.ErrorContains(t, err, "cannot start children")
}
