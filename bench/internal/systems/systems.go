// Package systems lists the systems the suite compares.
package systems

import (
	"fmt"
	"strings"

	"github.com/actorio/actorio/bench/internal/suite"
	"github.com/actorio/actorio/bench/internal/systems/actorio"
	"github.com/actorio/actorio/bench/internal/systems/plain"
	"github.com/actorio/actorio/bench/internal/systems/protoactor"
)

// All returns every system, the plain-Go baseline first, then actorio,
// actorio with one dispatcher worker, actorio's io_uring engine (echo
// only), protoactor-go, the network libraries gnet and nbio, and the NATS
// clients nats and nats-b100, each with the echo and remote workloads it
// can run.
func All() []suite.System {
	all := []suite.System{plain.System(), actorio.System(), actorio.OneWorker(),
		naSystem(ActorioUring, "actorio's io_uring reactor engine: only the echo workloads apply"),
		protoactor.System(), networkOnly(Gnet), networkOnly(Nbio), natsOnly(NATS), natsOnly(NATSBatch)}
	for i := range all {
		all[i] = withRemote(withEcho(all[i]))
	}
	return all
}

// Select returns the systems named in the comma-separated list, in the
// order of All; "all" or "" selects every one.
func Select(list string) ([]suite.System, error) {
	all := All()
	if list == "" || list == "all" {
		return all, nil
	}
	want := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		want[strings.TrimSpace(name)] = true
	}
	var out []suite.System
	for _, s := range all {
		if want[s.Name] {
			out = append(out, s)
			delete(want, s.Name)
		}
	}
	for name := range want {
		return nil, fmt.Errorf("unknown system %q (have %s)", name, names(all))
	}
	return out, nil
}

func names(ss []suite.System) string {
	var n []string
	for _, s := range ss {
		n = append(n, s.Name)
	}
	return strings.Join(n, ", ")
}
