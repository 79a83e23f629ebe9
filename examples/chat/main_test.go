package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

// timeout only guards against a hang: every wait in these tests ends as
// soon as what it waits for happens.
const timeout = 10 * time.Second

// server is the chat server running for one test.
type server struct {
	addr     string
	debugURL string          // with -debug: the actor list's URL
	stop     func() []string // stops the server and returns what it printed
}

// start runs the server with args on a port of the system's choice until
// the test ends.
func start(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw)
		pw.Close()
		done <- err
	}()
	first := make(chan string, 2) // the address lines
	var printed []string          // all lines, once scanned is closed
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			printed = append(printed, sc.Text())
			select {
			case first <- sc.Text():
			default:
			}
		}
		close(first)
		_, _ = io.Copy(io.Discard, pr)
	}()
	var once sync.Once
	s := &server{stop: func() []string {
		once.Do(func() {
			cancel()
			require.NoError(t, <-done)
			<-scanned
		})
		return printed
	}}
	t.Cleanup(func() { s.stop() })

	line, ok := <-first
	require.True(t, ok, "run printed nothing")
	s.addr = strings.TrimPrefix(line, "listening on ")
	if strings.Contains(strings.Join(args, " "), "-debug") {
		line, ok = <-first
		require.True(t, ok, "no debug address")
		s.debugURL = strings.Fields(line)[3] // "debug handler on http://.../actors and /metrics"
	}
	return s
}

// user is a chat client, at the other end of a test's connection.
type user struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

// dial connects to the server and reads its welcome.
func dial(t *testing.T, addr string) *user {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	c := &user{t: t, conn: conn, r: bufio.NewReader(conn)}
	c.expect("* welcome to actorio chat; what is your nickname?")
	return c
}

// login connects as nick and waits until the client is in the lobby.
func login(t *testing.T, addr, nick string) *user {
	t.Helper()
	c := dial(t, addr)
	c.send(nick)
	c.expect("* you joined lobby")
	return c
}

// send sends lines, in one write.
func (c *user) send(lines ...string) {
	c.t.Helper()
	require.NoError(c.t, c.conn.SetWriteDeadline(time.Now().Add(timeout)))
	_, err := io.WriteString(c.conn, strings.Join(lines, "\n")+"\n")
	require.NoError(c.t, err)
}

// read reads one line, without its newline.
func (c *user) read() string {
	c.t.Helper()
	require.NoError(c.t, c.conn.SetReadDeadline(time.Now().Add(timeout)))
	line, err := c.r.ReadString('\n')
	require.NoError(c.t, err, "read %q so far", line)
	return strings.TrimSuffix(line, "\n")
}

// expect reads a line for each of want, and checks that they are want.
func (c *user) expect(want ...string) {
	c.t.Helper()
	for _, w := range want {
		require.Equal(c.t, w, c.read())
	}
}

// expectEOF checks that the server has closed the connection.
func (c *user) expectEOF() {
	c.t.Helper()
	require.NoError(c.t, c.conn.SetReadDeadline(time.Now().Add(timeout)))
	line, err := c.r.ReadString('\n')
	require.ErrorIs(c.t, err, io.EOF, "read %q", line)
}

// numbered returns n lines "<prefix> <i>".
func numbered(prefix string, n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("%s %d", prefix, i)
	}
	return lines
}

// from returns lines as a room relays them from nick.
func from(nick string, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = nick + ": " + l
	}
	return out
}

func TestTalkInOrder(t *testing.T) {
	s := start(t)
	alice := login(t, s.addr, "alice")
	bob := login(t, s.addr, "bob")
	alice.expect("* bob joined lobby")

	a, b := numbered("hello from alice", 200), numbered("hi from bob", 200)
	alice.send(a...)
	bob.send(b...)
	bob.expect(from("alice", a)...)
	alice.expect(from("bob", b)...)

	alice.send("/who")
	alice.expect("* in lobby: alice, bob")
}

