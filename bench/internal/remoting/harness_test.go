package remoting_test

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/remoting"
	"github.com/actorio/actorio/bench/internal/suite"
)

// tell returns the remote-tell workload at a tiny size.
func tell(t *testing.T) suite.Workload {
	t.Helper()
	for _, w := range suite.Workloads() {
		if w.Name == "remote-tell" {
			w.Quick = suite.Params{N: 200, InFlight: 64, Payload: 100}
			return w
		}
	}
	t.Fatal("no remote-tell workload")
	return suite.Workload{}
}

// TestHarnessFailsWrongAnswers runs remote-tell on raw nats.go with a
// sender that drops a message, and one that changes a byte: each run must
// fail with the reason, never give a number, and leave no process or
// goroutine behind.
func TestHarnessFailsWrongAnswers(t *testing.T) {
	// A race-enabled child sleeps 1 s before it exits unless told not to.
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	defer remoting.SetTellGrace(200 * time.Millisecond)()
	w := tell(t)
	tests := []struct {
		system  string
		wantErr string
	}{
		{system: "test-drop", wantErr: "count = 199, want 200"},
		{system: "test-corrupt", wantErr: "1 messages out of order or different from what was sent"},
	}
	for _, tt := range tests {
		t.Run(tt.system, func(t *testing.T) {
			funcs, _ := remoting.Funcs(tt.system)
			require.NotNil(t, funcs["remote-tell"])
			res := suite.Execute(suite.Config{Workloads: []suite.Workload{w},
				Systems: []suite.System{{Name: tt.system, Funcs: funcs}}, Count: 1, Quick: true, Timeout: 30 * time.Second})
			require.Len(t, res, 1)
			assert.False(t, res[0].OK)
			assert.Contains(t, res[0].Err, tt.wantErr)
			assert.Empty(t, res[0].Metrics)
		})
	}
}

func TestFuncs(t *testing.T) {
	funcs, na := remoting.Funcs("nats-b100")
	assert.Len(t, funcs, 1, "nats-b100 runs the tell only")
	assert.NotNil(t, funcs["remote-tell"])
	assert.Len(t, na, len(remoting.Workloads())-1)
	funcs, na = remoting.Funcs("plain-go")
	assert.Empty(t, funcs)
	assert.Equal(t, "no remote nodes", na["remote-ask-1k"])
	for _, name := range []string{"actorio", "protoactor", "nats"} {
		funcs, _ := remoting.Funcs(name)
		assert.Len(t, funcs, len(remoting.Workloads()), name)
	}
	assert.Subset(t, remoting.Systems(), []string{"actorio", "nats", "nats-b100", "protoactor"})
}

func TestNodeMainRejectsBadArguments(t *testing.T) {
	tests := []struct {
		name string
		give []string
	}{
		{name: "unknown system", give: []string{"-role", "sender", "-system", "nope", "-kind", "tell", "-n", "1"}},
		{name: "no role", give: []string{"-system", "nats", "-kind", "tell", "-n", "1"}},
		{name: "a kind the system lacks", give: []string{"-role", "sender", "-system", "nats-b100", "-kind", "ask", "-n", "1"}},
		{name: "payload below the header", give: []string{"-role", "sender", "-system", "nats", "-kind", "ask", "-n", "1", "-size", "4"}},
		{name: "unknown flag", give: []string{"-nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			assert.Equal(t, 2, remoting.NodeMain(tt.give, strings.NewReader(""), &out))
			assert.Empty(t, out.String())
		})
	}
}

func TestServerMainReportsAddressAndVarz(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- remoting.ServerMain(nil, inR, outW)
		outW.Close()
	}()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	addr := <-lines
	assert.True(t, strings.HasPrefix(addr, "addr nats://127.0.0.1:"), addr)
	_, err := io.WriteString(inW, "stats\n")
	require.NoError(t, err)
	key, payload, _ := strings.Cut(<-lines, " ")
	require.Equal(t, "stats", key)
	var st remoting.Stats
	require.NoError(t, json.Unmarshal([]byte(payload), &st))
	assert.Positive(t, st.CPU)
	inW.Close()
	assert.Equal(t, 0, <-code)
	for range lines {
	}
}

func TestMetrics(t *testing.T) {
	before := []remoting.Stats{{CPU: 1000, WireOut: 100}, {CPU: 5000, WireOut: 10}, {CPU: 0, InMsgs: 3, InBytes: 30}}
	after := []remoting.Stats{{CPU: 3000, WireOut: 1100}, {CPU: 7000, WireOut: 110}, {CPU: 4000, InMsgs: 8, InBytes: 1030}}
	m, err := remoting.Metrics(10, true, remoting.Report{P50: 2000, P99: 9000}, before, after)
	require.NoError(t, err)
	got := map[string]float64{}
	for _, x := range m {
		got[x.Name] = x.Value
	}
	assert.Equal(t, map[string]float64{
		suite.MetricCPUPerOp: 0.8, suite.MetricSenderCPUPerOp: 0.2, suite.MetricReceiverCPUPerOp: 0.2,
		suite.MetricServerCPUPerOp: 0.4, suite.MetricWirePerOp: 110, suite.MetricNATSBytesPerOp: 100,
		suite.MetricOpsPerNATSMsg: 2, suite.MetricRTTP50: 2, suite.MetricRTTP99: 9,
	}, got)

	m, err = remoting.Metrics(10, false, remoting.Report{}, before[:2], after[:2])
	require.NoError(t, err)
	assert.Len(t, m, 4, "no server, no request times")
	_, err = remoting.Metrics(10, false, remoting.Report{}, before[:2], before[:2])
	assert.ErrorContains(t, err, "no CPU time")
}
