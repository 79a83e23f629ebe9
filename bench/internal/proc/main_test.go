package proc_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/bench/internal/leaks"
	"github.com/actorio/actorio/bench/internal/proc"
)

func TestMain(m *testing.M) {
	proc.RunIfChild() // the tests re-execute this binary as their children
	goleak.VerifyTestMain(m, leaks.Options()...)
}
