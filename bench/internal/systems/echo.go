package systems

import (
	"github.com/actorio/actorio/bench/internal/echo"
	"github.com/actorio/actorio/bench/internal/suite"
	"github.com/actorio/actorio/bench/internal/systems/actorio"
	"github.com/actorio/actorio/bench/internal/systems/plain"
	"github.com/actorio/actorio/bench/internal/systems/protoactor"
)

// Names of the systems that are network libraries only, measured on the
// echo workloads.
const (
	ActorioUring = "actorio-uring"
	Gnet         = "gnet"
	Nbio         = "nbio"
)

// echoServers names the echo server (see package echo) that each system
// runs in the network workloads. Plain Go's is the net package's.
var echoServers = map[string]string{
	plain.Name:   "net",
	actorio.Name: "actorio",
	ActorioUring: "actorio-uring",
	Gnet:         "gnet",
	Nbio:         "nbio",
}

// noEcho explains why a system has no echo server.
var noEcho = map[string]string{
	protoactor.Name:       "protoactor-go has no TCP server of its own (its remote package speaks gRPC)",
	actorio.OneWorkerName: "actorio's echo server already runs one dispatcher worker (its process has GOMAXPROCS=1)",
	NATS:                  natsClient,
	NATSBatch:             natsClient,
}

// networkOnly returns a system for a network library: every workload is
// marked not applicable until withEcho adds the echo workloads.
func networkOnly(name string) suite.System {
	return naSystem(name, networkLibrary)
}

const networkLibrary = "a network library: only the echo workloads apply"

// naSystem returns a system that runs no workload, for the reason why,
// until withEcho or withRemote adds some.
func naSystem(name, why string) suite.System {
	s := suite.System{Name: name, Funcs: map[string]suite.Func{}, NA: map[string]string{}}
	for _, w := range suite.Workloads() {
		s.NA[w.Name] = why
	}
	return s
}

// withEcho adds the echo workloads to s: the implementations for its echo
// server if that server is registered, and otherwise the reason there are
// none.
func withEcho(s suite.System) suite.System {
	if s.Funcs == nil {
		s.Funcs = map[string]suite.Func{}
	}
	if s.NA == nil {
		s.NA = map[string]string{}
	}
	server, has := echoServers[s.Name]
	_, registered := echo.Lookup(server)
	unavailable := echo.Unavailable(server)
	for name, fn := range echo.Funcs(server) {
		delete(s.NA, name)
		switch {
		case has && registered && unavailable != nil:
			s.NA[name] = unavailable.Error()
		case has && registered:
			s.Funcs[name] = fn
		case has:
			s.NA[name] = "echo server " + server + " not registered"
		case noEcho[s.Name] != "":
			s.NA[name] = noEcho[s.Name]
		default:
			s.NA[name] = "no echo server"
		}
	}
	return s
}

// EchoServer returns the echo server that system runs in the network
// workloads, and false if it has none.
func EchoServer(system string) (string, bool) {
	s, ok := echoServers[system]
	return s, ok
}
