package debugserve_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/examples/internal/debugserve"
	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

func TestStartServesAndStops(t *testing.T) {
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	defer func() { require.NoError(t, sys.Shutdown(context.Background())) }()

	var out bytes.Buffer
	stop, err := debugserve.Start(sys, "127.0.0.1:0", &out)
	require.NoError(t, err)
	url := regexp.MustCompile(`http://\S+/actors`).FindString(out.String())
	require.NotEmpty(t, url, "Start prints where it serves: %q", out.String())

	resp, err := http.Get(url)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	http.DefaultClient.CloseIdleConnections()

	stop()
	_, err = http.Get(url)
	require.Error(t, err, "stopped: nothing listens any more")
}
