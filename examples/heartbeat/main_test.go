package main

import (
	"regexp"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

// TestRunOnFakeClock runs the program in a synctest bubble, where every
// timer fires exactly on time, so the output is exact: worker-2's last
// heartbeat is at 300 ms, it is suspected at the first sweep more than
// 200 ms later (525 ms), and its next heartbeat comes at 950 ms.
func TestRunOnFakeClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out strings.Builder
		require.NoError(t, run(&out))
		require.Equal(t, `monitor: watching 4 workers: heartbeat every 50ms, suspected after 200ms of silence
worker-2: stalling for 600ms
monitor: worker-2 suspected: silent for 225ms
worker-2: resuming
monitor: worker-2 recovered after 650ms of silence
main: stopping the workers
monitor: no message for 300ms: all workers are gone
heartbeats received: 84, suspicions: 1, dead letters: 0
`, out.String())
	})
}

// TestRunOnRealClock runs the program as main does, in about 1.5 s, as a
// smoke test of its real configuration: the stalled worker is suspected,
// never before 200 ms of silence, recovers, and the run ends on the
// monitor's receive timeout. How late the suspicion may come depends on the
// host's load, so that is not asserted here; TestRunOnFakeClock checks the
// exact schedule deterministically.
func TestRunOnRealClock(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	got := out.String()
	t.Log("\n" + got)
	lines := []string{
		"worker-2: stalling for 600ms",
		"monitor: worker-2 suspected: silent for ",
		"worker-2: resuming",
		"monitor: worker-2 recovered after ",
		"main: stopping the workers",
		"monitor: no message for 300ms: all workers are gone",
		"heartbeats received: ",
	}
	at := 0
	for _, l := range lines {
		i := strings.Index(got[at:], l)
		require.GreaterOrEqual(t, i, 0, "%q, in order", l)
		at += i + len(l)
	}
	m := regexp.MustCompile(`worker-2 suspected: silent for (\S+)\n`).FindStringSubmatch(got)
	require.NotNil(t, m)
	silent, err := time.ParseDuration(m[1])
	require.NoError(t, err)
	require.GreaterOrEqual(t, silent, suspectAfter, "more than 200ms, printed rounded to the millisecond")
	require.Contains(t, got, "dead letters: 0\n")
}
