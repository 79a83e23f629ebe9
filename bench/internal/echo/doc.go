// Package echo runs the suite's loopback echo workloads: an echo server in
// one child process and a Go load client in another, both re-executed
// from the running binary as hidden subcommands.
//
// # Servers
//
// Each echo server is a [Server] registered under a name with [Register]:
// "net" (a goroutine per connection and a 4 KB buffer), "gnet" (gnet v2,
// one event loop) and "nbio" (nbio, one poller). A server for another
// system is one more file in this package whose init function registers
// it; until "actorio" is registered, the suite reports actorio's echo
// workloads as not applicable.
//
// # Processes
//
// [Funcs] returns the suite implementations of the echo workloads for a
// server. Each run starts "echo-server" pinned to one CPU with
// GOMAXPROCS=1 and "echo-client" pinned to another (with taskset, when it
// is available: see [Placement]), drives both through lines on their
// standard input and output, reads the server's CPU time and RSS before
// and after the measured phase, and always stops and waits for both
// processes. A binary
// that runs echo workloads must call proc.RunIfChild first thing in main
// (or in TestMain), so that the children it starts run the subcommands.
//
// # Checks
//
// Every request carries its sequence number and connection number, and
// the client compares each response with its request byte for byte. A
// mismatch or an I/O error fails the run.
package echo
