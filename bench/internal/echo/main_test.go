package echo_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"go.uber.org/goleak"

	"github.com/actorio/actorio/bench/internal/echo"
	"github.com/actorio/actorio/bench/internal/leaks"
	"github.com/actorio/actorio/bench/internal/proc"
)

// Servers that misbehave, registered here so that the children (this test
// binary, re-executed) have them too.
func init() {
	echo.Register("test-fail", func(context.Context, string, func(net.Addr)) error {
		return errors.New("cannot listen today")
	})
	echo.Register("test-stall", func(ctx context.Context, addr string, ready func(net.Addr)) error {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return err
		}
		defer ln.Close()
		ready(ln.Addr()) // the kernel completes connections; nobody reads them
		<-ctx.Done()
		return nil
	})
}

func TestMain(m *testing.M) {
	proc.RunIfChild()
	goleak.VerifyTestMain(m, leaks.Options()...)
}
