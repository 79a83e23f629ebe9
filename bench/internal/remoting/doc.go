// Package remoting runs the suite's remote messaging workloads: two actor
// nodes in child processes, a sender and a receiver, and for the systems
// that talk through NATS a NATS server in a third, all re-executed from
// the running binary (see package proc).
//
// # Systems
//
// Each system is a driver with the two sides of every workload it can
// run: "actorio" (package remote over NATS), "protoactor" (protoactor-go
// remote, gRPC), "nats" (raw nats.go, the floor) and "nats-b100" (raw
// nats.go packing 100 messages into each publish, tells only). [Funcs]
// returns a system's suite implementations, and [Systems] the names.
//
// # Processes
//
// The receiver runs pinned to the first CPU, with the NATS server beside
// it; the sender runs pinned to the second; each has GOMAXPROCS=1. The
// harness drives them through lines: "ready" once set up, "go" for the
// sender's measured phase, "stats" for a process's CPU time and the bytes
// its connections wrote and read (the NATS server: its Varz counters),
// "report" for a node's counts and dead letters. Every child is stopped
// and waited for, whatever happens.
//
// # Checks
//
// Every message carries its sequence number and stream number, and bytes
// that depend on the stream; whoever receives it checks all of them, and
// the order. A node that dead-letters or drops a message fails the run.
package remoting
