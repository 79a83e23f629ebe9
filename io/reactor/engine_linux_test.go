package reactor_test

import (
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/reactor"
)

// TestEngineFallbackUnderSeccomp runs itself again in a process whose
// seccomp filter refuses io_uring_setup, as container runtimes' default
// profiles do: there EngineAuto serves on epoll, and echoes.
func TestEngineFallbackUnderSeccomp(t *testing.T) {
	if runtime.GOOS != "linux" || (runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64") {
		t.Skip("a seccomp filter written for Linux on amd64 and arm64")
	}
	if os.Getenv(seccompChildEnv) == "1" {
		seccompChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEngineFallbackUnderSeccomp$", "-test.v")
	cmd.Env = append(os.Environ(), seccompChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "engine: poll")
}

// seccompChild installs the filter on every thread of the process and
// serves an echo on EngineAuto.
func seccompChild(t *testing.T) {
	filter := []unix.SockFilter{
		{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: 0}, // the syscall number
		{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, Jt: 0, Jf: 1, K: unix.SYS_IO_URING_SETUP},
		{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)},
		{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ALLOW},
	}
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	require.NoError(t, unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
	_, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&prog)))
	require.Zero(t, errno, "seccomp: %v", errno)

	require.Error(t, reactor.UringAvailable())
	e := newEnv(t, engineCase{name: "auto", engine: reactor.EngineAuto})
	t.Logf("engine: %s", e.r.Engine())
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO))
	require.NoError(t, err)
	c := dialTCP(t, ln.Addr().String())
	_, err = c.Write([]byte("ping"))
	require.NoError(t, err)
	got := make([]byte, 4)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(waitFor)))
	_, err = io.ReadFull(c, got)
	require.NoError(t, err)
	require.Equal(t, "ping", string(got))
}

// TestStreamBuffersReturn: the receive buffers a connection holds, its
// input not read yet, go back to its loop's ring when it closes.
func TestStreamBuffersReturn(t *testing.T) {
	if err := reactor.UringAvailable(); err != nil {
		t.Skip("io_uring unavailable:", err)
	}
	e := newEnv(t, engineCase{name: "uring", engine: reactor.EngineUring}, reactor.WithLoops(1))
	held := make(chan [2]int, 1)
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(func(*reactor.Conn) ioFunc {
		return func(c *reactor.Conn, ev reactor.Event) {
			if _, ok := ev.(reactor.Readable); ok && c.Buffered() >= 4<<10 {
				// Paused at the high watermark: the rest of the 64 KiB
				// sits in the loop's buffers.
				m := e.r.Metrics()
				held <- [2]int{m.ReceiveBuffersInUse, m.ReceiveBuffers}
				_ = c.Close()
			}
		}
	}), reactor.WithReadWatermarks(4<<10, 1<<10))
	require.NoError(t, err)
	c := dialTCP(t, ln.Addr().String())
	_, err = c.Write(make([]byte, 64<<10))
	require.NoError(t, err)
	counts := recv(t, held, "the connection to pause")
	require.Positive(t, counts[0], "buffers held by the connection")
	require.GreaterOrEqual(t, counts[1], 32, "the ring starts with 32")
	require.NoError(t, e.tr.nextClosed(t))
	waitUntil(t, "every buffer back in the ring", func() bool {
		return e.r.Metrics().ReceiveBuffersInUse == 0
	})
}

// TestPausedFloodsCannotStarveTheLoop: connections whose handler paused
// them, flooded by their peers, hold none of the loop's receive buffers:
// what arrives for them before their receive stops is copied aside. A
// bystander on the same loop keeps being served, and every buffer comes
// back to the ring.
func TestPausedFloodsCannotStarveTheLoop(t *testing.T) {
	if err := reactor.UringAvailable(); err != nil {
		t.Skip("io_uring unavailable:", err)
	}
	const hostile = 32
	e := newEnv(t, engineCase{name: "uring", engine: reactor.EngineUring}, reactor.WithLoops(1))
	paused := make(chan struct{}, hostile)
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(func(*reactor.Conn) ioFunc {
		return func(c *reactor.Conn, ev reactor.Event) {
			if _, ok := ev.(reactor.Readable); !ok || c.ReadingPaused() {
				return
			}
			if c.Peek()[0] == 'H' {
				c.PauseReading() // and never resume: the peer floods on
				paused <- struct{}{}
				return
			}
			_, _ = c.Write(c.Next(c.Buffered()))
		}
	}), reactor.WithReadWatermarks(1<<20, 1<<10))
	require.NoError(t, err)

	flood := make([]byte, 1<<20)
	flood[0] = 'H'
	var writers sync.WaitGroup
	defer writers.Wait()
	for range hostile {
		c := dialTCP(t, ln.Addr().String())
		require.NoError(t, c.SetWriteDeadline(time.Now().Add(waitFor)))
		writers.Go(func() { _, _ = c.Write(flood) }) // until the socket buffers fill, then times out
		t.Cleanup(func() { c.Close() })
	}
	for range hostile {
		recv(t, paused, "a flooding connection to be paused")
	}

	c := dialTCP(t, ln.Addr().String())
	require.NoError(t, c.SetDeadline(time.Now().Add(waitFor)))
	got := make([]byte, 4)
	for range 5 {
		_, err = c.Write([]byte("ping"))
		require.NoError(t, err)
		_, err = io.ReadFull(c, got)
		require.NoError(t, err, "the bystander's echo")
		require.Equal(t, "ping", string(got))
	}
	waitUntil(t, "every buffer back in the ring", func() bool {
		return e.r.Metrics().ReceiveBuffersInUse == 0
	})
	// The ring grows past its first 32 buffers only when a receive
	// finds it empty, and each such receive is counted.
	m := e.r.Metrics()
	require.Equal(t, m.ReceiveBuffers > 32, m.ReceivesStarved > 0, "%+v", m)
}

// TestStreamsWhereGoroutinesAreUnknown: where workerid.G cannot tell
// goroutines apart, streams submit their operations directly and
// connections are served all the same.
func TestStreamsWhereGoroutinesAreUnknown(t *testing.T) {
	if err := reactor.UringAvailable(); err != nil {
		t.Skip("io_uring unavailable:", err)
	}
	defer reactor.PretendGoroutinesUnknown()()
	e := newEnv(t, engineCase{name: "uring", engine: reactor.EngineUring})
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO))
	require.NoError(t, err)
	c := dialTCP(t, ln.Addr().String())
	require.NoError(t, c.SetDeadline(time.Now().Add(waitFor)))
	msg := make([]byte, 100<<10) // several receive buffers, and a send window and more
	got := make([]byte, len(msg))
	for range 3 {
		var writer sync.WaitGroup
		writer.Go(func() { _, _ = c.Write(msg) })
		_, err = io.ReadFull(c, got)
		writer.Wait()
		require.NoError(t, err)
	}
	require.NoError(t, c.Close())
	require.NoError(t, e.tr.nextClosed(t))
}
