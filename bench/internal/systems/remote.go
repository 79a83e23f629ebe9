package systems

import (
	"github.com/actorio/actorio/bench/internal/remoting"
	"github.com/actorio/actorio/bench/internal/suite"
	"github.com/actorio/actorio/bench/internal/systems/actorio"
	"github.com/actorio/actorio/bench/internal/systems/plain"
)

// Names of the systems that are NATS clients only, measured on the remote
// workloads: raw nats.go, one NATS message per message, and the same with
// 100 messages packed into each publish.
const (
	NATS      = "nats"
	NATSBatch = "nats-b100"
)

// noRemote explains why a system has no remote nodes.
var noRemote = map[string]string{
	plain.Name:            "plain Go has no messaging between processes of its own: raw nats.go (nats) is the floor",
	actorio.OneWorkerName: "actorio's nodes already run one dispatcher worker (each process has GOMAXPROCS=1)",
	Gnet:                  networkLibrary,
	Nbio:                  networkLibrary,
}

// natsOnly returns a system for a NATS client: every workload is marked
// not applicable until withRemote adds the remote ones.
func natsOnly(name string) suite.System { return naSystem(name, natsClient) }

const natsClient = "a NATS client: only the remote workloads apply"

// withRemote adds the remote workloads to s: its nodes' implementations,
// and the reason for each one it cannot run.
func withRemote(s suite.System) suite.System {
	if s.Funcs == nil {
		s.Funcs = map[string]suite.Func{}
	}
	if s.NA == nil {
		s.NA = map[string]string{}
	}
	funcs, na := remoting.Funcs(s.Name)
	for name, why := range na {
		if r := noRemote[s.Name]; r != "" {
			why = r
		}
		s.NA[name] = why
	}
	for name, fn := range funcs {
		delete(s.NA, name)
		s.Funcs[name] = fn
	}
	return s
}
