package remote_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild()) // a node process of a multi-process test
	}
	goleak.VerifyTestMain(m, leakcheck.Options()...)
}
