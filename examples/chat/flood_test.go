package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var floodFor = flag.Duration("chat.flood", 10*time.Second, "how long TestFlood's clients talk")

// Bounds of TestFlood.
const (
	floodTalkers = 50
	floodHeapMax = 256 << 20
	floodGiveUp  = 1 << 30 // stop early: the heap is growing without bound
)

// TestFlood is the regression test of the chat's end-to-end
// backpressure. Fifty clients in one room send lines as fast as TCP
// lets them for -chat.flood (10 s), while reading everything the room
// relays, and a fifty-first logs in and never reads. The server must
// slow the talkers down through TCP instead of buffering their lines:
// the process's heap stays under 256 MiB throughout, no talker is
// disconnected, and every line each talker reads is intact and in order,
// with none missing in between. The client that does not read is
// disconnected with ErrOutboundFull, and the room goes on: every talker
// reads lines after that client has left.
func TestFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10-second load test")
	}
	s := start(t)
	// Sleepy's small receive buffer keeps the kernel from absorbing
	// megabytes for it: the server reaches MaxOutbound for it within
	// seconds, race detector or not.
	sleepy := dial(t, s.addr)
	require.NoError(t, sleepy.conn.(*net.TCPConn).SetReadBuffer(4<<10))
	sleepy.send("sleepy")
	sleepy.expect("* you joined lobby")
	talkers := make([]*floodTalker, floodTalkers)
	for i := range talkers {
		nick := fmt.Sprintf("t%02d", i)
		talkers[i] = &floodTalker{nick: nick, u: login(t, s.addr, nick), got: make(map[string]int)}
	}
	// From here on sleepy reads nothing.

	var heapMax atomic.Uint64
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var sampler sync.WaitGroup
	sampler.Go(func() { sampleHeap(ctx, &heapMax, stop) })

	start := time.Now()
	var readers, writers sync.WaitGroup
	for _, tk := range talkers {
		readers.Go(func() { tk.read() })
		writers.Go(func() { tk.write(ctx) })
	}
	select {
	case <-time.After(*floodFor):
	case <-ctx.Done(): // the heap ran away
	}
	// On a loaded machine it may take longer to push MaxOutbound and
	// the socket buffers to sleepy: the talkers go on until everyone has
	// read that sleepy left, and a hundred lines after that.
	for guard := time.Now().Add(time.Minute); ctx.Err() == nil && time.Now().Before(guard); time.Sleep(10 * time.Millisecond) {
		if talkedAfterSleepy(talkers, 100) {
			break
		}
	}
	elapsed := time.Since(start)
	stop()
	writers.Wait()
	sampler.Wait()
	require.Less(t, heapMax.Load(), uint64(floodGiveUp), "the heap ran away")
	total, relayed := 0, 0
	for _, tk := range talkers {
		require.NoError(t, tk.werr, "%s: writing", tk.nick)
		total += tk.sent
	}
	for _, tk := range talkers {
		tk.closing.Store(true) // talkers leave from here on
	}
	for _, tk := range talkers {
		tk.u.conn.Close()
	}
	readers.Wait()
	for _, tk := range talkers {
		for _, other := range talkers {
			if other != tk {
				relayed += tk.got[other.nick]
			}
		}
	}
	t.Logf("%d talkers wrote %d lines in %v; the server read them at %.0f lines/s and relayed %.0f lines/s; heap at most %d MiB",
		len(talkers), total, elapsed.Round(time.Millisecond), float64(relayed)/float64(len(talkers)-1)/elapsed.Seconds(),
		float64(relayed)/elapsed.Seconds(), heapMax.Load()>>20)
	for _, tk := range talkers {
		require.NoError(t, tk.err(), "%s: reading", tk.nick)
		require.True(t, tk.sawSleepyLeave.Load(), "%s never saw sleepy leave", tk.nick)
		require.GreaterOrEqual(t, tk.afterLeave.Load(), int64(100), "%s read little after sleepy left", tk.nick)
		for _, other := range talkers {
			if other != tk {
				require.Positive(t, tk.got[other.nick], "%s read nothing from %s", tk.nick, other.nick)
			}
		}
	}
	out := strings.Join(s.stop(), "\n")
	require.Contains(t, out, `nick=sleepy error="reactor: outbound queue full"`)
	require.Less(t, heapMax.Load(), uint64(floodHeapMax), "heap in use above 256 MiB")
}

// talkedAfterSleepy reports whether every talker has read that sleepy
// left, and at least n lines after that.
func talkedAfterSleepy(talkers []*floodTalker, n int64) bool {
	for _, tk := range talkers {
		if tk.afterLeave.Load() < n {
			return false
		}
	}
	return true
}

// sampleHeap records the largest heap in use until ctx is done, and
// calls giveUp if it passes floodGiveUp.
func sampleHeap(ctx context.Context, max *atomic.Uint64, giveUp func()) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > max.Load() {
			max.Store(ms.HeapInuse)
		}
		if ms.HeapInuse > floodGiveUp {
			giveUp()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// floodTalker is one of TestFlood's clients.
type floodTalker struct {
	nick string
	u    *user
	sent int   // whole lines written; the writer's until it returns
	werr error // the writer's

	mu             sync.Mutex
	got            map[string]int // lines read, by sender
	rerr           error
	sawSleepyLeave atomic.Bool
	afterLeave     atomic.Int64 // lines read after sleepy left
	closing        atomic.Bool  // set when the test closes the connection
}

// floodLine is line seq of nick, without its newline: its number and a
// payload made of both, so that a line altered on its way shows.
func floodLine(nick string, seq int) string {
	return nick + " " + strconv.Itoa(seq) + " " + strings.Repeat(nick+strconv.Itoa(seq%10), 8)
}

// write sends lines, 64 at a time, until ctx is done. A write blocks
// while the server does not read: that is the backpressure. Each write
// gives up after a while, to look at ctx, and goes on where it stopped,
// so that sent counts whole lines written.
func (tk *floodTalker) write(ctx context.Context) {
	var buf []byte
	for {
		buf = buf[:0]
		for i := range 64 {
			buf = append(buf, floodLine(tk.nick, tk.sent+i)...)
			buf = append(buf, '\n')
		}
		for rest := buf; len(rest) > 0; {
			_ = tk.u.conn.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
			n, err := tk.u.conn.Write(rest)
			tk.sent += bytes.Count(rest[:n], []byte("\n"))
			rest = rest[n:]
			switch {
			case err == nil:
			case !errors.Is(err, os.ErrDeadlineExceeded):
				tk.werr = err
				return
			case ctx.Err() != nil:
				return
			}
		}
	}
}

// read checks every line the room relays until the connection closes.
func (tk *floodTalker) read() {
	r := bufio.NewReaderSize(tk.u.conn, 64<<10)
	for {
		_ = tk.u.conn.SetReadDeadline(time.Now().Add(timeout))
		line, err := r.ReadSlice('\n') // a server that closes shows as io.EOF: a failure
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				tk.fail(fmt.Errorf("after %v: %w", tk.counts(), err))
			}
			return
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if bytes.HasPrefix(line, []byte("* ")) {
			if string(line) == "* sleepy left lobby" {
				tk.sawSleepyLeave.Store(true)
			} else if bytes.HasSuffix(line, []byte(" left lobby")) && !tk.closing.Load() {
				tk.fail(fmt.Errorf("%q", line))
			}
			continue
		}
		from, rest, ok := bytes.Cut(line, []byte(": "))
		nick := string(from)
		tk.mu.Lock()
		want := floodLine(nick, tk.got[nick])
		tk.mu.Unlock()
		if !ok || string(rest) != want {
			tk.fail(fmt.Errorf("read %q, want %q from %s", line, want, nick))
			return
		}
		tk.mu.Lock()
		tk.got[nick]++
		tk.mu.Unlock()
		if tk.sawSleepyLeave.Load() {
			tk.afterLeave.Add(1)
		}
	}
}

func (tk *floodTalker) fail(err error) {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	if tk.rerr == nil {
		tk.rerr = fmt.Errorf("%s: %w", tk.nick, err)
	}
}

func (tk *floodTalker) err() error {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	return tk.rerr
}

func (tk *floodTalker) counts() string {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	return fmt.Sprint(tk.got)
}
