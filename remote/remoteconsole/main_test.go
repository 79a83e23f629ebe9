package remoteconsole_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }
