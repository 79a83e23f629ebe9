package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// reexecEnv marks a test binary run by RerunWithCPUs, so that it does not
// start another.
const reexecEnv = "ACTORIO_TEST_CPUS_CHILD"

// RerunWithCPUs runs the tests of the calling test binary whose names match
// pattern again, in a child process of the same binary, once with each
// GOMAXPROCS in cpus (the -cpu flag), and fails t with the child's output
// if any of them fails. Scheduler-sensitive tests use it so that every run
// of the suite also tries them on one processor and on more processors than
// the machine has. Inside the child it does nothing.
func RerunWithCPUs(t *testing.T, pattern, cpus string) {
	t.Helper()
	if os.Getenv(reexecEnv) != "" {
		t.Skip("already running with other processor counts")
	}
	if testing.Short() {
		t.Skip("-short: not running the tests again with -cpu " + cpus)
	}
	cmd := exec.Command(os.Args[0], "-test.run", pattern, "-test.cpu", cpus, "-test.count", "1")
	cmd.Env = append(os.Environ(), reexecEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tests %s with -cpu %s: %v\n%s", pattern, cpus, err, out)
	}
}
