package main

import (
	"context"
	"io"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/leakcheck"
	"github.com/actorio/actorio/remote"
)

// TestMain runs the command instead of the tests in the child processes
// that the tests start (see childEnv).
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main()
		os.Exit(0)
	}
	goleak.VerifyTestMain(m, leakcheck.Options()...)
}

// Every process of the tests uses short heartbeats, so that a killed
// shard is declared down within downBound: downAfter after its last
// heartbeat, noticed at the next heartbeat tick, plus a second for a
// loaded machine.
const (
	heartbeat = 100 * time.Millisecond
	downAfter = 800 * time.Millisecond
	downBound = downAfter + heartbeat + time.Second
)

// timeout is the clients' request timeout and guards the waits of the
// tests against a hang: every wait ends as soon as what it waits for
// happens.
const timeout = 10 * time.Second

// args returns the command line of a process of the tests.
func args(role string, extra ...string) []string {
	return append([]string{"-role", role, "-heartbeat", heartbeat.String(), "-down-after", downAfter.String(),
		"-timeout", timeout.String()}, extra...)
}

// Two shard processes and two clients, on the embedded server of the
// test's own node: the script's keys land on both shards and read back
// right; then shard 1 is killed with SIGKILL, and the client declares it
// down within downBound, fails its requests fast, and still reaches
// shard 0; shard 0 leaves gracefully on SIGTERM.
func TestKillAShard(t *testing.T) {
	needSignals(t)
	node := startTestNode(t)
	url := node.URL()
	shard0 := start(t, "shard 0", false, args("shard", "-shard", "0", "-nats", url)...)
	shard1 := start(t, "shard 1", false, args("shard", "-shard", "1", "-nats", url)...)

	script := start(t, "script", false, args("client", "-script", "-nats", url)...)
	require.NoError(t, script.wait(t, timeout))
	script.expect(t, `^script ok: 4 keys, 2 shards$`, 0)
	keys := scriptKeys(2)
	var on [2]string // the last key of each shard: the script did not overwrite it
	for _, k := range keys {
		on[shardOf(k, 2)] = k
	}

	client := start(t, "client", true, args("client", "-nats", url)...)
	client.expect(t, `^shard 0 up: `, timeout)
	client.expect(t, `^shard 1 up: `, timeout)
	for i, k := range on { // the keys live in the shards, not in a client
		client.send(t, "get "+k)
		client.expect(t, "^"+k+" = "+scriptValue(k)+` \(shard `+strconv.Itoa(i)+`\)$`, timeout)
	}

	// The test's node watches shard 1 too, to check the error's type.
	terminated := lookup(t, node, serviceKey(1)).PID().Terminated()
	require.NoError(t, shard1.cmd.Process.Kill())
	require.Error(t, shard1.wait(t, timeout))
	killed := time.Now()

	// Asked before the shard is known down, a request waits for the
	// failure detector, not for its 10 s timeout.
	client.send(t, "get "+on[1])
	client.expect(t, `^error: get `+on[1]+` on shard 1: .*remote: node down: \S+ silent for 800ms$`, downBound)
	client.expect(t, `^shard 1 down: remote: node down: \S+ silent for 800ms$`, downBound)
	elapsed := time.Since(killed)
	t.Logf("shard 1 declared down %v after it was killed (bound %v)", elapsed, downBound)
	require.Less(t, elapsed, downBound)
	term := await(t, terminated)
	require.ErrorIs(t, term.Reason, remote.ErrNodeDown)

	// Known down, it fails at once.
	asked := time.Now()
	client.send(t, "get "+on[1])
	client.expect(t, `^error: get `+on[1]+` on shard 1: kvstore: shard down: remote: node down: `, timeout)
	require.Less(t, time.Since(asked), 2*time.Second, "a request for a shard known down fails fast")

	// Shard 0 still works.
	client.send(t, "put "+on[0]+" after the crash")
	client.expect(t, `^ok: put `+on[0]+` on shard 0 \(was `+scriptValue(on[0])+`\)$`, timeout)
	client.send(t, "get "+on[0])
	client.expect(t, `^`+on[0]+` = after the crash \(shard 0\)$`, timeout)
	client.send(t, "quit")
	require.NoError(t, client.wait(t, timeout))

	// Shard 0 leaves on SIGTERM, and says so.
	terminated = lookup(t, node, serviceKey(0)).PID().Terminated()
	require.NoError(t, shard0.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, shard0.wait(t, timeout))
	shard0.expect(t, `^shutting down$`, 0)
	term = await(t, terminated)
	require.ErrorIs(t, term.Reason, remote.ErrNodeDown)
	require.Contains(t, term.Reason.Error(), "left")
}

// The first process, started without -nats, runs the embedded server
// and prints the flag for the others.
func TestFirstProcessStartsTheServer(t *testing.T) {
	needSignals(t)
	shard := start(t, "shard", false, args("shard", "-shards", "1")...)
	url := shard.expect(t, `^embedded NATS server at \S+; start the other processes with -nats (nats://\S+)$`, timeout)[1]
	script := start(t, "script", false, args("client", "-shards", "1", "-script", "-nats", url)...)
	require.NoError(t, script.wait(t, timeout))
	script.expect(t, `^script ok: 2 keys, 1 shards$`, 0)
	require.NoError(t, shard.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, shard.wait(t, timeout))
}

// A shard refuses a key that another shard owns: the processes disagree
// on -shards.
func TestShardRefusesKeysOfOtherShards(t *testing.T) {
	sys := newSystem(t)
	ref, err := actor.Spawn(sys, func() actor.Actor[command] {
		return &shard{index: 0, count: 2, data: map[string]string{}, out: &console{w: io.Discard}}
	})
	require.NoError(t, err)
	for _, k := range scriptKeys(2) {
		_, err := futures.Ask(ref, func(p futures.Promise[Result]) command { return Get{Key: k, Reply: p} }, timeout).Await(t.Context())
		if shardOf(k, 2) == 0 {
			require.NoError(t, err, k)
		} else {
			require.ErrorIs(t, err, errWrongShard, k)
		}
	}
}

// The command line is checked before anything starts.
func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		name string
		give []string
		want string // a regexp the error matches, or "" for none
	}{
		{name: "shard", give: []string{"-role", "shard", "-shard", "1"}},
		{name: "client", give: []string{"-role", "client", "-shards", "3", "-script"}},
		{name: "no role", give: nil, want: `-role is ""`},
		{name: "shard out of range", give: []string{"-role", "shard", "-shard", "2"}, want: `-shard is 2, want 0 to 1`},
		{name: "no shards", give: []string{"-role", "client", "-shards", "0"}, want: `-shards is 0`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFlags(tt.give, io.Discard)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Regexp(t, regexp.MustCompile(tt.want), err.Error())
		})
	}
}

// needSignals skips a test that sends SIGTERM where there is none.
func needSignals(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("the test sends SIGTERM")
	}
}

// newSystem starts an actor system that the test shuts down when it ends.
func newSystem(t *testing.T) *actor.System {
	t.Helper()
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		require.NoError(t, sys.Shutdown(ctx))
	})
	return sys
}

// startTestNode starts the test's own node, with the embedded server that
// the child processes connect to. Started before them, it closes after
// the test's cleanup has killed them.
func startTestNode(t *testing.T) *remote.Node {
	t.Helper()
	reg, err := newRegistry()
	require.NoError(t, err)
	node, err := remote.Start(t.Context(), newSystem(t), remote.WithEmbeddedServer(),
		remote.WithRegistry(reg), remote.WithHeartbeat(heartbeat, downAfter))
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		require.NoError(t, node.Close(ctx))
	})
	return node
}

// lookup waits for a process to register key.
func lookup(t *testing.T, node *remote.Node, key string) actor.Ref[command] {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	ref, err := remote.Lookup[command](ctx, node, key)
	require.NoError(t, err)
	return ref
}

// await waits for an actor's Terminated.
func await(t *testing.T, f futures.Future[actor.Terminated]) actor.Terminated {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	term, err := f.Await(ctx)
	require.NoError(t, err)
	return term
}
