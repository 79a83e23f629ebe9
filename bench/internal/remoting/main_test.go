package remoting_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/bench/internal/leaks"
	"github.com/actorio/actorio/bench/internal/proc"
)

func TestMain(m *testing.M) {
	proc.RunIfChild() // the harness tests re-execute this test binary as their nodes and NATS server
	goleak.VerifyTestMain(m, leaks.Options()...)
}
