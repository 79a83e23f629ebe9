//go:build unix

package signals_test

import (
	"context"
	"fmt"
	"os"
	"syscall"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/signals"
)

// A service's main waits for SIGTERM, then shuts its system down.
func ExampleNext() {
	sys, _ := actor.NewSystem()
	terminated, stop := signals.Next(syscall.SIGTERM, os.Interrupt)
	defer stop()

	_ = syscall.Kill(os.Getpid(), syscall.SIGTERM) // as a supervisor would

	sig, _ := terminated.Await(context.Background())
	fmt.Println("got", sig, "- shutting down")
	fmt.Println(sys.Shutdown(context.Background()))
	// Output:
	// got terminated - shutting down
	// <nil>
}
