package echo_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/echo"
)

// child runs a subcommand in this process, wired to pipes, as the harness
// runs it in a child process.
type child struct {
	in    *io.PipeWriter
	lines *bufio.Scanner
	code  chan int
}

func startChild(t *testing.T, main func([]string, io.Reader, io.Writer) int, args ...string) *child {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &child{in: inW, lines: bufio.NewScanner(outR), code: make(chan int, 1)}
	go func() {
		code := main(args, inR, outW)
		outW.Close()
		c.code <- code
	}()
	t.Cleanup(func() {
		inW.Close()
		go func() { _, _ = io.Copy(io.Discard, outR) }() // let a late line through
		select {
		case <-c.code:
		case <-time.After(10 * time.Second):
			t.Error("the subcommand did not return within 10 s of its input's end")
		}
	})
	return c
}

// expect returns the payload of the next line, which must have key.
func (c *child) expect(t *testing.T, key string) string {
	t.Helper()
	require.True(t, c.lines.Scan(), "output ended before %q", key)
	k, payload, _ := strings.Cut(c.lines.Text(), " ")
	require.Equal(t, key, k, "line %q", c.lines.Text())
	return payload
}

func (c *child) send(t *testing.T, cmd string) {
	_, err := io.WriteString(c.in, cmd+"\n")
	require.NoError(t, err)
}

func TestServerMainReportsAddressAndStats(t *testing.T) {
	srv := startChild(t, echo.ServerMain, "-system", "net", "-addr", "127.0.0.1:0")
	addr := srv.expect(t, "addr")
	_, err := net.ResolveTCPAddr("tcp", addr)
	require.NoError(t, err)
	srv.send(t, "stats")
	var st struct {
		CPU int64 `json:"cpu_ns"`
		RSS int64 `json:"rss"`
	}
	require.NoError(t, json.Unmarshal([]byte(srv.expect(t, "stats")), &st))
	assert.Positive(t, st.CPU)
	assert.Positive(t, st.RSS)
}

func TestSubcommandsRejectBadArguments(t *testing.T) {
	tests := []struct {
		name string
		main func([]string, io.Reader, io.Writer) int
		give []string
	}{
		{name: "unknown server", main: echo.ServerMain, give: []string{"-system", "nope"}},
		{name: "client without address", main: echo.ClientMain, give: []string{"-requests", "1"}},
		{name: "payload below the header", main: echo.ClientMain, give: []string{"-addr", "x:1", "-requests", "1", "-size", "4"}},
		{name: "busy client without requests", main: echo.ClientMain, give: []string{"-addr", "x:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			assert.Equal(t, 2, tt.main(tt.give, strings.NewReader(""), &out))
			assert.Empty(t, out.String())
		})
	}
}
