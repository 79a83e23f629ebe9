package actor_test

import (
	"testing"

	"github.com/actorio/actorio/internal/testutil"
)

// TestSchedulerSensitiveUnderOtherCPUCounts runs the tests that lean
// hardest on the dispatcher (saturation at one and two workers, random
// peers with the sent = processed + dead-lettered invariant, shutdown of
// 100k actors and of busy ones, rings and ping-pong fairness) again with
// GOMAXPROCS 1 and 4.
func TestSchedulerSensitiveUnderOtherCPUCounts(t *testing.T) {
	testutil.RerunWithCPUs(t, "^(TestSaturation.*|TestStress.*|TestShutdown100kActors|TestShutdownWhileBusy)$", "1,4")
}
