package remote_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
)

// Multi-process tests: the test binary re-executes itself as a child
// node (TestMain runs runChild when childEnv is set), which a test can
// kill with SIGKILL.

const (
	childEnv     = "ACTORIO_REMOTE_CHILD" // the NATS URL for the child
	heartbeat    = 100 * time.Millisecond
	downAfter    = 600 * time.Millisecond
	killDeadline = downAfter + 2*heartbeat + 2*time.Second // detector bound, plus CI slack
)

// runChild runs a node offering a store under "store" until its stdin
// closes, printing "ready <node ID>" once it is up.
func runChild() int {
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "child:", err); return 1 }
	reg, err := newRegistry(true)
	if err != nil {
		return fail(err)
	}
	for _, r := range []func(*codec.Registry) error{
		func(r *codec.Registry) error { return codec.Register[Get](r, "test.Get") },
		func(r *codec.Registry) error { return codec.Register[Value](r, "test.Value") },
	} {
		if err := r(reg); err != nil {
			return fail(err)
		}
	}
	sys, err := actor.NewSystem()
	if err != nil {
		return fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	defer func() { _ = sys.Shutdown(ctx) }()
	n, err := remote.Start(ctx, sys, remote.WithURL(os.Getenv(childEnv)), remote.WithRegistry(reg),
		remote.WithHeartbeat(heartbeat, downAfter))
	if err != nil {
		return fail(err)
	}
	store, err := actor.SpawnFunc(sys, func(ctx *actor.Context[Get], g Get) {
		_ = g.Reply.Resolve(Value{Key: g.Key, Val: n.ID() + ":" + g.Key})
	})
	if err != nil {
		return fail(err)
	}
	if err := remote.Register(n, "store", store); err != nil {
		return fail(err)
	}
	fmt.Println("ready", n.ID())
	stdin := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); close(stdin) }() // until the test closes it, or dies
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for told := false; ; {
		select {
		case <-stdin:
			return 0
		case <-tick.C:
			if !told && n.Metrics().Quarantined > 0 {
				fmt.Println("quarantined")
				told = true
			}
		}
	}
}

// startChild starts a child node on the NATS server at url and returns
// its process and node ID.
func startChild(t *testing.T, url string) (*exec.Cmd, string) {
	cmd, id, _ := startChildLines(t, url)
	return cmd, id
}

// startChildLines is startChild, with the lines the child prints after
// "ready".
func startChildLines(t *testing.T, url string) (*exec.Cmd, string, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+url)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	ready, lines := make(chan string, 1), make(chan string, 16)
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			if id, ok := strings.CutPrefix(s.Text(), "ready "); ok {
				ready <- id
			} else {
				lines <- s.Text()
			}
		}
	}()
	return cmd, recv(t, ready), lines
}

// Killing a node's process with SIGKILL gives every watcher of its actors
// one Terminated with ErrNodeDown within the detector's bound; a new
// process is a new incarnation, reachable, while refs to the old one keep
// failing.
func TestNodeKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	reg := askRegistry(t)
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(reg), remote.WithHeartbeat(heartbeat, downAfter))
	child, childID := startChild(t, a.URL())

	old := lookup[Get](t, a, "store")
	require.Contains(t, old.String(), childID)
	v, err := ask(old, "k", 10*time.Second).Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, childID+":k", v.Val)

	// Two watchers: an actor, and a PID.Terminated future.
	watched := make(chan actor.Terminated, 2)
	watcher, err := actor.SpawnFunc(a.System(), func(ctx *actor.Context[any], m any) {
		switch m := m.(type) {
		case actor.PID:
			ctx.Watch(m, func(t actor.Terminated) any { return t })
		case actor.Terminated:
			watched <- m
		}
	})
	require.NoError(t, err)
	require.NoError(t, watcher.Send(old.PID()))
	terminated := old.PID().Terminated()
	pending := ask(old, "pending-when-killed", time.Minute)

	killed := time.Now()
	require.NoError(t, child.Process.Kill())
	term, err := terminated.Await(t.Context())
	require.NoError(t, err)
	elapsed := time.Since(killed)
	t.Logf("SIGKILL to Terminated: %v (heartbeat %v, down after %v)", elapsed, heartbeat, downAfter)
	require.ErrorIs(t, term.Reason, remote.ErrNodeDown)
	require.Less(t, elapsed, killDeadline)
	term = recv(t, watched)
	require.ErrorIs(t, term.Reason, remote.ErrNodeDown)
	require.Equal(t, old.PID(), term.Actor)
	select {
	case extra := <-watched:
		t.Fatalf("a second Terminated: %v", extra)
	case <-time.After(2 * heartbeat):
	}
	_, err = pending.Await(t.Context())
	require.ErrorIs(t, err, remote.ErrNodeDown, "a request in flight fails with the node, not at its timeout")

	// A new incarnation.
	_, newID := startChild(t, a.URL())
	require.NotEqual(t, childID, newID)
	fresh := lookup[Get](t, a, "store")
	require.Contains(t, fresh.String(), newID)
	v, err = ask(fresh, "k", 10*time.Second).Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, newID+":k", v.Val)
	require.ErrorIs(t, old.Send(Get{Key: "x"}), remote.ErrNodeDown)
}
