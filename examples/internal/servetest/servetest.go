// Package servetest runs an example's server inside its tests.
package servetest

import (
	"bufio"
	"context"
	"io"
	"testing"
)

// Run is an example's main without the process: it serves until ctx is
// done, writing what it reports to stdout.
type Run func(ctx context.Context, args []string, stdout io.Writer) error

// Start runs run with args until the test ends, and returns the first n
// lines it prints (its addresses). The rest of what it prints is read and
// dropped, so that it never blocks on its output. When the test ends,
// Start's cleanup cancels the server, waits for it, and fails the test if
// it returned an error.
func Start(t *testing.T, run Run, n int, args ...string) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw)
		pw.Close()
		done <- err
	}()
	sc := bufio.NewScanner(pr)
	var lines []string
	for len(lines) < n && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	drained := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, pr); close(drained) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
		<-drained
	})
	if len(lines) < n {
		t.Fatalf("run printed %q, want %d lines", lines, n)
	}
	return lines
}
