package actor_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNoHTTPOnImport checks that no package of the runtime, nor anything
// it imports, is net/http or expvar: importing actorio registers no
// handler on http.DefaultServeMux (expvar adds /debug/vars there) and
// links no HTTP server. Package observability/actorhttp serves HTTP.
func TestNoHTTPOnImport(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list imports with")
	}
	out, err := exec.Command(goTool, "list", "-deps=false", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`,
		"github.com/actorio/actorio/...").Output()
	require.NoError(t, err)
	checked := 0
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		if strings.Contains(pkg, "/examples/") || strings.Contains(pkg, "/observability/") || strings.HasSuffix(pkg, "/testutil") {
			continue // programs, HTTP adapters and test helpers may
		}
		checked++
		for _, banned := range []string{"net/http", "expvar"} {
			require.False(t, slices.Contains(deps, banned), "%s imports %s", pkg, banned)
		}
	}
	require.GreaterOrEqual(t, checked, 10, "the runtime's packages were listed")
}
