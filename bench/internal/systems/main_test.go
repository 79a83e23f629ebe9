package systems_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/bench/internal/echo"
	"github.com/actorio/actorio/bench/internal/leaks"
)

func TestMain(m *testing.M) {
	echo.RunIfChild() // the echo workloads re-execute this test binary as their server and client
	goleak.VerifyTestMain(m, leaks.Options()...)
}
