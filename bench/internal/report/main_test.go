package report_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/bench/internal/leaks"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leaks.Options()...) }