func TestJoinMovesClient(t *testing.T) {
	s := start(t)
	alice := login(t, s.addr, "alice")
	bob := login(t, s.addr, "bob")
	alice.expect("* bob joined lobby")
	carol := login(t, s.addr, "carol")
	alice.expect("* carol joined lobby")
	bob.expect("* carol joined lobby")

	alice.send("/join games")
	alice.expect("* you joined games")
	bob.expect("* alice left lobby")
	carol.expect("* alice left lobby")
	carol.send("/join games")
	carol.expect("* you joined games")
	alice.expect("* carol joined games")
	bob.expect("* carol left lobby")

	alice.send("in games")
	carol.expect("alice: in games")
	// Carol has her copy, so the room is done with that line, and bob,
	// who is not in games, has none queued: the next line he reads is
	// the answer to his /who.
	bob.send("/who")
	bob.expect("* in lobby: bob")
	alice.send("/who")
	alice.expect("* in games: alice, carol")
	bob.send("alone")
	bob.send("/join games")
	bob.expect("* you joined games")
	alice.expect("* bob joined games")
	carol.expect("* bob joined games")
}

func TestMembersLeave(t *testing.T) {
	s := start(t)
	alice := login(t, s.addr, "alice")
	bob := login(t, s.addr, "bob")
	alice.expect("* bob joined lobby")
	carol := login(t, s.addr, "carol")
	alice.expect("* carol joined lobby")
	bob.expect("* carol joined lobby")

	// Bob's connection ends: the room sees his actor stop.
	bob.send("gotta go")
	alice.expect("bob: gotta go")
	carol.expect("bob: gotta go")
	require.NoError(t, bob.conn.Close())
	alice.expect("* bob left lobby")
	carol.expect("* bob left lobby")

	// Carol quits right after a line: her actor stops with the line
	// still queued for the room, which relays it before her departure.
	carol.send("bye all", "/quit", "not said")
	carol.expect("* bye")
	carol.expectEOF()
	alice.expect("carol: bye all", "* carol left lobby")
	alice.send("/who")
	alice.expect("* in lobby: alice")

	// The lobby empties and closes; joining it opens a new one.
	alice.send("/join games", "/join lobby", "/who")
	alice.expect("* you joined games", "* you joined lobby", "* in lobby: alice")
	dave := login(t, s.addr, "dave")
	alice.expect("* dave joined lobby")
	dave.send("/who")
	dave.expect("* in lobby: alice, dave")
}

// TestHangUpAfterLine has a client hang up right after its last line:
// the room relays the line, then sees the client leave.
func TestHangUpAfterLine(t *testing.T) {
	s := start(t)
	alice := login(t, s.addr, "alice")
	bob := login(t, s.addr, "bob")
	alice.expect("* bob joined lobby")
	bob.send("gotta go")
	require.NoError(t, bob.conn.Close())
	alice.expect("bob: gotta go", "* bob left lobby")
}

// TestLinesWhileJoining sends commands and lines before the server has
// answered the ones before: they take effect in order.
func TestLinesWhileJoining(t *testing.T) {
	s := start(t)
	alice := login(t, s.addr, "alice")
	bob := dial(t, s.addr)
	bob.send("bob", "hi", "/who", "/join games", "in games", "/who", "/join lobby", "back")
	bob.expect("* you joined lobby", "* in lobby: alice, bob", "* you joined games", "* in games: bob", "* you joined lobby")
	alice.expect("* bob joined lobby", "bob: hi", "* bob left lobby", "* bob joined lobby", "bob: back")
}

func TestErrors(t *testing.T) {
	s := start(t)
	c := dial(t, s.addr)
	for _, tt := range []struct {
		name, give, want string
	}{
		{"empty nickname", "", "* a nickname is 1 to 32 letters, digits, '-' or '_'; what is your nickname?"},
		{"nickname with a space", "a b", "* a nickname is 1 to 32 letters, digits, '-' or '_'; what is your nickname?"},
		{"long nickname", strings.Repeat("a", 33), "* a nickname is 1 to 32 letters, digits, '-' or '_'; what is your nickname?"},
		{"nickname", "alice", "* you joined lobby"},
		{"empty line, ignored, then unknown command", "\n/nick bob", "* unknown command /nick; try /join <room>, /who or /quit"},
		{"join without a room", "/join", "* usage: /join <room>, a room name being 1 to 32 letters, digits, '-' or '_'"},
		{"join a bad room", "/join a/b", "* usage: /join <room>, a room name being 1 to 32 letters, digits, '-' or '_'"},
		{"join the same room", "/join lobby", "* you are already in lobby"},
		{"line too long", strings.Repeat("x", maxText+1), "* line too long: at most 4096 bytes"},
		{"longest line", strings.Repeat("x", maxText) + "\n/who", "* in lobby: alice"},
		{"carriage return", "/who\r", "* in lobby: alice"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			c.send(tt.give)
			c.expect(tt.want)
		})
	}
	c.t = t

	// A line longer than the codec's limit closes the connection.
	c.send(strings.Repeat("x", maxLine+1))
	c.expectEOF()
	out := s.stop()
	require.Contains(t, strings.Join(out, "\n"), `nick=alice error="codec: line decode: frame too large`)
}

