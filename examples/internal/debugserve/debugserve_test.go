package debugserve_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/examples/internal/debugserve"
	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	return string(body)
}

// TestStartServesAndStops: Start serves the actor dump and the console,
// prints both URLs, and stop ends a console page's open stream and the
// server, quickly.
func TestStartServesAndStops(t *testing.T) {
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	defer func() { require.NoError(t, sys.Shutdown(context.Background())) }()

	var out bytes.Buffer
	stop, err := debugserve.Start(sys, "127.0.0.1:0", &out)
	require.NoError(t, err)
	url := regexp.MustCompile(`http://\S+/actors`).FindString(out.String())
	require.NotEmpty(t, url, "Start prints where it serves: %q", out.String())
	console := regexp.MustCompile(`console on (http://\S+/console/)`).FindStringSubmatch(out.String())
	require.Len(t, console, 2, "Start prints the console's URL: %q", out.String())

	get(t, url)
	require.Contains(t, get(t, console[1]), "<title>actorio console</title>")
	require.Contains(t, get(t, console[1]+"api/tree"), `"children":[]`)

	// A page's stream stays open until stop ends it.
	resp, err := http.Get(console[1] + "api/stream")
	require.NoError(t, err)
	defer resp.Body.Close()
	first, err := bufio.NewReader(resp.Body).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "event: hello\n", first)
	http.DefaultClient.CloseIdleConnections()

	start := time.Now()
	stop()
	require.Less(t, time.Since(start), time.Second, "an open page does not hold stop up")
	_, err = io.ReadAll(resp.Body)
	require.NoError(t, err, "the stream ended cleanly")
	_, err = http.Get(url)
	require.Error(t, err, "stopped: nothing listens any more")
}
