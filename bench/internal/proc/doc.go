// Package proc runs the benchmark binary's child processes: the servers,
// clients and nodes of the workloads that measure more than one process
// (the loopback echo and the remote messaging workloads).
//
// # Subcommands
//
// A package that needs children registers hidden subcommands with
// [Register], from an init function. The harness re-executes the running
// binary with a subcommand's name as its first argument; [RunIfChild],
// called first thing in main (or in TestMain), runs it and exits.
//
// # Children
//
// [Start] runs a subcommand with GOMAXPROCS=1, pinned to one of two CPUs
// when [Place] could pin (with taskset). The harness talks to a child in
// lines: commands on its standard input, "key payload" lines on its
// standard output ([LineWriter]). The end of its standard input tells a
// child to stop; [Child.Stop] closes it and waits, and kills a child that
// does not exit in time.
//
// # Measures
//
// [CPUTime] and [ResidentBytes] are what a child reports of itself: its
// user + system CPU time and its resident memory.
package proc
