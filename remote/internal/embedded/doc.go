// Package embedded runs NATS servers inside the current process, for tests,
// examples and single-node development of the remote layer.
//
// The remote layer carries actor messages between processes over NATS. To
// keep a fresh machine down to nothing but Go, its tests and examples do not
// expect a nats-server binary: they start one here, on loopback, on ports
// picked at random, and stop it when they are done. Nothing in this package
// is meant for production deployments.
//
// # Servers
//
// Start runs one server and returns once it accepts connections:
//
//	s, err := embedded.Start(embedded.Options{})
//	if err != nil {
//		return err
//	}
//	defer s.Shutdown()
//	nc, err := nats.Connect(s.ClientURL())
//
// Shutdown stops the server and waits for every goroutine it started.
// Restart stops it and starts it again on the same ports, which lets a test
// check that clients reconnect, and that a JetStream store survives.
//
// # Clusters and fault injection
//
// StartCluster runs n servers routed to each other and returns once every
// server has a route to every other. Each route runs through a small TCP
// proxy owned by the Cluster, so that Partition can cut the routes between
// a group of servers and the rest, and Heal can restore them: the servers
// see real connection losses and real reconnections, as they would on a
// network that splits. Restarting a member keeps its place in the cluster.
//
// # Goroutines
//
// The package starts no goroutine on import. Shutdown stops what a Server
// or Cluster started and waits for it: the NATS server's goroutines through
// nats-server's own WaitForShutdown, and the route proxies' goroutines,
// which the Cluster owns. The package's tests check with goleak that
// nothing is left running.
package embedded
