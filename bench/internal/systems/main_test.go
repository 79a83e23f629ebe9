package systems_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/bench/internal/leaks"
	"github.com/actorio/actorio/bench/internal/proc"
)

func TestMain(m *testing.M) {
	proc.RunIfChild() // the echo and remote workloads re-execute this test binary as their children
	goleak.VerifyTestMain(m, leaks.Options()...)
}