// TestSlowClient has alice talk to bob and carol, who stops reading.
// Carol is disconnected once her output queue is full, bob reads every
// line, and the room goes on.
func TestSlowClient(t *testing.T) {
	s := start(t)
	alice := login(t, s.addr, "alice")
	bob := login(t, s.addr, "bob")
	alice.expect("* bob joined lobby")
	carol := login(t, s.addr, "carol")
	alice.expect("* carol joined lobby")
	bob.expect("* carol joined lobby")
	// From here on carol reads nothing until the end.

	// Alice talks in rounds, and bob reads each round before the next:
	// he never has much unread, carol has everything. It takes the
	// socket buffers between the server and carol, and then maxOutbound,
	// to disconnect her.
	const round = 64
	pad := strings.Repeat(".", 1000)
	var toCarol strings.Builder // what the server sends carol
	left := 0
	for n := 0; left == 0; n++ {
		require.Less(t, toCarol.Len(), 256<<20, "carol is still connected")
		lines := make([]string, round)
		for i := range lines {
			lines[i] = fmt.Sprintf("%07d %s", n*round+i, pad)
			toCarol.WriteString("alice: " + lines[i] + "\n")
		}
		alice.send(lines...)
		for i := 0; i < round; {
			if got := bob.read(); got == "* carol left lobby" {
				left++
			} else {
				require.Equal(t, "alice: "+lines[i], got)
				i++
			}
		}
	}
	alice.expect("* carol left lobby")
	alice.send("still here")
	bob.expect("alice: still here") // and carol left once only
	t.Logf("carol was disconnected after alice sent %d bytes", toCarol.Len())

	// Carol's connection is closed: she can read what her socket
	// buffers still held, a part of what was sent to her, then no more.
	require.NoError(t, carol.conn.SetReadDeadline(time.Now().Add(timeout)))
	got, err := io.ReadAll(carol.r)
	require.False(t, errors.Is(err, os.ErrDeadlineExceeded), "carol's connection is still open")
	require.NotEmpty(t, got)
	require.True(t, strings.HasPrefix(toCarol.String(), string(got)), "carol read lines that were not sent to her")
	require.Less(t, len(got), toCarol.Len())

	out := s.stop()
	require.Contains(t, strings.Join(out, "\n"), `nick=carol error="reactor: outbound queue full"`)
}

// TestRoomsClose watches, through -debug, the registry's rooms come and
// go as clients join and leave them.
func TestRoomsClose(t *testing.T) {
	s := start(t, "-debug", "127.0.0.1:0")
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: timeout}
	rooms := func() int {
		resp, err := hc.Get(s.debugURL + "?format=json")
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var actors []struct{ Parent string }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&actors))
		n := 0
		for _, a := range actors {
			if a.Parent == "/rooms" {
				n++
			}
		}
		return n
	}
	// Rooms close a moment after they empty: poll for that.
	eventually := func(want int) {
		t.Helper()
		require.Eventually(t, func() bool { return rooms() == want }, timeout, 5*time.Millisecond, "want %d rooms", want)
	}

	require.Equal(t, 0, rooms())
	alice := login(t, s.addr, "alice")
	require.Equal(t, 1, rooms())
	alice.send("/join games")
	alice.expect("* you joined games")
	eventually(1) // the lobby closed
	bob := login(t, s.addr, "bob")
	require.Equal(t, 2, rooms())
	alice.send("/quit")
	alice.expect("* bye")
	eventually(1) // games closed
	require.NoError(t, bob.conn.Close())
	eventually(0)
}
