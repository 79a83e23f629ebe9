package dispatch_test

import (
	"testing"

	"github.com/actorio/actorio/internal/testutil"
)

// TestUnderOtherCPUCounts runs every test of this package again with
// GOMAXPROCS 1 and 4: the scheduler must hold on one processor and on more
// than the machine has.
func TestUnderOtherCPUCounts(t *testing.T) {
	testutil.RerunWithCPUs(t, "^Test", "1,4")
}
